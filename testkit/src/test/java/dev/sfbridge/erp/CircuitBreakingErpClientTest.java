package dev.sfbridge.erp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sfbridge.model.OrderRequest;
import dev.sfbridge.model.OrderResult;
import dev.sfbridge.retry.CircuitBreaker;
import dev.sfbridge.retry.CircuitBreaker.Phase;
import dev.sfbridge.testing.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CircuitBreakingErpClientTest {
    private static final OrderRequest ORDER = new OrderRequest("006000000000001AAA", "00D000000000001EAA", null, "Order",
            null, null, null, "Closed Won", null);

    private final TestClock clock = new TestClock(Instant.parse("2026-11-23T12:00:00Z"));
    private final CircuitBreaker circuit = new CircuitBreaker("erp", 2, Duration.ofSeconds(30), clock, (name, from, to) -> { });
    private final AtomicInteger calls = new AtomicInteger();
    private volatile ErpException.Kind failure = ErpException.Kind.RETRYABLE;

    private final ErpClient erp = order -> {
        calls.incrementAndGet();
        if (failure != null) {
            throw new ErpException(failure, 503, "down", null);
        }
        return new OrderResult("SO-1", "Open", true);
    };
    private final CircuitBreakingErpClient client = new CircuitBreakingErpClient(erp, circuit);

    @Test
    void whileTheCircuitIsOpenOrdersFailAtOnceAsRetryableWithoutCallingTheErp() {
        assertThrows(ErpException.class, () -> client.upsertOrder(ORDER));
        assertThrows(ErpException.class, () -> client.upsertOrder(ORDER));

        ErpException e = assertThrows(ErpException.class, () -> client.upsertOrder(ORDER));

        assertEquals(ErpException.Kind.RETRYABLE, e.kind());
        assertTrue(e.getMessage().contains("circuit is OPEN"), e.getMessage());
        assertEquals(2, calls.get());
    }

    @Test
    void aProbeThatSucceedsLetsEveryOrderThroughAgain() throws Exception {
        assertThrows(ErpException.class, () -> client.upsertOrder(ORDER));
        assertThrows(ErpException.class, () -> client.upsertOrder(ORDER));
        clock.advance(Duration.ofSeconds(30));
        failure = null;

        assertEquals("SO-1", client.upsertOrder(ORDER).orderNumber());

        assertEquals(Phase.CLOSED, circuit.phase());
        assertEquals(3, calls.get());
    }

    @Test
    void aRefusalShowsTheErpIsUpAndNeverOpensTheCircuit() {
        failure = ErpException.Kind.PERMANENT;

        for (int i = 0; i < 5; i++) {
            assertThrows(ErpException.class, () -> client.upsertOrder(ORDER));
        }

        assertEquals(Phase.CLOSED, circuit.phase());
        assertEquals(5, calls.get());
    }
}
