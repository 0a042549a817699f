package dev.sfbridge.orderapi;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sfbridge.erp.ErpBilling;
import dev.sfbridge.erp.ErpClient;
import dev.sfbridge.erp.ErpCredentials;
import dev.sfbridge.erp.HttpErpClient;
import dev.sfbridge.idempotency.DynamoDbIdempotencyStore;
import dev.sfbridge.idempotency.IdempotencyStore;
import dev.sfbridge.observability.JsonLog;
import dev.sfbridge.retry.CircuitBreaker;
import dev.sfbridge.retry.Retry;
import dev.sfbridge.testing.EmbeddedDynamoDb;
import dev.sfbridge.testing.ErpSimulator;
import dev.sfbridge.testing.IdempotencyTable;
import dev.sfbridge.testing.RecordingMetrics;
import dev.sfbridge.testing.TestClock;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The request-reply routes against real wire protocols: the ERP simulator over HTTP, the idempotency table on
 * DynamoDB Local; a clock tests move for the circuit's cool-down. The deadline is on the real clock: the
 * default's 5 s unless a test of the deadline itself wants it shorter.
 */
final class OrderApiFixture implements AutoCloseable {
    static final String CALLER = "arn:aws:iam::123456789012:user/salesforce-integration";
    private static final ObjectMapper JSON = new ObjectMapper();

    final DynamoDbClient dynamoDb = EmbeddedDynamoDb.shared().client();
    final String table = "idempotency-" + UUID.randomUUID();
    final ErpSimulator erp = ErpSimulator.withApiKey("test-erp-key");
    final TestClock clock = new TestClock(Instant.parse("2026-11-27T09:00:00Z"));
    final List<String> logLines = new CopyOnWriteArrayList<>();
    final RecordingMetrics metrics = new RecordingMetrics();
    final OrderApiConfig config;
    final HttpErpClient erpClient;
    final OrderApiHandler handler;

    OrderApiFixture() {
        this(Duration.ofSeconds(5));
    }

    OrderApiFixture(Duration deadline) {
        IdempotencyTable.create(dynamoDb, table);
        config = new OrderApiConfig(table, erp.baseUri(), "unused", deadline, 64 * 1024, Duration.ofHours(24));
        erpClient = new HttpErpClient(erp.baseUri(), ErpCredentials.fixed(erp.secret()),
                OrderApiHandler.erpSettings(config).withPause(d -> { }));
        handler = new OrderApiHandler(config, dynamoDb, erpClient, new JsonLog(logLines::add, clock), metrics, clock);
    }

    /** Opportunity {@code n}'s order as Apex would send it: every field, no lines. */
    static String order(int n) {
        return """
                {"salesforceRecordId": "%s", "salesforceOrgId": "00D000000000001EAA", "customerAccountId": "001000000000001AAA",
                 "name": "Deal %d", "amount": 1001.50, "closeDate": "2026-11-02", "ownerId": "005000000000007AAA",
                 "stage": "Closed Won", "sourceModifiedAt": "2026-11-20T10:00:01.000Z"}""".formatted(recordId(n), n);
    }

    /** Opportunity {@code n}'s ID, 18 characters. */
    static String recordId(int n) {
        return dev.sfbridge.model.SalesforceIds.to18("006%012d".formatted(n));
    }

    APIGatewayProxyResponseEvent post(String body) {
        return post(body, null);
    }

    APIGatewayProxyResponseEvent post(String body, String idempotencyKey) {
        return send(postEvent(body, idempotencyKey));
    }

    /** {@code POST /orders} as API Gateway hands it over, unsigned: {@link #send} signs it. */
    static APIGatewayProxyRequestEvent postEvent(String body, String idempotencyKey) {
        Map<String, String> headers = new HashMap<>();
        headers.put("Content-Type", "application/json");
        if (idempotencyKey != null) {
            headers.put("Idempotency-Key", idempotencyKey);
        }
        return new APIGatewayProxyRequestEvent().withHttpMethod("POST").withResource(OrderApi.ORDERS).withPath("/orders")
                .withHeaders(headers).withBody(body);
    }

    APIGatewayProxyResponseEvent billingHistory(String accountNumber, Map<String, String> query) {
        return send(billingHistoryEvent(accountNumber, query));
    }

    static APIGatewayProxyRequestEvent billingHistoryEvent(String accountNumber, Map<String, String> query) {
        return new APIGatewayProxyRequestEvent().withHttpMethod("GET").withResource(OrderApi.BILLING_HISTORY)
                .withPath("/accounts/" + accountNumber + "/billing-history")
                .withPathParameters(Map.of("accountNumber", accountNumber)).withQueryStringParameters(query);
    }

    APIGatewayProxyResponseEvent soap(byte[] envelope) {
        return soap(envelope, null);
    }

    APIGatewayProxyResponseEvent soap(byte[] envelope, String idempotencyKey) {
        return send(soapEvent("text/xml; charset=utf-8", envelope, idempotencyKey));
    }

    /**
     * {@code POST /soap} as API Gateway hands it over: text/xml is one of the API's binary media types, so the body
     * comes base64-encoded, its bytes as sent.
     */
    static APIGatewayProxyRequestEvent soapEvent(String contentType, byte[] envelope, String idempotencyKey) {
        Map<String, String> headers = new HashMap<>();
        headers.put("Content-Type", contentType);
        headers.put("SOAPAction", "\"urn:sfbridge:orders:v1:createOrder\"");
        if (idempotencyKey != null) {
            headers.put("Idempotency-Key", idempotencyKey);
        }
        return new APIGatewayProxyRequestEvent().withHttpMethod("POST").withResource(OrderApi.SOAP).withPath("/soap")
                .withHeaders(headers).withBody(Base64.getEncoder().encodeToString(envelope)).withIsBase64Encoded(true);
    }

    APIGatewayProxyResponseEvent send(APIGatewayProxyRequestEvent event) {
        event.setRequestContext(new APIGatewayProxyRequestEvent.ProxyRequestContext()
                .withIdentity(new APIGatewayProxyRequestEvent.RequestIdentity().withUserArn(CALLER)));
        return handler.handleRequest(event, null);
    }

    /**
     * The routes' logic alone, for a test that needs an ERP or a key store the wire protocols cannot make: the
     * fixture's log and metrics, a circuit on its clock the test may share between several of these.
     */
    OrderApi api(ErpClient orders, ErpBilling billing, IdempotencyStore store, CircuitBreaker circuit, Duration deadline) {
        return new OrderApi(orders, billing, circuit, new IdempotencyKeys(store, clock), 64 * 1024, deadline,
                new JsonLog(logLines::add, clock), metrics);
    }

    /** The ERP's circuit with the handler's settings, on the fixture's clock. */
    CircuitBreaker circuit() {
        return new CircuitBreaker("erp", OrderApiHandler.CIRCUIT_THRESHOLD, OrderApiHandler.CIRCUIT_COOL_DOWN,
                OrderApiHandler.CIRCUIT_MAX_COOL_DOWN, clock, (name, from, to) -> { });
    }

    /** The idempotency table this fixture made, read and written with one attempt. */
    IdempotencyStore store() {
        return new DynamoDbIdempotencyStore(dynamoDb, table, Duration.ofHours(24),
                Retry.withJitter(1, Duration.ofMillis(1), Duration.ofMillis(1)));
    }

    /** {@code POST /orders} of the caller, as {@link #api} takes it. */
    static ApiRequest orderRequest(String body, String idempotencyKey) {
        return new ApiRequest("POST", OrderApi.ORDERS, Map.of(), Map.of(), "application/json", idempotencyKey, body, false,
                CALLER, "r-1", null);
    }

    /** {@code GET /accounts/ACME-0001/billing-history}, from the page of {@code pageToken} (null: the first). */
    static ApiRequest billingRequest(String pageToken) {
        return new ApiRequest("GET", OrderApi.BILLING_HISTORY, Map.of("accountNumber", "ACME-0001"),
                pageToken == null ? Map.of() : Map.of("pageToken", pageToken), null, null, null, false, CALLER, "r-1", null);
    }

    /** An answer and how long it took, on the real clock. */
    record Timed(APIGatewayProxyResponseEvent response, Duration took) {}

    static Timed timed(Supplier<APIGatewayProxyResponseEvent> request) {
        long started = System.nanoTime();
        APIGatewayProxyResponseEvent response = request.get();
        return new Timed(response, Duration.ofNanos(System.nanoTime() - started));
    }

    static JsonNode json(APIGatewayProxyResponseEvent response) {
        try {
            return JSON.readTree(response.getBody());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        erpClient.close();
        erp.close();
    }
}
