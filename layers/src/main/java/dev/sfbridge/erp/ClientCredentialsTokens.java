package dev.sfbridge.erp;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sfbridge.observability.Redaction;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

/**
 * Bearer tokens from the ERP's OAuth 2.0 token endpoint (client credentials grant, RFC 6749 §4.4), one
 * kept and reused by every request until shortly before it expires.
 */
final class ClientCredentialsTokens {
    private static final String ENDPOINT = "ERP token endpoint";
    /** Assumed lifetime when the endpoint does not say ({@code expires_in} is only RECOMMENDED); a 401 corrects it. */
    private static final Duration UNSTATED_LIFETIME = Duration.ofMinutes(5);
    /** Renew this long before expiry, so a token does not run out between being read and being checked. */
    private static final Duration RENEW_EARLY = Duration.ofSeconds(30);

    /** The token endpoint did not give a token; {@link #outcome()} says whether to try again. */
    static final class Unavailable extends Exception {
        private final transient Outcome outcome;

        Unavailable(Outcome outcome) {
            super(null, null, false, false);
            this.outcome = outcome;
        }

        Outcome outcome() {
            return outcome;
        }
    }

    private final HttpClient http;
    private final Duration requestTimeout;
    private final Clock clock;
    private ErpSecret.OAuthClientCredentials issuedTo;
    private String token;
    private Instant renewAt;

    ClientCredentialsTokens(HttpClient http, Duration requestTimeout, Clock clock) {
        this.http = http;
        this.requestTimeout = requestTimeout;
        this.clock = clock;
    }

    /** The token in hand if it is for these credentials and not about to expire; otherwise a new one. */
    synchronized String token(ErpSecret.OAuthClientCredentials client) throws Unavailable, InterruptedException {
        if (token != null && issuedTo.equals(client) && clock.instant().isBefore(renewAt)) {
            return token;
        }
        Instant requestedAt = clock.instant();
        HttpResponse<String> response;
        try {
            response = http.send(request(client), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new Unavailable(Outcome.ofNoResponse(ENDPOINT, e));
        }
        if (response.statusCode() != 200) {
            throw new Unavailable(refusal(Outcome.ofError(ENDPOINT, response, clock,
                    text -> Redaction.scrub(text, client.clientSecret(), basicCredential(client)))));
        }
        JsonNode body = Outcome.json(response.body());
        String accessToken = body == null ? "" : body.path("access_token").asText("");
        if (!ErpAuthorization.Header.isHeaderSafe(accessToken)) {
            throw new Unavailable(new Outcome.Failed(200, ENDPOINT + " answered 200 without a usable access_token", null));
        }
        long expiresIn = body.path("expires_in").asLong(0); // some endpoints send the number as a string
        Duration lifetime = expiresIn > 0 ? Duration.ofSeconds(expiresIn) : UNSTATED_LIFETIME;
        issuedTo = client;
        token = accessToken;
        // a short-lived token is renewed at half its life rather than never reused
        renewAt = requestedAt.plus(lifetime.compareTo(RENEW_EARLY.multipliedBy(2)) < 0
                ? lifetime.dividedBy(2) : lifetime.minus(RENEW_EARLY));
        return token;
    }

    /** Drops the token in hand: the ERP refused it (revoked, or the client was rotated). */
    synchronized void forget() {
        token = null;
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
    private static Outcome refusal(Outcome outcome) {
        return outcome instanceof Outcome.Rejected rejected
                ? new Outcome.Unauthorized(rejected.status(), rejected.reason())
                : outcome;
    }

    private static String form(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
