package dev.sfbridge.erp;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sfbridge.cache.Cached;
import dev.sfbridge.observability.Redaction;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Bearer tokens from the ERP's OAuth 2.0 token endpoint (client credentials grant, RFC 6749 §4.4), one
 * kept and reused by every request until shortly before it expires. Callers that find it due share one
 * token request; if that request fails while the token in hand has not yet expired, they go on with it.
 * The token is kept for one client: credentials read anew (rotated) start a cache of their own.
 */
final class ClientCredentialsTokens {
    private static final String ENDPOINT = "ERP token endpoint";
    /** Assumed lifetime when the endpoint does not say ({@code expires_in} is only RECOMMENDED); a 401 corrects it. */
    private static final Duration UNSTATED_LIFETIME = Duration.ofMinutes(5);
    /** Renew this long before expiry, so a token does not run out between being read and being checked. */
    private static final Duration RENEW_EARLY = Duration.ofSeconds(30);

    /** The token endpoint did not give a token; {@link #answer()} says whether to try again. */
    static final class Unavailable extends Exception {
        private final transient ErpAnswer answer;

        Unavailable(ErpAnswer answer) {
            super(null, null, false, false);
            this.answer = answer;
        }

        ErpAnswer answer() {
            return answer;
        }
    }

    /** A token and how long it is used: until shortly before it expires, and up to its expiry if renewing fails. */
    record Token(String value, Cached.Lifetime lifetime) {
        @Override
        public String toString() {
            return "Token[***, " + lifetime + "]";
        }
    }

    private record ForClient(ErpSecret.OAuthClientCredentials client, Cached<Token, Unavailable> tokens) {}

    private final HttpClient http;
    private final Duration requestTimeout;
    private final Clock clock;
    private final AtomicReference<ForClient> forClient = new AtomicReference<>();

    ClientCredentialsTokens(HttpClient http, Duration requestTimeout, Clock clock) {
        this.http = http;
        this.requestTimeout = requestTimeout;
        this.clock = clock;
    }

    /** The token in hand if it is for these credentials and not about to expire; otherwise a new one. */
    Token token(ErpSecret.OAuthClientCredentials client) throws Unavailable, InterruptedException {
        return forClient.updateAndGet(held -> held != null && held.client().equals(client) ? held
                : new ForClient(client, new Cached<>(() -> fetch(client), Unavailable.class, Token::lifetime, clock)))
                .tokens().get();
    }

    /** Drops {@code refused} if it is still the token in hand: the ERP refused it (revoked, or the client was rotated). */
    void refused(Token refused) {
        ForClient held = forClient.get();
        if (held != null) {
            held.tokens().invalidate(refused);
        }
    }

    private Token fetch(ErpSecret.OAuthClientCredentials client) throws Unavailable, InterruptedException {
        HttpResponse<String> response;
        try {
            response = http.send(request(client), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new Unavailable(ErpAnswer.ofNoResponse(ENDPOINT, e));
        }
        if (response.statusCode() != 200) {
            throw new Unavailable(refusal(ErpAnswer.ofError(ENDPOINT, response, clock,
                    text -> Redaction.scrub(text, client.clientSecret(), basicCredential(client)))));
        }
        JsonNode body = ErpJson.object(response.body());
        String accessToken = body == null ? "" : body.path("access_token").asText("");
        if (!ErpAuthorization.Header.isHeaderSafe(accessToken)) {
            throw new Unavailable(new ErpAnswer.Failed(200, ENDPOINT + " answered 200 without a usable access_token", null));
        }
        long expiresIn = body.path("expires_in").asLong(0); // some endpoints send the number as a string
        Duration lifetime = expiresIn > 0 ? Duration.ofSeconds(expiresIn) : UNSTATED_LIFETIME;
        // a short-lived token is renewed at half its life rather than never reused
        Duration renewAfter = lifetime.compareTo(RENEW_EARLY.multipliedBy(2)) < 0
                ? lifetime.dividedBy(2) : lifetime.minus(RENEW_EARLY);
        return new Token(accessToken, new Cached.Lifetime(renewAfter, lifetime.minus(renewAfter)));
    }

    private HttpRequest request(ErpSecret.OAuthClientCredentials client) {
        return HttpRequest.newBuilder(client.tokenUrl())
                .timeout(requestTimeout)
                .header("Authorization", "Basic " + basicCredential(client))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials"))
                .build();
    }

    /** RFC 6749 §2.3.1: ID and secret are form-encoded before they are joined for Basic authentication. */
    private static String basicCredential(ErpSecret.OAuthClientCredentials client) {
        return Base64.getEncoder().encodeToString((form(client.clientId()) + ":" + form(client.clientSecret()))
                .getBytes(StandardCharsets.UTF_8));
    }

    /**
     * A token endpoint refuses bad client credentials with 400 or 401 ({@code invalid_client}, RFC 6749
     * §5.2): like the ERP's own 401, worth one try with the secret read again, then final.
     */
    private static ErpAnswer refusal(ErpAnswer answer) {
        return answer instanceof ErpAnswer.Rejected rejected
                ? new ErpAnswer.Unauthorized(rejected.status(), rejected.reason())
                : answer;
    }

    private static String form(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
