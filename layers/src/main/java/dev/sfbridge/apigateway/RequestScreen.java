package dev.sfbridge.apigateway;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;

/**
 * What a route behind API Gateway checks before it reads a body, the same way for every route: the method,
 * the media type, and the body's exact bytes within a size. Each route turns a {@link Refused} into its own
 * answer (the listener into a 405, a 415 or a SOAP fault; the JSON routes into their error body with the
 * refusal's {@link Refused#status()} and {@link Refused#explanation()}).
 *
 * <ul>
 *   <li>The method is compared case-sensitively: RFC 9110 section 9.1 makes the method token case-sensitive,
 *       so {@code post} is another method, not POST.</li>
 *   <li>The media type is the Content-Type's type and subtype, compared case-insensitively and without its
 *       parameters (RFC 9110 section 8.3.1): {@code Text/XML; charset=utf-8} is {@code text/xml}, and
 *       {@code text/xmlx} or {@code application/json-seq} are other types.</li>
 *   <li>A body API Gateway marks base64 (a binary media type) is decoded with the strict RFC 4648 decoder:
 *       API Gateway never wraps lines, so anything outside the alphabet means the body is not what was
 *       sent, and is refused rather than skipped as a MIME decoder would.</li>
 *   <li>The size bounds the decoded bytes; a base64 string longer than the encoding of the largest accepted
 *       body is refused before it is decoded. A text body is measured in UTF-8, as it travelled.</li>
 * </ul>
 */
public final class RequestScreen {
    /** Why a request was refused; each route maps it to its status and words. */
    public enum Problem {
        METHOD_NOT_ALLOWED, UNSUPPORTED_MEDIA_TYPE, BODY_TOO_LARGE, BAD_BASE64;

        /** The reason code both routes log and answer with. */
        public String reasonCode() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The request fails one of the checks. */
    public static final class Refused extends Exception {
        private final Problem problem;
        private final String mediaType;
        private final String explanation;

        Refused(Problem problem, String mediaType, String explanation) {
            super(problem.reasonCode(), null, false, false);
            this.problem = problem;
            this.mediaType = mediaType;
            this.explanation = explanation;
        }

        /** The HTTP status a JSON route answers with: 405, 415, 413 or 400. */
        public int status() {
            return switch (problem) {
                case METHOD_NOT_ALLOWED -> 405;
                case UNSUPPORTED_MEDIA_TYPE -> 415;
                case BODY_TOO_LARGE -> 413;
                case BAD_BASE64 -> 400;
            };
        }

        /** Words for the caller: what the route takes instead ("only POST is served here"). */
        public String explanation() {
            return explanation;
        }

        public Problem problem() {
            return problem;
        }

        /** The media type the request named, lower case without parameters ("" when none). */
        public String mediaType() {
            return mediaType;
        }
    }

    private final String method;
    private final String mediaType;
    private final int maxBodyBytes;

    /**
     * @param method       the one method served, such as {@code POST}
     * @param mediaType    the one media type accepted, such as {@code text/xml}
     * @param maxBodyBytes the largest body accepted, in bytes once decoded
     */
    public RequestScreen(String method, String mediaType, int maxBodyBytes) {
        this.method = method;
        this.mediaType = mediaType.toLowerCase(Locale.ROOT);
        this.maxBodyBytes = maxBodyBytes;
    }

    public int maxBodyBytes() {
        return maxBodyBytes;
    }

    /** The body's bytes of a request that passes every check. */
    public byte[] bytes(ProxyRequest request) throws Refused {
        return bytes(request.method(), request.contentType(), request.body(), request.base64Encoded());
    }

    /**
     * @param body          as API Gateway hands it over: text, or base64 when {@code base64Encoded}; null is empty
     * @return the body's bytes, empty when there is none
     */
    public byte[] bytes(String requestMethod, String contentType, String body, boolean base64Encoded) throws Refused {
        String requestMediaType = mediaType(contentType);
        if (!method.equals(requestMethod)) {
            throw new Refused(Problem.METHOD_NOT_ALLOWED, requestMediaType, "only " + method + " is served here");
        }
        if (!mediaType.equals(requestMediaType)) {
            throw new Refused(Problem.UNSUPPORTED_MEDIA_TYPE, requestMediaType, "the body must be " + mediaType);
        }
        String text = body == null ? "" : body;
        if (text.length() > (base64Encoded ? encodedLength(maxBodyBytes) : maxBodyBytes)) {
            // a longer string cannot hold an accepted body: refused before it is decoded or copied
            throw tooLarge(requestMediaType);
        }
        byte[] bytes;
        if (base64Encoded) {
            try {
                bytes = Base64.getDecoder().decode(text);
            } catch (IllegalArgumentException e) {
                throw new Refused(Problem.BAD_BASE64, requestMediaType, "the body is marked base64 but is not");
            }
        } else {
            bytes = text.getBytes(StandardCharsets.UTF_8);
        }
        if (bytes.length > maxBodyBytes) {
            throw tooLarge(requestMediaType);
        }
        return bytes;
    }

    private Refused tooLarge(String requestMediaType) {
        return new Refused(Problem.BODY_TOO_LARGE, requestMediaType, "the body is larger than " + maxBodyBytes + " bytes");
    }

    /** The type and subtype of a Content-Type, lower case, without parameters; "" for none. */
    public static String mediaType(String contentType) {
        return contentType == null ? "" : contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
    }

    /** The length of the padded base64 encoding of {@code bytes} bytes: the longest any such body has. */
    static long encodedLength(int bytes) {
        return 4L * ((bytes + 2L) / 3);
    }
}
