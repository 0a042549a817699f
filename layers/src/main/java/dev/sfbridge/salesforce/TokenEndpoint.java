package dev.sfbridge.salesforce;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sfbridge.observability.JsonLog;
import dev.sfbridge.observability.Metric;
import dev.sfbridge.observability.Metrics;
import dev.sfbridge.observability.Redaction;
import dev.sfbridge.salesforce.SalesforceException.Kind;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * {@code POST {loginUrl}/services/oauth2/token}: one token request in the configured flow, with the
 * connected app's secret read for it. The answer's {@code access_token} comes with the {@code instance_url}
 * it is good for; there is no refresh token in these flows, so a new token is a new request.
 *
 * <p>A refusal (400 {@code invalid_grant}, {@code invalid_client}) is {@link Kind#RETRYABLE}: it means the
 * connected app, its user or the secret needs an administrator, and the callbacks wait in their queue
 * until then rather than being given up.
 */
public final class TokenEndpoint implements TokenSource {
    private final SalesforceHttp http;
    private final URI loginUrl;
    private final OAuthFlow flow;
    private final ConnectedAppSecret.Source secret;
    private final JsonLog log;
    private final Metrics metrics;
    private final Clock clock;

    /**
     * @param loginUrl {@code https://login.salesforce.com} (production), {@code https://test.salesforce.com}
     *                 (sandbox) or the org's My Domain URL (required by the client credentials flow); the JWT's
     *                 audience too
     */
    public TokenEndpoint(SalesforceHttp http, URI loginUrl, OAuthFlow flow, ConnectedAppSecret.Source secret, JsonLog log,
                         Metrics metrics, Clock clock) {
        this.http = http;
        this.loginUrl = loginUrl;
        this.flow = flow;
        this.secret = secret;
        this.log = log;
        this.metrics = metrics;
        this.clock = clock;
    }

    @Override
    public AccessToken fetch() throws SalesforceException {
        Instant started = clock.instant();
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("flow", flow.configName());
        fields.put("loginHost", loginUrl.getHost());
        // counted whatever the answer: a refused request is a refresh tried, and a storm of them is what to see
        metrics.count(Metric.TOKEN_REFRESHES);
        try {
            AccessToken token = request();
            fields.put("outcome", "issued");
            fields.put("instanceHost", token.instanceUrl().getHost());
            log.info("salesforce token", withDuration(fields, started));
            return token;
        } catch (SalesforceException e) {
            fields.put("outcome", "failed");
            fields.put("status", e.status());
            fields.put("reason", e.getMessage());
            log.error("salesforce token", withDuration(fields, started));
            throw e;
        }
    }

    private AccessToken request() throws SalesforceException {
        String form = flow.form(secret.read(), loginUrl, clock.instant()).entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpRequest request = http.request(loginUrl.resolve("/services/oauth2/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build();
        HttpResponse<String> response = http.send(request);
        JsonNode body = SalesforceHttp.jsonObject(response.body());
        if (response.statusCode() != 200) {
            // error and error_description name the problem (invalid_grant: user hasn't approved this consumer); a proxy
            // or a misbehaving endpoint may quote the request's form in them, so its secrets are masked
            throw new SalesforceException(Kind.RETRYABLE, response.statusCode(), Redaction.scrub("the token endpoint refused the %s request: %s %s"
                    .formatted(flow.configName(), body.path("error").asText("HTTP " + response.statusCode()),
                            body.path("error_description").asText("")).strip()));
        }
        String accessToken = body.path("access_token").asText("");
        String instanceUrl = body.path("instance_url").asText("");
        if (accessToken.isBlank() || instanceUrl.isBlank()) {
            throw new SalesforceException(Kind.RETRYABLE, 200, "the token endpoint's answer has no access_token or instance_url");
        }
        try {
            return new AccessToken(URI.create(instanceUrl), accessToken, AccessToken.Source.OAUTH);
        } catch (IllegalArgumentException e) {
            throw new SalesforceException(Kind.RETRYABLE, 200, "the token endpoint's instance_url is not a URL, or its access_token not a header value");
        }
    }

    private Map<String, Object> withDuration(Map<String, Object> fields, Instant started) {
        fields.put("durationMs", Duration.between(started, clock.instant()).toMillis());
        return fields;
    }
}
