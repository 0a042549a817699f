package dev.sfbridge.orderapi;

import static dev.sfbridge.orderapi.OrderApiFixture.json;
import static dev.sfbridge.orderapi.OrderApiFixture.order;
import static dev.sfbridge.orderapi.OrderApiFixture.timed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import dev.sfbridge.testing.ErpSimulator;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * The deadline (2 s here, on the real clock) and the ERP's circuit (its cool-down on the fixture's test clock): a
 * slow ERP is answered for within the deadline, a failing one is not called while its circuit is open.
 */
class TimeBudgetTest {
    /** What a busy machine may add to the deadline before the answer is out: generous, the point is "not the ERP's 30 s". */
    private static final Duration MARGIN = Duration.ofMillis(1500);

    private static final Duration DEADLINE = Duration.ofSeconds(2);

    @AutoClose
    private final OrderApiFixture fixture = new OrderApiFixture(DEADLINE);

    @Test
    void anErpThatDoesNotAnswerIsAnswered504WithinTheDeadline() {
        fixture.erp.failNext(1, ErpSimulator.Fault.hang()); // held for 30 s

        OrderApiFixture.Timed timed = timed(() -> fixture.post(order(1), "key-1"));

        assertEquals(504, timed.response().getStatusCode(), timed.response().getBody());
        assertEquals("erp_timeout", json(timed.response()).get("error").asText());
        assertTrue(json(timed.response()).get("message").asText().contains("2000 ms"));
        assertTrue(timed.took().compareTo(DEADLINE.minus(Deadline.RESERVE)) >= 0, "answered before it gave up: " + timed.took());
        assertTrue(timed.took().compareTo(DEADLINE.plus(MARGIN)) < 0, "answered in " + timed.took());
        // the key was given up: the callout retried gets its order
        assertEquals(201, fixture.post(order(1), "key-1").getStatusCode());
    }

    @Test
    void aBillingHistoryTheErpDoesNotAnswerIs504WithinTheDeadline() {
        fixture.erp.bills("A-1", java.util.List.of());
        fixture.erp.failNext(1, ErpSimulator.Fault.hang());

        OrderApiFixture.Timed timed = timed(() -> fixture.billingHistory("A-1", Map.of()));

        assertEquals(504, timed.response().getStatusCode());
        assertTrue(timed.took().compareTo(DEADLINE.plus(MARGIN)) < 0, "answered in " + timed.took());
    }

    @Test
    void afterThreeFailuresTheCircuitOpensAndRequestsAre503AtOnceWithRetryAfter() {
        fixture.erp.failNext(3 * 3, ErpSimulator.Fault.unavailable()); // three requests, three attempts each
        for (int i = 0; i < OrderApiHandler.CIRCUIT_THRESHOLD; i++) {
            APIGatewayProxyResponseEvent failed = fixture.post(order(2));
            assertEquals(503, failed.getStatusCode(), failed.getBody());
        }
        int requestsWhenOpened = fixture.erp.requests();

        OrderApiFixture.Timed refused = timed(() -> fixture.post(order(2)));

        assertEquals(503, refused.response().getStatusCode());
        assertEquals("erp_unavailable", json(refused.response()).get("error").asText());
        assertEquals("15", refused.response().getHeaders().get("Retry-After"));
        assertEquals(requestsWhenOpened, fixture.erp.requests(), "the open circuit kept the request from the ERP");
        assertTrue(refused.took().compareTo(Duration.ofMillis(500)) < 0, "refused in " + refused.took());
        assertTrue(fixture.logLines.stream().anyMatch(l -> l.contains("\"to\":\"OPEN\"")), "the opening is logged");
    }

    @Test
    void afterTheCoolDownOneProbeGoesThroughAndClosesTheCircuitWhenTheErpIsBack() {
        openCircuit();
        fixture.clock.advance(OrderApiHandler.CIRCUIT_COOL_DOWN);

        APIGatewayProxyResponseEvent probe = fixture.post(order(3));
        APIGatewayProxyResponseEvent next = fixture.post(order(4));

        assertEquals(201, probe.getStatusCode(), probe.getBody());
        assertEquals(201, next.getStatusCode(), next.getBody());
    }

    @Test
    void aFailedProbeOpensTheCircuitForTwiceTheCoolDown() {
        openCircuit();
        fixture.clock.advance(OrderApiHandler.CIRCUIT_COOL_DOWN);
        fixture.erp.failNext(3, ErpSimulator.Fault.unavailable());

        APIGatewayProxyResponseEvent probe = fixture.post(order(5));
        APIGatewayProxyResponseEvent after = fixture.post(order(5));

        assertEquals(503, probe.getStatusCode());
        assertEquals("30", probe.getHeaders().get("Retry-After"), "the failed probe reopened it: " + probe.getHeaders());
        assertEquals("30", after.getHeaders().get("Retry-After"));
    }

    @Test
    void timeoutsCountAgainstTheErpToo() throws InterruptedException {
        fixture.erp.failNext(OrderApiHandler.CIRCUIT_THRESHOLD, ErpSimulator.Fault.hang());
        for (int i = 0; i < OrderApiHandler.CIRCUIT_THRESHOLD; i++) {
            assertEquals(504, fixture.post(order(6)).getStatusCode());
        }
        // each interrupted call reports its failure as it ends, just after its answer went out
        long giveUp = System.nanoTime() + 10_000_000_000L;
        while (fixture.logLines.stream().noneMatch(l -> l.contains("\"to\":\"OPEN\""))) {
            assertTrue(System.nanoTime() < giveUp, "the circuit never opened");
            Thread.sleep(1); // polls a condition, never waits for a time
        }

        APIGatewayProxyResponseEvent refused = fixture.post(order(6));

        assertEquals(503, refused.getStatusCode(), refused.getBody());
        assertEquals("15", refused.getHeaders().get("Retry-After"));
        assertEquals(OrderApiHandler.CIRCUIT_THRESHOLD, fixture.erp.requests());
    }

    private void openCircuit() {
        fixture.erp.failNext(3 * OrderApiHandler.CIRCUIT_THRESHOLD, ErpSimulator.Fault.unavailable());
        for (int i = 0; i < OrderApiHandler.CIRCUIT_THRESHOLD; i++) {
            fixture.post(order(100 + i));
        }
        assertEquals("15", fixture.post(order(199)).getHeaders().get("Retry-After"));
    }
}
