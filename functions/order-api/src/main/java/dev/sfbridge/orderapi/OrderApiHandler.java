package dev.sfbridge.orderapi;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import dev.sfbridge.apigateway.ProxyEvents;
import dev.sfbridge.aws.AwsClients;
import dev.sfbridge.config.Env;
import dev.sfbridge.erp.HttpErpClient;
import dev.sfbridge.erp.SecretsManagerErpCredentials;
import dev.sfbridge.idempotency.DynamoDbIdempotencyStore;
import dev.sfbridge.observability.CircuitLog;
import dev.sfbridge.observability.EmfMetrics;
import dev.sfbridge.observability.JsonLog;
import dev.sfbridge.observability.Metrics;
import dev.sfbridge.retry.CircuitBreaker;
import dev.sfbridge.retry.Retry;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Lambda entry point behind the request-reply API's routes {@code POST /orders} and {@code GET
 * /accounts/{accountNumber}/billing-history}, their OpenAPI document {@code GET /openapi.yaml}, and the same as a
 * SOAP service, {@code POST /soap} with its WSDL {@code GET /soap?wsdl} (REST API, proxy integration, IAM
 * authorization or the JWT authorizer).
 */
public final class OrderApiHandler implements RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> {
    /** The {@code Function} dimension of its metrics. */
    public static final String FUNCTION = "order-api";
    /**
     * Failures in a row that open the ERP's circuit: fewer than the worker's 5, because each one here is a
     * person waiting up to the deadline, and the worker's orders wait in a queue instead.
     */
    static final int CIRCUIT_THRESHOLD = 3;
    /** How long an open circuit answers 503 at once before it lets one request through; doubled by each failed probe. */
    static final Duration CIRCUIT_COOL_DOWN = Duration.ofSeconds(15);
    static final Duration CIRCUIT_MAX_COOL_DOWN = Duration.ofMinutes(2);
    /** The ERP's {@code Retry-After} is waited for up to the deadline divided by this. */
    static final int MAX_RETRY_AFTER_SHARE = 5;
    /** A host name or address, with a port or without. */
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9.-]{1,253}(:[0-9]{1,5})?");
    private static final Pattern PATH = Pattern.compile("(/[A-Za-z0-9._~-]+)+");

    private final OrderApi api;

    public OrderApiHandler() {
        this(OrderApiConfig.from(Env.system()));
    }

    private OrderApiHandler(OrderApiConfig config) {
        this(config, idempotencyTableClient(), new HttpErpClient(config.erpBaseUrl(),
                        new SecretsManagerErpCredentials(AwsClients.secretsManager(), config.erpSecretId()), erpSettings(config)),
                JsonLog.stdout(), EmfMetrics.stdout(FUNCTION), Clock.systemUTC());
    }

    /** @param erp the ERP's order and billing API: {@link #erpSettings} keeps its attempts within the deadline */
    public OrderApiHandler(OrderApiConfig config, DynamoDbClient dynamoDb, HttpErpClient erp, JsonLog log, Metrics metrics,
                           Clock clock) {
        // one circuit per ERP base URL, for as long as this container lives
        CircuitBreaker circuit = new CircuitBreaker(config.erpBaseUrl().toString(), CIRCUIT_THRESHOLD, CIRCUIT_COOL_DOWN,
                CIRCUIT_MAX_COOL_DOWN, clock, CircuitLog.of(log, metrics));
        // no retries of our own around the SDK's: its client's call timeout is the key's whole budget
        Retry awsRetry = Retry.withJitter(1, Duration.ofMillis(20), Duration.ofMillis(200));
        this.api = new OrderApi(erp, erp, circuit,
                new IdempotencyKeys(new DynamoDbIdempotencyStore(dynamoDb, config.idempotencyTable(), config.keyRetention(), awsRetry), clock),
                config.maxBodyBytes(), config.deadline(), log, metrics);
    }

    /**
     * The idempotency table's client: the SDK's timeouts and standard retries within 1 s a call, where the other
     * functions allow 10 s. A claim is made before the ERP is called, so each of its milliseconds is the ERP's
     * less; one that cannot be made in 1 s is answered 503 {@code idempotency_unavailable}.
     */
    private static DynamoDbClient idempotencyTableClient() {
        return AwsClients.configured(DynamoDbClient.builder())
                .overrideConfiguration(c -> c.apiCallAttemptTimeout(Duration.ofMillis(500)).apiCallTimeout(Duration.ofSeconds(1)))
                .build();
    }

    /**
     * The worker's ERP settings, with each request's timeout the deadline at most: a slow ERP is cut off by the
     * deadline anyway, and a 503 retried after a short pause can still be answered in time. The ERP's {@code
     * Retry-After} is waited for only up to a fifth of the deadline (1 s of 5 s): a longer one would leave the retry
     * no time, and the person waiting a 504 at the deadline, where a 503 at once says the ERP is busy.
     */
    public static HttpErpClient.Settings erpSettings(OrderApiConfig config) {
        HttpErpClient.Settings defaults = HttpErpClient.Settings.defaults();
        Duration request = shorter(config.deadline(), defaults.requestTimeout());
        return new HttpErpClient.Settings(defaults.connectTimeout(), request, defaults.maxAttempts(), defaults.backoff(),
                shorter(config.deadline().dividedBy(MAX_RETRY_AFTER_SHARE), defaults.maxRetryAfter()), defaults.pause(),
                defaults.clock(), defaults.transport());
    }

    private static Duration shorter(Duration a, Duration b) {
        return a.compareTo(b) < 0 ? a : b;
    }

    @Override
    public APIGatewayProxyResponseEvent handleRequest(APIGatewayProxyRequestEvent event, Context context) {
        ApiResponse response = api.handle(new ApiRequest(
                event.getHttpMethod(),
                event.getResource(),
                event.getPathParameters(),
                event.getQueryStringParameters(),
                ProxyEvents.header(event, "Content-Type"),
                ProxyEvents.header(event, "Idempotency-Key"),
                event.getBody(),
                Boolean.TRUE.equals(event.getIsBase64Encoded()),
                caller(event),
                ProxyEvents.requestId(event, context),
                address(event)));
        return new APIGatewayProxyResponseEvent().withStatusCode(response.status()).withHeaders(response.headers()).withBody(response.body());
    }

    /**
     * Who made the request, as API Gateway authenticated it: the IAM identity that signed it ({@code identity.userArn},
     * RequestReplyAuth {@code AWS_IAM}), else the subject the JWT authorizer accepted ({@code authorizer.principalId},
     * {@code JwtAuthorizer}), marked {@code jwt:} so that it can never equal an ARN; null when neither is given. Keys
     * of idempotency are per caller: under the JWT authorizer, without the subject, every caller shared one set.
     */
    static String caller(APIGatewayProxyRequestEvent event) {
        APIGatewayProxyRequestEvent.ProxyRequestContext context = event.getRequestContext();
        if (context == null) {
            return null;
        }
        if (context.getIdentity() != null && context.getIdentity().getUserArn() != null) {
            return context.getIdentity().getUserArn();
        }
        Object principal = context.getAuthorizer() == null ? null : context.getAuthorizer().get("principalId");
        return principal instanceof String subject && !subject.isBlank() ? "jwt:" + subject : null;
    }

    /**
     * Where the request was sent: API Gateway's domain name and full path (the stage's, or a custom domain's base
     * path, included) and the scheme it was reached by; the {@code Host} header and the event's path where those are
     * not given (the local stack). Null unless they make a plain URL: the WSDL quotes it.
     */
    static URI address(APIGatewayProxyRequestEvent event) {
        APIGatewayProxyRequestEvent.ProxyRequestContext context = event.getRequestContext();
        String domain = context == null ? null : context.getDomainName();
        String host = domain != null ? domain : ProxyEvents.header(event, "Host");
        String path = context != null && context.getPath() != null ? context.getPath() : event.getPath();
        String proto = ProxyEvents.header(event, "X-Forwarded-Proto");
        String scheme = "http".equalsIgnoreCase(proto) || "https".equalsIgnoreCase(proto) ? proto.toLowerCase(Locale.ROOT)
                : domain != null ? "https" : "http";
        if (host == null || path == null || !HOST.matcher(host).matches() || !PATH.matcher(path).matches()) {
            return null;
        }
        return URI.create(scheme + "://" + host + path);
    }
}
