package dev.sfbridge.orderapi;

import static dev.sfbridge.orderapi.OrderApiFixture.json;
import static dev.sfbridge.orderapi.OrderApiFixture.order;
import static dev.sfbridge.orderapi.OrderApiFixture.recordId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every bad request gets a 4xx whose error code and words say what is wrong, and nothing reaches the ERP. */
class BadRequestsTest {
    private static final String ID = recordId(1);

    @AutoClose
    private final OrderApiFixture fixture = new OrderApiFixture();

    static Stream<Arguments> badOrders() {
        return Stream.of(
                Arguments.of("{\"salesforceRecordId\": ", "malformed_json", "not JSON"),
                Arguments.of("{\"salesforceRecordId\": \"" + ID + "\"} {}", "malformed_json", "not JSON"),
                Arguments.of("[" + order(1) + "]", "malformed_json", "a JSON object"),
                Arguments.of("\"" + ID + "\"", "malformed_json", "a JSON object"),
                Arguments.of("", "malformed_json", "a JSON object"),
                Arguments.of("{}", "invalid_order", "salesforceRecordId is required"),
                Arguments.of("{\"salesforceRecordId\": null}", "invalid_order", "salesforceRecordId is required"),
                Arguments.of("{\"salesforceRecordId\": 6}", "invalid_order", "salesforceRecordId must be a string"),
                Arguments.of("{\"salesforceRecordId\": \"006000000000001\\u0000AA\"}", "invalid_order", "must be a Salesforce ID"),
                Arguments.of("{\"salesforceRecordId\": \"006000000000001XXX\"}", "invalid_order", "must be a Salesforce ID"),
                Arguments.of(with("\"amount\": \"1001.50\""), "invalid_order", "amount must be a JSON number"),
                Arguments.of(with("\"amount\": true"), "invalid_order", "amount must be a JSON number"),
                Arguments.of(with("\"closeDate\": \"02/11/2026\""), "invalid_order", "closeDate must be a date"),
                Arguments.of(with("\"closeDate\": 20261102"), "invalid_order", "closeDate must be a string"),
                Arguments.of(with("\"sourceModifiedAt\": \"2026-11-20T10:00:01\""), "invalid_order", "sourceModifiedAt must be a time with an offset"),
                Arguments.of(with("\"name\": \"" + "x".repeat(256) + "\""), "invalid_order", "name must be a string of at most 255"),
                Arguments.of(with("\"stageName\": \"Closed Won\""), "invalid_order", "'stageName' is not a field of an order"),
                Arguments.of(with("\"ownerId\": \"Ada\""), "invalid_order", "ownerId must be a Salesforce ID"),
                Arguments.of(with("\"lines\": {}"), "invalid_order", "lines must be an array"),
                Arguments.of(with("\"lines\": [42]"), "invalid_order", "lines[0] must be an object"),
                Arguments.of(with("\"lines\": [{\"productCode\": \"GC1040\"}]"), "invalid_order", "lines[0].salesforceLineItemId is required"),
                Arguments.of(with("\"lines\": [{\"salesforceLineItemId\": \"00k000000000001AAA\", \"qty\": 2}]"), "invalid_order",
                        "lines[0].'qty' is not a field of an order line"),
                Arguments.of(with("\"lines\": [{\"salesforceLineItemId\": \"00k000000000001AAA\", \"quantity\": \"2\"}]"), "invalid_order",
                        "lines[0].quantity must be a JSON number"),
                Arguments.of(with("\"lines\": [" + "{\"salesforceLineItemId\": \"00k000000000001AAA\"},".repeat(OrderBodyReader.MAX_LINES)
                        + "{\"salesforceLineItemId\": \"00k000000000001AAA\"}]"), "invalid_order", "at most 1000"));
    }

    @ParameterizedTest
    @MethodSource("badOrders")
    void aBadOrderIs400AndNamesItsFirstProblem(String body, String error, String words) {
        assertRefused(fixture.post(body), 400, error, words);
    }

    @Test
    void anOversizedBodyIs413() {
        String big = with("\"name\": \"" + "x".repeat(200) + "\"").replace("}", " ".repeat(64 * 1024) + "}");
        assertRefused(fixture.post(big), 413, "body_too_large", "larger than 65536 bytes");
    }

    @Test
    void anotherMediaTypeIs415() {
        assertRefused(send("POST", "text/xml", order(1), false), 415, "unsupported_media_type", "application/json");
    }

    @Test
    void aGetOfOrdersIs405WithAllow() {
        APIGatewayProxyResponseEvent response = send("GET", null, null, false);
        assertRefused(response, 405, "method_not_allowed", "only POST");
        assertEquals("POST", response.getHeaders().get("Allow"));
    }

    @Test
    void aBase64BodyIsReadAndABrokenOneIs400() {
        assertRefused(send("POST", "application/json", "not*base64", true), 400, "bad_base64", "base64");
        String encoded = Base64.getEncoder().encodeToString(order(1).getBytes(StandardCharsets.UTF_8));
        assertEquals(201, send("POST", "application/json; charset=UTF-8", encoded, true).getStatusCode());
    }

    @Test
    void anIdempotencyKeyThatIsNotOneIs400() {
        assertRefused(fixture.post(order(1), "k".repeat(256)), 400, "invalid_idempotency_key", "1 to 255 printable ASCII");
        assertRefused(fixture.post(order(1), "tab\tinside"), 400, "invalid_idempotency_key", "printable ASCII");
        assertRefused(fixture.post(order(1), " leading"), 400, "invalid_idempotency_key", "spaces only inside it");
        assertRefused(fixture.post(order(1), "trailing "), 400, "invalid_idempotency_key", "spaces only inside it");
    }

    @Test
    void anUnknownRouteIs404() {
        APIGatewayProxyResponseEvent response = fixture.send(new APIGatewayProxyRequestEvent().withHttpMethod("GET")
                .withResource("/orders/{id}").withPathParameters(Map.of("id", ID)));
        assertEquals(404, response.getStatusCode());
    }

    @Test
    void refusalsAreCountedByReasonAndLoggedWithoutTheBody() {
        fixture.post(with("\"name\": \"Secret Deal\", \"amount\": \"12\""));

        assertEquals(Map.of("RequestReplyRefused[Reason=invalid_order]", 1L), fixture.metrics.emitted());
        assertEquals(1, fixture.logLines.size());
        assertTrue(fixture.logLines.getFirst().contains("\"reason\":\"invalid_order\""), fixture.logLines.getFirst());
        assertTrue(!fixture.logLines.getFirst().contains("Secret Deal"), fixture.logLines.getFirst());
    }

    private void assertRefused(APIGatewayProxyResponseEvent response, int status, String error, String words) {
        assertEquals(status, response.getStatusCode(), response.getBody());
        assertEquals("application/json", response.getHeaders().get("Content-Type"));
        assertEquals(error, json(response).get("error").asText(), response.getBody());
        assertTrue(json(response).get("message").asText().contains(words), response.getBody());
        assertEquals(0, fixture.erp.requests(), "nothing reached the ERP");
    }

    private APIGatewayProxyResponseEvent send(String method, String contentType, String body, boolean base64) {
        return fixture.send(new APIGatewayProxyRequestEvent().withHttpMethod(method).withResource(OrderApi.ORDERS)
                .withHeaders(contentType == null ? Map.of() : Map.of("content-type", contentType)).withBody(body)
                .withIsBase64Encoded(base64));
    }

    /** A valid order with one more field, or one field given another value. */
    private static String with(String field) {
        return "{\"salesforceRecordId\": \"" + ID + "\", " + field + "}";
    }
}
