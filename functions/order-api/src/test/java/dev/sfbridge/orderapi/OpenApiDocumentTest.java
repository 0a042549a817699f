package dev.sfbridge.orderapi;

import static dev.sfbridge.orderapi.OrderApiFixture.billingHistoryEvent;
import static dev.sfbridge.orderapi.OrderApiFixture.json;
import static dev.sfbridge.orderapi.OrderApiFixture.order;
import static dev.sfbridge.orderapi.OrderApiFixture.postEvent;
import static dev.sfbridge.orderapi.OrderApiFixture.recordId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.sfbridge.erp.ErpBilling;
import dev.sfbridge.testing.ErpSimulator;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The OpenAPI document Salesforce External Services registers ({@code openapi/order-api.yaml}) against the real
 * handler: each scenario's request is one the document takes (or, for a bad one, one it refuses too), and each answer,
 * its status, headers and body, is one the document lists for the operation. Every status the document lists is
 * answered by some scenario, so neither side can gain or lose one alone.
 */
class OpenApiDocumentTest {
    private static final OpenApiContract CONTRACT = new OpenApiContract();
    private static final String ACCOUNT = "ACME-0001";
    private static final List<ErpBilling.Bill> BILLS = IntStream.rangeClosed(1, 45)
            .mapToObj(n -> new ErpBilling.Bill("B-%05d".formatted(n), LocalDate.of(2026, 1, 1).plusDays(n),
                    LocalDate.of(2026, 2, 1).plusDays(n), new BigDecimal(n + ".50"), "EUR", n % 2 == 0 ? "PAID" : "OPEN"))
            .toList();
    /**
     * Statuses no scenario here answers: API Gateway's own (403 for a signature it refuses, 429 past the stage's
     * throttling) come before the function; a 500 is a fault of sfbridge's own (CreateOrderTest makes one).
     */
    private static final Set<String> NOT_FROM_THE_HANDLER = Set.of("403", "429", "500");

    /** "METHOD path status" of every answer the scenarios got. */
    private final Set<String> answered = new TreeSet<>();

    @TestFactory
    Stream<DynamicTest> everyRequestAndAnswerOfTheOrdersRouteIsTheDocuments() {
        return Stream.of(
                dynamicTest("a new order with lines: 201, the same again: 200", () -> withFixture(fixture -> {
                    assertStatus(201, exchange(fixture, postEvent(orderWithLines(1), null), true));
                    assertStatus(200, exchange(fixture, postEvent(orderWithLines(1), null), true));
                })),
                dynamicTest("a key's first answer replayed, and the key reused for another order: 422", () -> withFixture(fixture -> {
                    assertStatus(201, exchange(fixture, postEvent(order(2), "key-2"), true));
                    APIGatewayProxyResponseEvent replayed = exchange(fixture, postEvent(order(2), "key-2"), true);
                    assertEquals("true", replayed.getHeaders().get("Idempotent-Replayed"));
                    assertError(422, "idempotency_key_reused", exchange(fixture, postEvent(order(3), "key-2"), true));
                })),
                dynamicTest("a key with spaces inside taken by both; one at an end refused by both: 400", () -> withFixture(fixture -> {
                    assertStatus(201, exchange(fixture, postEvent(order(11), "order 11 change 2"), true));
                    assertError(400, "invalid_idempotency_key", exchange(fixture, postEvent(order(11), " order 11"), false));
                    assertError(400, "invalid_idempotency_key", exchange(fixture, postEvent(order(11), "order 11 "), false));
                })),
                dynamicTest("an ERP answer without a status: 201 without one", () -> withFixture(fixture -> {
                    fixture.erp.failNext(1, new ErpSimulator.Fault.Respond(201, Map.of("Content-Type", "application/json"),
                            "{\"orderNumber\": \"SO-000012\"}"));
                    APIGatewayProxyResponseEvent created = exchange(fixture, postEvent(order(12), null), true);
                    assertStatus(201, created);
                    assertFalse(json(created).has("status"), created.getBody());
                })),
                dynamicTest("a change older than the ERP's: 409", () -> withFixture(fixture -> {
                    exchange(fixture, postEvent(order(4), null), true);
                    assertError(409, "stale_change", exchange(fixture,
                            postEvent(order(4).replace("2026-11-20T10:00:01.000Z", "2026-11-20T09:00:00Z"), null), true));
                })),
                dynamicTest("the ERP refuses the order: 400 and 422", () -> withFixture(fixture -> {
                    for (int status : new int[] {400, 422}) {
                        fixture.erp.failNext(1, ErpSimulator.Fault.rejected(status, "validation_failed", "amount must be positive"));
                        assertError(status, "erp_rejected", exchange(fixture, postEvent(order(5), null), true));
                    }
                })),
                dynamicTest("bad orders, refused by the document too: 400", () -> withFixture(fixture -> {
                    assertError(400, "malformed_json", exchange(fixture, postEvent("{\"salesforceRecordId\": ", null), false));
                    assertError(400, "invalid_order", exchange(fixture, postEvent("{\"name\": \"no record\"}", null), false));
                    assertError(400, "invalid_order", exchange(fixture,
                            postEvent(order(6).replace("1001.50", "\"1001.50\""), null), false));
                    assertError(400, "invalid_order", exchange(fixture,
                            postEvent(order(6).replace("2026-11-02", "02/11/2026"), null), false));
                    assertError(400, "invalid_idempotency_key", exchange(fixture, postEvent(order(6), "k".repeat(256)), false));
                    assertEquals(0, fixture.erp.requests());
                })),
                dynamicTest("not JSON: 415, refused by the document too", () -> withFixture(fixture -> {
                    APIGatewayProxyRequestEvent text = postEvent(order(7), null);
                    text.setHeaders(Map.of("Content-Type", "text/plain"));
                    assertError(415, "unsupported_media_type", exchange(fixture, text, false));
                })),
                // the body's size is not the schema's to bound: 1,000 lines are an order the document takes
                dynamicTest("over the largest body: 413", () -> withFixture(fixture ->
                        assertError(413, "body_too_large", exchange(fixture, postEvent(orderWithLines(8, 1000), null), true)))),
                dynamicTest("the ERP failing: 503, then its circuit open: 503 with Retry-After", () -> withFixture(fixture -> {
                    fixture.erp.failNext(3 * OrderApiHandler.CIRCUIT_THRESHOLD, ErpSimulator.Fault.unavailable());
                    for (int i = 0; i < OrderApiHandler.CIRCUIT_THRESHOLD; i++) {
                        assertError(503, "erp_unavailable", exchange(fixture, postEvent(order(9), null), true));
                    }
                    APIGatewayProxyResponseEvent open = exchange(fixture, postEvent(order(9), null), true);
                    assertError(503, "erp_unavailable", open);
                    assertEquals("15", open.getHeaders().get("Retry-After"));
                })),
                dynamicTest("the ERP past the deadline: 504", () -> withFixture(Duration.ofSeconds(1), fixture -> {
                    fixture.erp.failNext(1, ErpSimulator.Fault.hang());
                    assertError(504, "erp_timeout", exchange(fixture, postEvent(order(10), null), true));
                })),
                dynamicTest("a method the document does not list: 405, Allow the ones it does", () -> withFixture(fixture ->
                        assertNotListed(fixture, new APIGatewayProxyRequestEvent().withHttpMethod("GET").withResource(OrderApi.ORDERS)))),
                dynamicTest("every status the document lists for POST /orders was answered",
                        () -> assertEveryListedStatusAnswered("POST", OrderApi.ORDERS)));
    }

    @TestFactory
    Stream<DynamicTest> everyRequestAndAnswerOfTheBillingHistoryIsTheDocuments() {
        return Stream.of(
                dynamicTest("pages of 20, 20 and 5, the last without a nextPageToken", () -> withFixture(fixture -> {
                    fixture.erp.bills(ACCOUNT, BILLS);
                    List<Integer> sizes = new ArrayList<>();
                    Map<String, String> query = new HashMap<>();
                    JsonNode page;
                    do {
                        APIGatewayProxyResponseEvent answer = exchange(fixture, billingHistoryEvent(ACCOUNT, Map.copyOf(query)), true);
                        assertStatus(200, answer);
                        page = json(answer);
                        sizes.add(page.get("bills").size());
                        query.put("pageToken", page.get("nextPageToken").asText());
                    } while (!page.get("nextPageToken").isNull());
                    assertEquals(List.of(20, 20, 5), sizes);
                    assertStatus(200, exchange(fixture, billingHistoryEvent(ACCOUNT, Map.of("pageSize", "100")), true));
                })),
                dynamicTest("an account the ERP does not know: 404", () -> withFixture(fixture ->
                        assertError(404, "account_not_found", exchange(fixture, billingHistoryEvent("NOBODY-1", Map.of()), true)))),
                dynamicTest("a page token the ERP does not take: 400", () -> withFixture(fixture -> {
                    fixture.erp.bills(ACCOUNT, BILLS);
                    assertError(400, "invalid_page_token", exchange(fixture,
                            billingHistoryEvent(ACCOUNT, Map.of("pageToken", "bm90LWEtbnVtYmVy")), true));
                })),
                dynamicTest("bad queries, refused by the document too: 400", () -> withFixture(fixture -> {
                    for (String size : List.of("0", "101", "twenty")) {
                        assertError(400, "invalid_page_size", exchange(fixture, billingHistoryEvent(ACCOUNT, Map.of("pageSize", size)), false));
                    }
                    assertError(400, "invalid_page_token", exchange(fixture, billingHistoryEvent(ACCOUNT, Map.of("pageToken", "a token")), false));
                    assertError(400, "invalid_account_number", exchange(fixture, billingHistoryEvent("-dash-first", Map.of()), false));
                    assertError(400, "invalid_account_number", exchange(fixture, billingHistoryEvent("A".repeat(65), Map.of()), false));
                    assertEquals(0, fixture.erp.billRequests());
                })),
                dynamicTest("an ERP cursor too long to hand out: 502", () -> withFixture(fixture -> {
                    fixture.erp.bills(ACCOUNT, BILLS);
                    fixture.erp.failNext(1, new ErpSimulator.Fault.Respond(200, Map.of("Content-Type", "application/json"),
                            "{\"bills\": [], \"nextCursor\": \"" + "c".repeat(PageTokens.MAX_CURSOR_BYTES + 1) + "\"}"));
                    assertError(502, "erp_invalid_answer", exchange(fixture, billingHistoryEvent(ACCOUNT, Map.of()), true));
                })),
                dynamicTest("the ERP failing: 503", () -> withFixture(fixture -> {
                    fixture.erp.bills(ACCOUNT, BILLS);
                    fixture.erp.failNext(3, ErpSimulator.Fault.unavailable());
                    assertError(503, "erp_unavailable", exchange(fixture, billingHistoryEvent(ACCOUNT, Map.of()), true));
                })),
                dynamicTest("the ERP past the deadline: 504", () -> withFixture(Duration.ofSeconds(1), fixture -> {
                    fixture.erp.bills(ACCOUNT, BILLS);
                    fixture.erp.failNext(1, ErpSimulator.Fault.hang());
                    assertError(504, "erp_timeout", exchange(fixture, billingHistoryEvent(ACCOUNT, Map.of()), true));
                })),
                dynamicTest("a method the document does not list: 405, Allow the ones it does", () -> withFixture(fixture ->
                        assertNotListed(fixture, new APIGatewayProxyRequestEvent().withHttpMethod("POST")
                                .withResource(OrderApi.BILLING_HISTORY).withPathParameters(Map.of("accountNumber", ACCOUNT))))),
                dynamicTest("every status the document lists for the billing history was answered",
                        () -> assertEveryListedStatusAnswered("GET", OrderApi.BILLING_HISTORY)));
    }

    @Test
    void theDocumentIsOpenApi30WithAnOperationForEachRouteAndNoOther() {
        assertTrue(CONTRACT.document.get("openapi").asText().matches("3\\.0\\.\\d+"), "External Services takes 3.0, not 3.1");
        Set<String> paths = new TreeSet<>();
        CONTRACT.document.get("paths").fieldNames().forEachRemaining(paths::add);
        assertEquals(new TreeSet<>(Set.of(OrderApi.ORDERS, OrderApi.BILLING_HISTORY)), paths);
        assertEquals(List.of("POST"), CONTRACT.methods(OrderApi.ORDERS));
        assertEquals(List.of("GET"), CONTRACT.methods(OrderApi.BILLING_HISTORY));
    }

    @Test
    void theOrderSchemasHaveExactlyTheFieldsTheReaderTakes() {
        assertEquals(new TreeSet<>(OrderBodyReader.ORDER_FIELDS), propertyNames("/components/schemas/Order"));
        assertEquals(new TreeSet<>(OrderBodyReader.LINE_FIELDS), propertyNames("/components/schemas/OrderLine"));
        assertEquals(OrderBodyReader.MAX_LINES, CONTRACT.at("/components/schemas/Order/properties/lines/maxItems").asInt());
        assertEquals(BillingQuery.MAX_PAGE_SIZE, CONTRACT.at(CONTRACT.operation("GET", OrderApi.BILLING_HISTORY)
                + "/parameters/1/schema/maximum").asInt());
    }

    /**
     * What External Services' schema support leaves out (docs/request-reply.md, "Registering in Salesforce"): response
     * headers are not supported, a GET with a request body fails validation; composition and discriminators are not
     * needed here and kept out, so each operation maps to plain Apex types; every operation is named.
     */
    @Test
    void theDocumentKeepsToWhatExternalServicesSupports() {
        List<String> found = new ArrayList<>();
        walk(CONTRACT.document, "", found);
        assertEquals(List.of(), found);
        CONTRACT.document.get("paths").forEach(path -> path.properties().forEach(method -> {
            assertTrue(method.getValue().path("operationId").asText().matches("[a-z][A-Za-z0-9]*"), method.getKey());
            assertFalse(method.getKey().equals("get") && method.getValue().has("requestBody"), "a GET with a request body");
            method.getValue().get("responses").forEach(response -> {
                JsonNode resolved = response.has("$ref") ? CONTRACT.at(response.get("$ref").asText().substring(1)) : response;
                assertNull(resolved.get("headers"), "response headers, which External Services does not support");
                assertEquals(Set.of("application/json"), fieldNames(resolved.get("content")));
            });
        }));
    }

    @Test
    void getOpenApiYamlAnswersTheDocumentTheRepositoryHolds() throws IOException {
        try (OrderApiFixture fixture = new OrderApiFixture();
             InputStream committed = OpenApiDocumentTest.class.getResourceAsStream(OpenApiDocument.RESOURCE)) {
            APIGatewayProxyResponseEvent served = fixture.send(new APIGatewayProxyRequestEvent().withHttpMethod("GET")
                    .withResource(OrderApi.OPENAPI).withPath(OrderApi.OPENAPI));
            APIGatewayProxyResponseEvent posted = fixture.send(new APIGatewayProxyRequestEvent().withHttpMethod("POST")
                    .withResource(OrderApi.OPENAPI).withPath(OrderApi.OPENAPI));

            assertEquals(200, served.getStatusCode());
            assertEquals("application/yaml", served.getHeaders().get("Content-Type"));
            assertEquals(new String(committed.readAllBytes(), StandardCharsets.UTF_8), served.getBody());
            assertEquals(CONTRACT.document, new YAMLMapper().readTree(served.getBody()));
            assertEquals(405, posted.getStatusCode());
            assertEquals("GET", posted.getHeaders().get("Allow"));
        }
    }

    /** The request checked against the document, sent to the handler, and its answer checked against the document. */
    private APIGatewayProxyResponseEvent exchange(OrderApiFixture fixture, APIGatewayProxyRequestEvent request, boolean documentTakesIt) {
        String method = request.getHttpMethod();
        String path = request.getResource();
        List<String> requestProblems = CONTRACT.requestProblems(method, path, request);
        if (documentTakesIt) {
            assertEquals(List.of(), requestProblems, "the document does not take the request");
        } else {
            assertFalse(requestProblems.isEmpty(), "the document takes a request the handler refuses: " + request.getBody());
        }
        APIGatewayProxyResponseEvent response = fixture.send(request);
        assertEquals(List.of(), CONTRACT.responseProblems(method, path, response), response.getBody());
        answered.add(method + " " + path + " " + response.getStatusCode());
        return response;
    }

    private void assertNotListed(OrderApiFixture fixture, APIGatewayProxyRequestEvent request) {
        assertNull(CONTRACT.operation(request.getHttpMethod(), request.getResource()));
        APIGatewayProxyResponseEvent response = fixture.send(request);
        assertError(405, "method_not_allowed", response);
        assertEquals(String.join(", ", CONTRACT.methods(request.getResource())), response.getHeaders().get("Allow"));
    }

    private void assertEveryListedStatusAnswered(String method, String path) {
        Set<String> listed = fieldNames(CONTRACT.at(CONTRACT.operation(method, path) + "/responses")).stream()
                .filter(status -> !NOT_FROM_THE_HANDLER.contains(status))
                .map(status -> method + " " + path + " " + status)
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> answeredHere = answered.stream().filter(a -> a.startsWith(method + " " + path + " "))
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(listed, answeredHere, "the statuses the document lists and the ones the handler answered");
    }

    private static void walk(JsonNode node, String pointer, List<String> found) {
        node.properties().forEach(field -> {
            String at = pointer + "/" + field.getKey();
            if (Set.of("oneOf", "anyOf", "allOf", "not", "discriminator").contains(field.getKey())) {
                found.add(at);
            }
            walk(field.getValue(), at, found);
        });
        for (int i = 0; node.isArray() && i < node.size(); i++) {
            walk(node.get(i), pointer + "/" + i, found);
        }
    }

    private static Set<String> propertyNames(String schema) {
        return new TreeSet<>(fieldNames(CONTRACT.at(schema + "/properties")));
    }

    private static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new TreeSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** Opportunity {@code n}'s order with one line. */
    private static String orderWithLines(int n) {
        return orderWithLines(n, 1);
    }

    private static String orderWithLines(int n, int lines) {
        String line = """
                {"salesforceLineItemId": "00k00000000%04dAAA", "productCode": "GC1040", "productName": "GenWatt Diesel 10kW",
                 "quantity": 2, "unitPrice": 500.75, "totalPrice": 1001.50}""";
        String all = IntStream.range(0, lines).mapToObj(line::formatted).collect(Collectors.joining(", "));
        return order(n).replaceFirst("}$", ", \"lines\": [" + all + "]}");
    }

    private static void withFixture(Consumer<OrderApiFixture> scenario) {
        withFixture(Duration.ofSeconds(5), scenario);
    }

    private static void withFixture(Duration deadline, Consumer<OrderApiFixture> scenario) {
        try (OrderApiFixture fixture = new OrderApiFixture(deadline)) {
            scenario.accept(fixture);
        }
    }

    private static void assertStatus(int status, APIGatewayProxyResponseEvent response) {
        assertEquals(status, response.getStatusCode(), response.getBody());
    }

    private static void assertError(int status, String error, APIGatewayProxyResponseEvent response) {
        assertStatus(status, response);
        assertEquals(error, json(response).get("error").asText());
    }
}
