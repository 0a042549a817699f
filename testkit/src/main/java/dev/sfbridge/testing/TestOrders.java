package dev.sfbridge.testing;

import dev.sfbridge.model.OrderRequest;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;

/** Orders made from the test opportunities of {@link OutboundMessages#opportunity(int)}: the same IDs and values. */
public final class TestOrders {
    private TestOrders() {}

    public static OrderRequest order(int n) {
        return new OrderRequest(TestIds.id("006", n), TestIds.ORG, TestIds.id("001", n % 97),
                "Deal " + n + " & Sons <Renewal>", new BigDecimal((1000 + n) + ".50"),
                LocalDate.parse("2026-11-%02d".formatted(1 + n % 28)), TestIds.id("005", 7), "Closed Won",
                Instant.parse("2026-11-20T10:%02d:%02d.000Z".formatted(n / 60 % 60, n % 60)), null);
    }
}
