package dev.sfbridge.erp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sfbridge.model.OrderRequest;
import dev.sfbridge.model.OrderResult;
import dev.sfbridge.retry.CircuitBreaker;
import dev.sfbridge.retry.CircuitBreaker.Phase;
import dev.sfbridge.testing.TestClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CircuitRecordingErpClientTest {
    private static final OrderRequest ORDER = new OrderRequest("006000000000001AAA", "00D000000000001EAA", null, "Order",
            null, null, null, "Closed Won", null, null);

    private final TestClock clock = new TestClock(Instant.parse("2026-11-23T12:00:00Z"));
    private final CircuitBreaker circuit = new CircuitBreaker("erp", 2, Duration.ofSeconds(30), Duration.ofMinutes(5), clock,
            (name, from, to) -> { });
    private volatile ErpException.Kind failure = ErpException.Kind.RETRYABLE;

    private final ErpClient erp = order -> {
        if (failure != null) {
            throw new ErpException(failure, 503, "down", null);
        }
        return new OrderResult("SO-1", "Open", OrderResult.Write.CREATED);
    };
    private final CircuitRecordingErpClient client = new CircuitRecordingErpClient(erp, circuit);

    @Test
    void retryableFailuresInARowOpenTheCircuit() {
        assertThrows(ErpException.class, () -> client.upsertOrder(ORDER));
        assertThrows(ErpException.class, () -> client.upsertOrder(ORDER));

        assertFalse(circuit.tryAcquire());
        assertEquals(Phase.OPEN, circuit.phase());
    }

    @Test
    void aProbeThatSucceedsClosesTheCircuit() throws Exception {
        assertThrows(ErpException.class, () -> client.upsertOrder(ORDER));
        assertThrows(ErpException.class, () -> client.upsertOrder(ORDER));
        clock.advance(Duration.ofSeconds(30));
        assertTrue(circuit.tryAcquire());
        failure = null;

        assertEquals("SO-1", client.upsertOrder(ORDER).orderNumber());

        assertEquals(Phase.CLOSED, circuit.phase());
    }

    @Test
    void aRefusalShowsTheErpIsUpAndNeverOpensTheCircuit() {
        failure = ErpException.Kind.PERMANENT;

        for (int i = 0; i < 5; i++) {
            assertThrows(ErpException.class, () -> client.upsertOrder(ORDER));
        }

        assertEquals(Phase.CLOSED, circuit.phase());
    }
}
