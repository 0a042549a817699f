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
import java.time.Clock;
import java.time.Duration;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Lambda entry point behind the request-reply API's routes {@code POST /orders} and {@code GET
 * /accounts/{accountNumber}/billing-history}, and their OpenAPI document {@code GET /openapi.yaml} (REST API, proxy
 * integration, IAM authorization).
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
     * deadline anyway, and a 503 retried after a short pause can still be answered in time.
     */
    public static HttpErpClient.Settings erpSettings(OrderApiConfig config) {
        HttpErpClient.Settings defaults = HttpErpClient.Settings.defaults();
        Duration request = config.deadline().compareTo(defaults.requestTimeout()) < 0 ? config.deadline() : defaults.requestTimeout();
        return defaults.withTimeouts(defaults.connectTimeout(), request);
    }

    @Override
    public APIGatewayProxyResponseEvent handleRequest(APIGatewayProxyRequestEvent event, Context context) {
        String caller = event.getRequestContext() == null || event.getRequestContext().getIdentity() == null
                ? null : event.getRequestContext().getIdentity().getUserArn();
        ApiResponse response = api.handle(new ApiRequest(
                event.getHttpMethod(),
                event.getResource(),
                event.getPathParameters(),
                event.getQueryStringParameters(),
                ProxyEvents.header(event, "Content-Type"),
                ProxyEvents.header(event, "Idempotency-Key"),
                event.getBody(),
                Boolean.TRUE.equals(event.getIsBase64Encoded()),
                caller,
                ProxyEvents.requestId(event, context)));
        return new APIGatewayProxyResponseEvent().withStatusCode(response.status()).withHeaders(response.headers()).withBody(response.body());
    }
}
