package dev.sfbridge.orderapi;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import dev.sfbridge.erp.ErpBilling;
import dev.sfbridge.testing.SampleEvents;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** The handler runs on the API Gateway events in events/, as {@code sam local invoke} would feed them. */
class SampleEventsTest {
    @AutoClose
    private final OrderApiFixture fixture = new OrderApiFixture();

    @Test
    void theSampleOrderBecomesAnErpOrderWithItsLineAndItsKeyReplaysIt() {
        APIGatewayProxyRequestEvent event = load("order-api-post-order.json");

        APIGatewayProxyResponseEvent created = fixture.handler.handleRequest(event, null);
        APIGatewayProxyResponseEvent replayed = fixture.handler.handleRequest(event, null);

        assertEquals(201, created.getStatusCode(), created.getBody());
        assertEquals("{\"orderNumber\":\"SO-000001\",\"status\":\"OPEN\"}", created.getBody());
        var order = fixture.erp.order("006000000000001AAA").orElseThrow().request();
        assertEquals(new BigDecimal("1001.50"), order.amount());
        assertEquals("GC1040", order.lines().getFirst().productCode());
        assertEquals("true", replayed.getHeaders().get("Idempotent-Replayed"));
        assertEquals(1, fixture.erp.requests());
    }

    @Test
    void theSampleBillingHistoryQueryReadsTheFirstPage() {
        fixture.erp.bills("ACME-0001", List.of(new ErpBilling.Bill("B-1", LocalDate.parse("2026-11-01"),
                LocalDate.parse("2026-12-01"), new BigDecimal("99.90"), "EUR", "OPEN")));

        APIGatewayProxyResponseEvent page = fixture.handler.handleRequest(load("order-api-billing-history.json"), null);

        assertEquals(200, page.getStatusCode(), page.getBody());
        assertEquals("B-1", OrderApiFixture.json(page).get("bills").get(0).get("billNumber").asText());
    }

    private static APIGatewayProxyRequestEvent load(String name) {
        return EventLoader.loadApiGatewayRestEvent(SampleEvents.directory().resolve(name).toString());
    }
}
