package dev.sfbridge.orderapi;

import static dev.sfbridge.orderapi.OrderApiFixture.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.JsonNode;
import dev.sfbridge.erp.ErpBilling;
import dev.sfbridge.testing.ErpSimulator;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** {@code GET /accounts/{accountNumber}/billing-history}: the ERP's bills, a page at a time, stored nowhere. */
class BillingHistoryTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ACCOUNT = "ACME-0001";
    private static final List<ErpBilling.Bill> BILLS = IntStream.rangeClosed(1, 45)
            .mapToObj(n -> new ErpBilling.Bill("B-%05d".formatted(n), LocalDate.of(2026, 1, 1).plusDays(n),
                    LocalDate.of(2026, 2, 1).plusDays(n), new BigDecimal(n + ".50"), "EUR", n % 2 == 0 ? "PAID" : "OPEN"))
            .toList();

    @AutoClose
    private final OrderApiFixture fixture = new OrderApiFixture();

    @Test
    void theHistoryIsReadPageByPageUntilTheLastHasNoToken() {
        fixture.erp.bills(ACCOUNT, BILLS);
        List<String> billNumbers = new ArrayList<>();
        List<Integer> pageSizes = new ArrayList<>();
        String token = null;
        do {
            Map<String, String> query = new HashMap<>(Map.of("pageSize", "20"));
            if (token != null) {
                query.put("pageToken", token);
            }
            APIGatewayProxyResponseEvent page = fixture.billingHistory(ACCOUNT, query);
            assertEquals(200, page.getStatusCode(), page.getBody());
            JsonNode body = json(page);
            assertEquals(ACCOUNT, body.get("accountNumber").asText());
            body.get("bills").forEach(bill -> billNumbers.add(bill.get("billNumber").asText()));
            pageSizes.add(body.get("bills").size());
            token = body.get("nextPageToken").isNull() ? null : body.get("nextPageToken").asText();
        } while (token != null);

        assertEquals(List.of(20, 20, 5), pageSizes);
        assertEquals(BILLS.stream().map(ErpBilling.Bill::billNumber).toList(), billNumbers);
        assertEquals(3, fixture.erp.billRequests());
    }

    @Test
    void aBillIsPassedOnWithItsDatesAndExactAmount() {
        fixture.erp.bills(ACCOUNT, BILLS.subList(0, 1));

        APIGatewayProxyResponseEvent page = fixture.billingHistory(ACCOUNT, Map.of());

        assertEquals("{\"accountNumber\":\"ACME-0001\",\"bills\":[{\"billNumber\":\"B-00001\",\"issuedOn\":\"2026-01-02\","
                + "\"dueOn\":\"2026-02-02\",\"amount\":1.50,\"currency\":\"EUR\",\"status\":\"OPEN\"}],\"nextPageToken\":null}",
                page.getBody());
    }

    @Test
    void theDefaultPageSizeIsTwenty() {
        fixture.erp.bills(ACCOUNT, BILLS);
        assertEquals(BillingQuery.DEFAULT_PAGE_SIZE, json(fixture.billingHistory(ACCOUNT, Map.of())).get("bills").size());
    }

    @Test
    void anAccountTheErpDoesNotKnowIs404() {
        APIGatewayProxyResponseEvent missing = fixture.billingHistory("NOBODY-1", Map.of());

        assertEquals(404, missing.getStatusCode());
        assertEquals("account_not_found", json(missing).get("error").asText());
    }

    @Test
    void aPageTokenTheErpDoesNotTakeIs400() {
        fixture.erp.bills(ACCOUNT, BILLS);

        APIGatewayProxyResponseEvent refused = fixture.billingHistory(ACCOUNT, Map.of("pageToken", "bm90LWEtbnVtYmVy"));

        assertEquals(400, refused.getStatusCode(), refused.getBody());
        assertEquals("invalid_page_token", json(refused).get("error").asText());
    }

    @Test
    void badQueriesAre400WithoutAnErpCall() {
        assertBad(fixture.billingHistory(ACCOUNT, Map.of("pageSize", "0")), "invalid_page_size");
        assertBad(fixture.billingHistory(ACCOUNT, Map.of("pageSize", "101")), "invalid_page_size");
        assertBad(fixture.billingHistory(ACCOUNT, Map.of("pageSize", "twenty")), "invalid_page_size");
        assertBad(fixture.billingHistory(ACCOUNT, Map.of("pageToken", "a token")), "invalid_page_token");
        assertBad(fixture.billingHistory("-dash-first", Map.of()), "invalid_account_number");
        assertBad(fixture.billingHistory("a/b", Map.of()), "invalid_account_number");
        assertBad(fixture.billingHistory("A".repeat(65), Map.of()), "invalid_account_number");
        assertEquals(0, fixture.erp.billRequests());
    }

    @Test
    void aPostIs405WithAllow() {
        APIGatewayProxyResponseEvent response = fixture.send(new APIGatewayProxyRequestEvent().withHttpMethod("POST")
                .withResource(OrderApi.BILLING_HISTORY).withPathParameters(Map.of("accountNumber", ACCOUNT)));

        assertEquals(405, response.getStatusCode());
        assertEquals("GET", response.getHeaders().get("Allow"));
    }

    @Test
    void anErpThatFailsIs503AndCountsAgainstItsCircuit() {
        fixture.erp.bills(ACCOUNT, BILLS);
        fixture.erp.failNext(3 * OrderApiHandler.CIRCUIT_THRESHOLD, ErpSimulator.Fault.unavailable());
        for (int i = 0; i < OrderApiHandler.CIRCUIT_THRESHOLD; i++) {
            assertEquals(503, fixture.billingHistory(ACCOUNT, Map.of()).getStatusCode());
        }

        APIGatewayProxyResponseEvent refused = fixture.billingHistory(ACCOUNT, Map.of());

        assertEquals("15", refused.getHeaders().get("Retry-After"), "the circuit is open");
        assertEquals(3 * OrderApiHandler.CIRCUIT_THRESHOLD, fixture.erp.billRequests());
    }

    /**
     * The ERP's cursor is opaque and of any characters and length it likes: the route hands it out as a token that
     * goes back in a query string as it is, and the ERP gets it back unchanged.
     */
    @Test
    void aPageTokenTheRouteHandedOutIsTakenBack() throws Exception {
        for (String cursor : List.of("2026-11-01:B-00017", "a|b %20 c/d+e=ü", "a".repeat(PageTokens.MAX_CURSOR_BYTES))) {
            List<String> cursorsAsked = new ArrayList<>();
            OrderApi api = fixture.api(null, (account, size, asked) -> {
                cursorsAsked.add(asked);
                return new ErpBilling.Page(List.of(), asked == null ? cursor : null);
            }, null, fixture.circuit(), Duration.ofSeconds(5));

            ApiResponse first = api.handle(OrderApiFixture.billingRequest(null));
            String token = JSON.readTree(first.body()).get("nextPageToken").asText();
            ApiResponse second = api.handle(OrderApiFixture.billingRequest(token));

            String which = cursor.substring(0, Math.min(20, cursor.length()));
            assertEquals(200, second.status(), which + ": " + second.body());
            assertTrue(token.matches("[A-Za-z0-9_-]{1,2048}"), which + ": not URL-safe: " + token);
            assertEquals(Arrays.asList(null, cursor), cursorsAsked);
        }
    }

    @Test
    void anErpCursorTooLongToHandOutIs502AndNotATokenThatCannotComeBack() {
        OrderApi api = fixture.api(null, (account, size, asked) ->
                new ErpBilling.Page(List.of(), "a".repeat(PageTokens.MAX_CURSOR_BYTES + 1)), null, fixture.circuit(), Duration.ofSeconds(5));

        ApiResponse answer = api.handle(OrderApiFixture.billingRequest(null));

        assertEquals(502, answer.status(), answer.body());
        assertTrue(answer.body().contains("erp_invalid_answer"), answer.body());
    }

    @Test
    void aTokenThatIsNoCursorsIs400WithoutAnErpCall() {
        assertBad(fixture.billingHistory(ACCOUNT, Map.of("pageToken", "_w")), "invalid_page_token"); // 0xFF: not UTF-8
        assertBad(fixture.billingHistory(ACCOUNT, Map.of("pageToken", "TWpB=")), "invalid_page_token"); // padded
        assertBad(fixture.billingHistory(ACCOUNT, Map.of("pageToken", "x".repeat(2049))), "invalid_page_token");
        assertEquals(0, fixture.erp.billRequests());
    }

    private static void assertBad(APIGatewayProxyResponseEvent response, String error) {
        assertEquals(400, response.getStatusCode(), response.getBody());
        assertEquals(error, json(response).get("error").asText());
        assertTrue(json(response).get("message").asText().length() > 20, response.getBody());
    }
}
