package dev.sfbridge.local;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent.RequestIdentity;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.signer.Aws4Signer;
import software.amazon.awssdk.auth.signer.params.Aws4SignerParams;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.regions.Region;

/**
 * API Gateway's IAM authorization ({@code AWS_IAM}) on localhost: the request's AWS Signature Version 4 checked
 * against one local access key, the way API Gateway checks it before the function runs. The signature is
 * recomputed by the AWS SDK's own signer from the request as received, with only the headers the request signed
 * and its date; each refusal is API Gateway's 403 with its message (docs/request-reply.md, "Locally"). The key
 * may call every route it guards: there is no IAM policy here, the deployed stack's is RequestReplyInvokePolicy.
 *
 * @param region the region a signature's credential scope must name
 * @param clock  what X-Amz-Date is held against
 */
record SigV4Verification(SigV4Verification.AccessKey key, String region, Clock clock) implements RouteAuthorization {
    static final String ALGORITHM = "AWS4-HMAC-SHA256";
    static final String SERVICE = "execute-api";
    /** How far X-Amz-Date may be from the clock, either way, as AWS allows. */
    static final Duration SKEW = Duration.ofMinutes(5);
    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    /** The local IAM user's access key: its secret is shown to the person running the stack, never logged. */
    record AccessKey(String id, String secret, String userArn) {
        static AccessKey random(String accountId) {
            SecureRandom random = new SecureRandom();
            StringBuilder id = new StringBuilder("AKIA");
            String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
            for (int i = 0; i < 16; i++) {
                id.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            byte[] secret = new byte[30];
            random.nextBytes(secret);
            return new AccessKey(id.toString(), Base64.getEncoder().encodeToString(secret),
                    "arn:aws:iam::" + accountId + ":user/sfbridge-local-caller");
        }

        @Override
        public String toString() {
            return "AccessKey[" + id + "]";
        }
    }

    /** The Authorization header's three parts; any may be missing. */
    private record Signed(String credential, String signedHeaders, String signature) {
        static Signed parse(String authorization) {
            Map<String, String> parts = new LinkedHashMap<>();
            for (String part : authorization.substring(ALGORITHM.length()).split(",")) {
                int eq = part.indexOf('=');
                if (eq > 0) {
                    parts.put(part.substring(0, eq).trim(), part.substring(eq + 1).trim());
                }
            }
            return new Signed(parts.get("Credential"), parts.get("SignedHeaders"), parts.get("Signature"));
        }
    }

    @Override
    public Decision decide(Request request) {
        String authorization = request.firstHeader("Authorization");
        if (authorization == null) {
            return new Refused(403, "MissingAuthenticationTokenException", "Missing Authentication Token");
        }
        String amzDate = request.firstHeader("X-Amz-Date");
        if (!authorization.startsWith(ALGORITHM + " ")) {
            return incomplete(new Signed(null, null, null), amzDate);
        }
        Signed signed = Signed.parse(authorization);
        if (signed.credential() == null || signed.signedHeaders() == null || signed.signature() == null || amzDate == null) {
            return incomplete(signed, amzDate);
        }
        String[] scope = signed.credential().split("/", -1);
        if (scope.length != 5 || !scope[4].equals("aws4_request")) {
            return incomplete("Credential should be scoped to a valid region. ");
        }
        if (!scope[0].equals(key.id()) || request.firstHeader("X-Amz-Security-Token") != null) {
            return new Refused(403, "UnrecognizedClientException", "The security token included in the request is invalid.");
        }
        if (!scope[2].equals(region)) {
            return incomplete("Credential should be scoped to a valid region. ");
        }
        if (!scope[3].equals(SERVICE)) {
            return incomplete("Credential should be scoped to correct service: '" + SERVICE + "'. ");
        }
        Instant signedAt;
        try {
            signedAt = Instant.from(AMZ_DATE.parse(amzDate));
        } catch (DateTimeParseException e) {
            return invalid("X-Amz-Date must be in the ISO-8601 'basic format'. Got '" + amzDate + "'. See http://en.wikipedia.org/wiki/ISO_8601");
        }
        if (!amzDate.startsWith(scope[1])) {
            return invalid("Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '"
                    + scope[1] + "' != '" + amzDate.substring(0, 8) + "', from '" + amzDate + "'.");
        }
        Instant now = clock.instant();
        if (signedAt.isBefore(now.minus(SKEW))) {
            return invalid("Signature expired: " + amzDate + " is now earlier than " + AMZ_DATE.format(now.minus(SKEW))
                    + " (" + AMZ_DATE.format(now) + " - 5 min.)");
        }
        if (signedAt.isAfter(now.plus(SKEW))) {
            return invalid("Signature not yet current: " + amzDate + " is still later than " + AMZ_DATE.format(now.plus(SKEW))
                    + " (" + AMZ_DATE.format(now) + " + 5 min.)");
        }
        List<String> signedHeaders = Arrays.asList(signed.signedHeaders().split(";"));
        if (!signedHeaders.contains("host")) {
            return incomplete("'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");
        }
        String contentSha256 = request.firstHeader("X-Amz-Content-Sha256");
        if (contentSha256 != null && !contentSha256.equalsIgnoreCase(sha256(request.body()))) {
            // the payload's hash the client signed is not the body's: the body was changed on the way
            return mismatch();
        }
        String expected = signature(request, signedHeaders, signedAt);
        if (expected == null || !MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                signed.signature().getBytes(StandardCharsets.US_ASCII))) {
            return mismatch();
        }
        return new Allowed(context -> context.withAccountId(key.userArn().split(":")[4])
                .withIdentity(new RequestIdentity().withAccessKey(key.id()).withUserArn(key.userArn())
                        .withUser(key.id()).withAccountId(key.userArn().split(":")[4])));
    }

    /**
     * The signature the SDK's SigV4 signer makes of this request, with the signed headers alone, at the time it
     * was signed; null when the signer would sign other headers than these (one it never signs, such as User-Agent).
     * The SDK's {@code Aws4Signer} rather than its newer {@code AwsV4HttpSigner}: that one always adds and signs
     * {@code x-amz-content-sha256}, so it cannot recompute a signature that left it out (curl's, the SDK's own for
     * execute-api).
     */
    @SuppressWarnings("deprecation")
    private String signature(Request request, List<String> signedHeaders, Instant signedAt) {
        String host = request.firstHeader("Host");
        SdkHttpFullRequest.Builder unsigned = SdkHttpFullRequest.builder()
                .method(SdkHttpMethod.fromValue(request.method()))
                .uri(URI.create("http://" + host + request.rawPath() + (request.rawQuery() == null ? "" : "?" + request.rawQuery())))
                .contentStreamProvider(() -> new ByteArrayInputStream(request.body()));
        for (String name : signedHeaders) {
            unsigned.putHeader(name, request.header(name));
        }
        SdkHttpFullRequest signedRequest = Aws4Signer.create().sign(unsigned.build(), Aws4SignerParams.builder()
                .awsCredentials(AwsBasicCredentials.create(key.id(), key.secret()))
                .signingName(SERVICE)
                .signingRegion(Region.of(region))
                .signingClockOverride(Clock.fixed(signedAt, ZoneOffset.UTC))
                .build());
        Signed recomputed = Signed.parse(signedRequest.firstMatchingHeader("Authorization").orElseThrow());
        return recomputed.signedHeaders().equals(String.join(";", signedHeaders)) ? recomputed.signature() : null;
    }

    private static Refused incomplete(Signed signed, String amzDate) {
        List<String> missing = new ArrayList<>();
        if (signed.credential() == null) {
            missing.add("Authorization header requires 'Credential' parameter.");
        }
        if (signed.signature() == null) {
            missing.add("Authorization header requires 'Signature' parameter.");
        }
        if (signed.signedHeaders() == null) {
            missing.add("Authorization header requires 'SignedHeaders' parameter.");
        }
        if (amzDate == null) {
            missing.add("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.");
        }
        return incomplete(String.join(" ", missing));
    }

    private static Refused incomplete(String message) {
        return new Refused(403, "IncompleteSignatureException", message);
    }

    private static Refused invalid(String message) {
        return new Refused(403, "InvalidSignatureException", message);
    }

    private static Refused mismatch() {
        return invalid("The request signature we calculated does not match the signature you provided. Check your AWS Secret "
                + "Access Key and signing method. Consult the service documentation for details.");
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
