package dev.sfbridge.orderapi;

import static dev.sfbridge.orderapi.OrderApiFixture.json;
import static dev.sfbridge.orderapi.OrderApiFixture.order;
import static dev.sfbridge.orderapi.OrderApiFixture.timed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import dev.sfbridge.erp.ErpClient;
import dev.sfbridge.erp.ErpException;
import dev.sfbridge.model.OrderResult;
import dev.sfbridge.retry.CircuitBreaker;
import dev.sfbridge.testing.ErpSimulator;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
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

    /**
     * A request whose time is gone before its ERP call can begin (here a deadline that is all reserve; in Lambda, a
     * slow idempotency claim) never asks the ERP: when it was a half-open circuit's probe, the next request is the
     * probe at once, where the circuit stayed shut for another cool-down though the ERP was never tried.
     */
    @Test
    void aProbeThatNeverCalledTheErpDoesNotKeepTheCircuitShut() {
        AtomicInteger erpCalls = new AtomicInteger();
        AtomicBoolean erpDown = new AtomicBoolean(true);
        ErpClient erp = order -> {
            erpCalls.incrementAndGet();
            if (erpDown.get()) {
                throw new ErpException(ErpException.Kind.RETRYABLE, 503, "down", null);
            }
            return new OrderResult("SO-1", "OPEN", OrderResult.Write.UPDATED);
        };
        CircuitBreaker circuit = fixture.circuit();
        OrderApi api = fixture.api(erp, null, fixture.store(), circuit, DEADLINE);
        OrderApi outOfTime = fixture.api(erp, null, fixture.store(), circuit, Deadline.RESERVE);
        for (int i = 0; i < OrderApiHandler.CIRCUIT_THRESHOLD; i++) {
            assertEquals(503, api.handle(OrderApiFixture.orderRequest(order(7), null)).status());
        }
        erpDown.set(false);
        fixture.clock.advance(OrderApiHandler.CIRCUIT_COOL_DOWN);

        ApiResponse late = outOfTime.handle(OrderApiFixture.orderRequest(order(7), "k1"));
        ApiResponse next = api.handle(OrderApiFixture.orderRequest(order(7), null));

        assertEquals(504, late.status(), late.body());
        assertEquals(200, next.status(), "circuit " + circuit.phase() + ": " + next.body());
        assertEquals(OrderApiHandler.CIRCUIT_THRESHOLD + 1, erpCalls.get(), "the late request never called the ERP");
        assertEquals(CircuitBreaker.Phase.CLOSED, circuit.phase());
    }

    /** While the probe is out, the others are told to call again once it must have been answered: by the deadline. */
    @Test
    void whileTheProbeIsOutRefusalsCarryRetryAfterTheDeadline() throws Exception {
        CountDownLatch probeAtErp = new CountDownLatch(1);
        CountDownLatch erpAnswers = new CountDownLatch(1);
        AtomicBoolean erpDown = new AtomicBoolean(true);
        ErpClient erp = order -> {
            if (erpDown.get()) {
                throw new ErpException(ErpException.Kind.RETRYABLE, 503, "down", null);
            }
            probeAtErp.countDown();
            try {
                erpAnswers.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new OrderResult("SO-1", "OPEN", OrderResult.Write.UPDATED);
        };
        // long enough that the held probe is never cut off by a busy machine before the refusal is made
        Duration deadline = Duration.ofSeconds(20);
        OrderApi api = fixture.api(erp, null, fixture.store(), fixture.circuit(), deadline);
        for (int i = 0; i < OrderApiHandler.CIRCUIT_THRESHOLD; i++) {
            api.handle(OrderApiFixture.orderRequest(order(8), null));
        }
        erpDown.set(false);
        fixture.clock.advance(OrderApiHandler.CIRCUIT_COOL_DOWN);
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<ApiResponse> probe = pool.submit(() -> api.handle(OrderApiFixture.orderRequest(order(8), null)));
            probeAtErp.await();

            ApiResponse refused = api.handle(OrderApiFixture.orderRequest(order(8), null));
            erpAnswers.countDown();

            assertEquals(503, refused.status(), refused.body());
            assertEquals("20", refused.headers().get("Retry-After"));
            assertEquals(200, probe.get().status());
        }
    }

    /**
     * An ERP that asks to wait longer than this route waits (a fifth of the deadline) is not waited for into a 504:
     * the answer is a 503 at once, with the ERP's Retry-After.
     */
    @Test
    void anErpRetryAfterTooLongToWaitForIs503AtOnceWithIt() {
        fixture.erp.failNext(1, new ErpSimulator.Fault.Respond(503, Map.of("Retry-After", "3"),
                "{\"error\": \"busy\", \"message\": \"try again in 3 s\"}"));

        OrderApiFixture.Timed timed = timed(() -> fixture.post(order(9)));

        assertEquals(503, timed.response().getStatusCode(), timed.response().getBody());
        assertEquals("erp_unavailable", json(timed.response()).get("error").asText());
        assertEquals("3", timed.response().getHeaders().get("Retry-After"));
        assertEquals(1, fixture.erp.requests(), "not sent again");
        assertTrue(timed.took().compareTo(DEADLINE.minus(Deadline.RESERVE)) < 0, "answered in " + timed.took());
    }

    @Test
    void anErpRetryAfterThatFitsIsWaitedForAndTheOrderGoesThrough() {
        fixture.erp.failNext(1, new ErpSimulator.Fault.Respond(503, Map.of("Retry-After", "0"), "{}"));

        APIGatewayProxyResponseEvent answer = fixture.post(order(10));

        assertEquals(201, answer.getStatusCode(), answer.getBody());
        assertEquals(2, fixture.erp.requests());
    }

    private void openCircuit() {
        fixture.erp.failNext(3 * OrderApiHandler.CIRCUIT_THRESHOLD, ErpSimulator.Fault.unavailable());
        for (int i = 0; i < OrderApiHandler.CIRCUIT_THRESHOLD; i++) {
            fixture.post(order(100 + i));
        }
        assertEquals("15", fixture.post(order(199)).getHeaders().get("Retry-After"));
    }
}
