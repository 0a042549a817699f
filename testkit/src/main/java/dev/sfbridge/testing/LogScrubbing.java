package dev.sfbridge.testing;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The check that captured lines (log lines, a command's output) hold none of the secrets in play. Each secret
 * is registered with its kind; {@link #assertNoneIn} fails on the first line holding one, naming the line's
 * number and the kind, and showing the line with the secret masked, so the report does not leak it either.
 *
 * <pre>{@code
 * LogScrubbing.of().sessionId(session).apiKey(key).messageBody(body).assertNoneIn(logLines);
 * }</pre>
 */
public final class LogScrubbing {
    /** Shorter values match ordinary text by chance; a test that has one is asked for a realistic secret. */
    private static final int SHORTEST_SECRET = 8;
    /** PEM body lines are 64 characters; the last may be a few: only lines this long are told apart. */
    private static final int SHORTEST_PEM_LINE = 16;

    public enum Kind {
        SESSION_ID("a session ID"),
        ACCESS_TOKEN("an access token"),
        PRIVATE_KEY("a private key"),
        API_KEY("an API key"),
        HMAC_SECRET("an HMAC secret"),
        CLIENT_SECRET("an OAuth client secret"),
        MESSAGE_BODY("a whole message body");

        private final String description;

        Kind(String description) {
            this.description = description;
        }
    }

    private record Secret(Kind kind, String value) {}

    private final Set<Secret> secrets = new LinkedHashSet<>();

    private LogScrubbing() {}

    public static LogScrubbing of() {
        return new LogScrubbing();
    }

    public LogScrubbing sessionId(String... values) {
        return add(Kind.SESSION_ID, List.of(values));
    }

    public LogScrubbing accessToken(String... values) {
        return add(Kind.ACCESS_TOKEN, List.of(values));
    }

    public LogScrubbing accessTokens(Collection<String> values) {
        return add(Kind.ACCESS_TOKEN, values);
    }

    public LogScrubbing apiKey(String... values) {
        return add(Kind.API_KEY, List.of(values));
    }

    public LogScrubbing hmacSecret(String... values) {
        return add(Kind.HMAC_SECRET, List.of(values));
    }

    /** The secret as it is, form-encoded, and inside the Basic credential made of it with {@code clientId} (RFC 6749 §2.3.1). */
    public LogScrubbing clientSecret(String clientId, String secret) {
        String form = URLEncoder.encode(secret, StandardCharsets.UTF_8);
        String basic = Base64.getEncoder().encodeToString((URLEncoder.encode(clientId, StandardCharsets.UTF_8) + ":" + form)
                .getBytes(StandardCharsets.UTF_8));
        return add(Kind.CLIENT_SECRET, List.of(secret, form, basic));
    }

    /** Each line of the key's base64 body, and the body joined: a key logged in pieces or whole. */
    public LogScrubbing privateKeyPem(String pem) {
        List<String> body = pem.lines().map(String::strip).filter(line -> !line.startsWith("-----") && !line.isEmpty()).toList();
        if (body.isEmpty()) {
            throw new IllegalArgumentException("not a PEM: no base64 body");
        }
        List<String> pieces = new ArrayList<>(body.stream().filter(line -> line.length() >= SHORTEST_PEM_LINE).toList());
        pieces.add(String.join("", body));
        return add(Kind.PRIVATE_KEY, pieces);
    }

    /** The body as sent, and as it reads once written into a JSON string (quotes and newlines escaped). */
    public LogScrubbing messageBody(String... bodies) {
        List<String> forms = new ArrayList<>();
        for (String body : bodies) {
            forms.add(body);
            forms.add(new String(JsonStringEncoder.getInstance().quoteAsString(body)));
        }
        return add(Kind.MESSAGE_BODY, forms);
    }

    /** @throws AssertionError naming the first line that holds a secret and the secret's kind */
    public void assertNoneIn(List<String> lines) {
        if (secrets.isEmpty()) {
            throw new IllegalStateException("no secret registered: the check would pass whatever the lines hold");
        }
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            for (Secret secret : secrets) {
                if (line.contains(secret.value())) {
                    throw new AssertionError("line %d of %d holds %s: %s".formatted(i + 1, lines.size(),
                            secret.kind().description, masked(line)));
                }
            }
        }
    }

    /** Every secret of every kind replaced by its kind's name: what a report may show. */
    private String masked(String line) {
        String masked = line;
        for (Secret secret : secrets) {
            masked = masked.replace(secret.value(), "«" + secret.kind().name() + "»");
        }
        return masked;
    }

    private LogScrubbing add(Kind kind, Collection<String> values) {
        for (String value : values) {
            if (value == null || value.length() < SHORTEST_SECRET) {
                throw new IllegalArgumentException(kind.description + " shorter than " + SHORTEST_SECRET
                        + " characters cannot be told apart from ordinary text");
            }
            secrets.add(new Secret(kind, value));
        }
        return this;
    }

}
