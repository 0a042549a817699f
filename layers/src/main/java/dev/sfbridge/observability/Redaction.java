package dev.sfbridge.observability;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * Masks credentials in text a peer sent back (an error message quoting the request) before it goes into an
 * exception or a log line. Besides the secrets the caller names, in the forms they travel in (as they are,
 * and form-encoded), it masks by shape whatever the peer may have echoed: the credentials of an
 * {@code Authorization} header ({@code Basic}, RFC 7617; {@code Bearer}, RFC 6750) and the secret fields
 * of an OAuth token request, form-encoded or as JSON (RFC 6749 §2.3.1 {@code client_secret}, §4.3.2
 * {@code password}, §6 {@code refresh_token}, RFC 7523 {@code assertion}).
 */
public final class Redaction {
    public static final String MASK = "***";
    /** A scheme, then a token68 (RFC 9110 §11.2) long enough not to be an ordinary word after "basic". */
    private static final Pattern AUTHORIZATION = Pattern.compile("(?i)\\b(Basic|Bearer)(\\s+)[A-Za-z0-9+/._~%-]{8,}=*");
    private static final String SECRET_FIELDS = "client_secret|client_assertion|assertion|password|refresh_token|access_token";
    private static final Pattern FORM_FIELD = Pattern.compile("(?i)\\b(" + SECRET_FIELDS + ")=[^&\\s\"']+");
    private static final Pattern JSON_FIELD = Pattern.compile("(?i)(\"(?:" + SECRET_FIELDS + ")\"\\s*:\\s*\")[^\"]*\"");

    private Redaction() {}

    /** {@code text} without {@code secrets} (each as it is and form-encoded) and without echoed credentials. */
    public static String scrub(String text, String... secrets) {
        if (text == null) {
            return null;
        }
        String scrubbed = text;
        for (String secret : secrets) {
            if (secret != null && !secret.isEmpty()) {
                scrubbed = scrubbed.replace(secret, MASK).replace(URLEncoder.encode(secret, StandardCharsets.UTF_8), MASK);
            }
        }
        scrubbed = AUTHORIZATION.matcher(scrubbed).replaceAll("$1$2" + MASK);
        scrubbed = FORM_FIELD.matcher(scrubbed).replaceAll("$1=" + MASK);
        return JSON_FIELD.matcher(scrubbed).replaceAll("$1" + MASK + "\"");
    }
}
