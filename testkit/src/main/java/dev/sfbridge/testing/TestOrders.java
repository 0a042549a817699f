package dev.sfbridge.testing;

import dev.sfbridge.model.OrderLine;
import dev.sfbridge.model.OrderRequest;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/** Orders made from the test opportunities of {@link OutboundMessages#opportunity(int)}: the same IDs and values. */
public final class TestOrders {
    private TestOrders() {}

    public static OrderRequest order(int n) {
        return new OrderRequest(TestIds.id("006", n), TestIds.ORG, TestIds.id("001", n % 97),
                "Deal " + n + " & Sons <Renewal>", new BigDecimal((1000 + n) + ".50"),
                LocalDate.parse("2026-11-%02d".formatted(1 + n % 28)), TestIds.id("005", 7), "Closed Won",
                Instant.parse("2026-11-20T10:%02d:%02d.000Z".formatted(n / 60 % 60, n % 60)), null);
    }

    /**
     * {@link #order(int)} read with its two line items, whose total prices add up to its amount as Salesforce's
     * do: two units at 250.25, and one installation at the rest.
     */
    public static OrderRequest orderWithLines(int n) {
        return withLines(order(n), List.of(
                new OrderLine(TestIds.id("00k", n * 1000L + 1), "GC-1060", "GenWatt Diesel 10kW & <Service>",
                        new BigDecimal("2"), new BigDecimal("250.25"), new BigDecimal("500.50")),
                new OrderLine(TestIds.id("00k", n * 1000L + 2), "SL-9080", "Installation: Industrial - High",
                        BigDecimal.ONE, new BigDecimal((500 + n) + ".00"), new BigDecimal((500 + n) + ".00"))));
    }

    /** The same order with these lines: {@code null} for an order that says nothing of its lines. */
    public static OrderRequest withLines(OrderRequest o, List<OrderLine> lines) {
        return new OrderRequest(o.salesforceRecordId(), o.salesforceOrgId(), o.customerAccountId(), o.name(), o.amount(),
                o.closeDate(), o.ownerId(), o.stage(), o.sourceModifiedAt(), lines);
    }
}
