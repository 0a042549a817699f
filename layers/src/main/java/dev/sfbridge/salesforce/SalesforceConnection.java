package dev.sfbridge.salesforce;

import dev.sfbridge.config.Env;
import dev.sfbridge.config.Env.ConfigException;
import dev.sfbridge.model.SalesforceIds;
import dev.sfbridge.observability.JsonLog;
import dev.sfbridge.observability.Metrics;
import dev.sfbridge.retry.Pause;
import dev.sfbridge.retry.Retry;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * How a function reaches the Salesforce org, read once at start from the {@code SALESFORCE_*} variables every
 * function that calls the org shares (docs/callbacks.md lists them with their defaults), and the one place the
 * client and the credentials are built from them.
 *
 * @param organizationId the org the OAuth credentials log in to: a call without a usable session must be for it
 * @param attempts       tries of one HTTP request that got no answer or a 5xx, the first included
 * @param transport      what the JDK's HTTP client is handed through before the calls use it: itself on Lambda; the
 *                       local stack's chaos sees each call through it as a step an invocation may die at
 */
public record SalesforceConnection(String organizationId, String secretId, OAuthFlow authFlow, URI loginUrl, String apiVersion,
                                   Duration connectTimeout, Duration requestTimeout, int attempts,
                                   UnaryOperator<HttpClient> transport) {

    public static final String DEFAULT_LOGIN_URL = "https://login.salesforce.com";
    private static final Pattern API_VERSION = Pattern.compile("\\d{2}\\.0");
    /** The longest wait between two attempts of a request. */
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

    /** The connection with the JDK's HTTP client as it is. */
    public SalesforceConnection(String organizationId, String secretId, OAuthFlow authFlow, URI loginUrl, String apiVersion,
                                Duration connectTimeout, Duration requestTimeout, int attempts) {
        this(organizationId, secretId, authFlow, loginUrl, apiVersion, connectTimeout, requestTimeout, attempts, UnaryOperator.identity());
    }

    public static SalesforceConnection from(Env env) {
        String organizationId = env.required("SALESFORCE_ORG_ID");
        if (!SalesforceIds.isValid(organizationId)) {
            throw new ConfigException("SALESFORCE_ORG_ID is not a Salesforce org ID: " + organizationId);
        }
        String apiVersion = env.optional("SALESFORCE_API_VERSION", HttpSalesforceClient.DEFAULT_API_VERSION);
        if (!API_VERSION.matcher(apiVersion).matches()) {
            throw new ConfigException("SALESFORCE_API_VERSION must look like 62.0, not '" + apiVersion + "'");
        }
        return new SalesforceConnection(
                organizationId,
                env.required("SALESFORCE_SECRET_ID"),
                OAuthFlow.fromConfig(env.optional("SALESFORCE_AUTH_FLOW", OAuthFlow.JWT_BEARER.configName())),
                loginUrl(env.optional("SALESFORCE_LOGIN_URL", DEFAULT_LOGIN_URL)),
                apiVersion,
                Duration.ofMillis(env.integer("SALESFORCE_CONNECT_TIMEOUT_MS", 3_000, 100, 30_000)),
                Duration.ofMillis(env.integer("SALESFORCE_REQUEST_TIMEOUT_MS", 20_000, 500, 120_000)),
                env.integer("SALESFORCE_ATTEMPTS", 3, 1, 10));
    }

    /**
     * The REST client and the credentials for its calls, built once per container: the token and connections outlive
     * invocations. {@code http} is the client's own transport, for the APIs beside REST's (Bulk API 2.0).
     */
    public record Connected(HttpSalesforceClient client, SalesforceAuth auth, SalesforceHttp http) {}

    /** @param pause how retries wait: {@link Pause#SLEEP}, or a recording pause in tests */
    public Connected connect(SecretsManagerClient secretsManager, JsonLog log, Metrics metrics, Pause pause, Clock clock) {
        SalesforceHttp http = http(requestTimeout, pause);
        TokenEndpoint tokens = new TokenEndpoint(http, loginUrl, authFlow, ConnectedAppSecret.fromSecretsManager(secretsManager, secretId),
                log, metrics, clock);
        return new Connected(new HttpSalesforceClient(http, apiVersion), new SalesforceAuth(organizationId, new TokenCache(tokens)), http);
    }

    /**
     * A second client for calls that must give up sooner than the writes (best-effort ones): the same version,
     * connection timeout and retries, its own request timeout. Its calls take their credentials from
     * {@link Connected#auth()} like the first client's.
     */
    public HttpSalesforceClient clientWithRequestTimeout(Duration timeout, Pause pause) {
        return new HttpSalesforceClient(http(timeout, pause), apiVersion);
    }

    /** The same connection, its HTTP client handed through {@code transport} first. */
    public SalesforceConnection withTransport(UnaryOperator<HttpClient> transport) {
        return new SalesforceConnection(organizationId, secretId, authFlow, loginUrl, apiVersion, connectTimeout, requestTimeout, attempts,
                transport);
    }

    /**
     * The longest one request of the client can take before its caller hears of it: every attempt's connection and
     * request timeouts, and the longest wait between two attempts.
     */
    public Duration longestRequest() {
        return longestRequest(requestTimeout);
    }

    /** {@link #longestRequest()} of a client made by {@link #clientWithRequestTimeout} with {@code timeout}. */
    public Duration longestRequest(Duration timeout) {
        return connectTimeout.plus(timeout).multipliedBy(attempts).plus(MAX_BACKOFF.multipliedBy(attempts - 1L));
    }

    private SalesforceHttp http(Duration timeout, Pause pause) {
        return new SalesforceHttp(transport.apply(SalesforceHttp.client(connectTimeout)), timeout,
                new Retry(attempts, BackoffStrategy.exponentialDelay(Duration.ofMillis(200), MAX_BACKOFF), pause));
    }

    private static URI loginUrl(String value) {
        URI uri;
        try {
            uri = URI.create(value.replaceAll("/+$", ""));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("SALESFORCE_LOGIN_URL is not a URL: " + value);
        }
        if (uri.getHost() == null || !("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))) {
            throw new ConfigException("SALESFORCE_LOGIN_URL must be https://login.salesforce.com, https://test.salesforce.com"
                    + " or the org's My Domain URL, not " + value);
        }
        return uri;
    }
}
