package dev.sfbridge.retry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sfbridge.retry.CircuitBreaker.Phase;
import dev.sfbridge.testing.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class CircuitBreakerTest {
    private static final Duration COOL_DOWN = Duration.ofSeconds(30);
    private static final Duration MAX_COOL_DOWN = Duration.ofMinutes(5);

    private final TestClock clock = new TestClock(Instant.parse("2026-11-23T12:00:00Z"));
    private final List<String> changes = new CopyOnWriteArrayList<>();
    private final CircuitBreaker circuit = new CircuitBreaker("https://erp.example.com/api", 3, COOL_DOWN, MAX_COOL_DOWN, clock,
            (name, from, to) -> changes.add(name + " " + from + "->" + to));

    @Test
    void itOpensOnTheThresholdthFailureInARowAndThenRefusesCallers() {
        circuit.failed();
        circuit.failed();
        assertTrue(circuit.tryAcquire());
        assertEquals(List.of(), changes);

        circuit.failed();

        assertFalse(circuit.tryAcquire());
        assertEquals(Phase.OPEN, circuit.phase());
        assertEquals(Optional.of(COOL_DOWN), circuit.openFor());
        assertEquals(List.of("https://erp.example.com/api CLOSED->OPEN"), changes);
    }

    @Test
    void aSuccessStartsTheCountOfFailuresInARowAgain() {
        circuit.failed();
        circuit.failed();
        circuit.succeeded();
        circuit.failed();
        circuit.failed();

        assertEquals(Phase.CLOSED, circuit.phase());
        assertEquals(Optional.empty(), circuit.openFor());
    }

    @Test
    void afterTheCoolDownOneProbeGoesThroughAndItsSuccessClosesTheCircuit() {
        open();
        clock.advance(COOL_DOWN.minusSeconds(1));
        assertFalse(circuit.tryAcquire());
        assertEquals(Optional.of(Duration.ofSeconds(1)), circuit.openFor());
        clock.advance(Duration.ofSeconds(1));

        assertTrue(circuit.tryAcquire(), "the probe");
        assertFalse(circuit.tryAcquire(), "no second caller while the probe is out");
        circuit.succeeded();

        assertTrue(circuit.tryAcquire());
        assertEquals(List.of("CLOSED->OPEN", "OPEN->HALF_OPEN", "HALF_OPEN->CLOSED"), phases());
    }

    @Test
    void aProbeThatNeverCalledThePeerLetsTheNextCallerProbeAtOnce() {
        openAndLetTheProbeThrough();
        assertFalse(circuit.tryAcquire(), "the probe is out");

        circuit.notCalled();

        assertTrue(circuit.tryAcquire(), "the next caller is the probe, without a further cool-down");
        assertFalse(circuit.tryAcquire(), "and the only one");
        assertEquals(Phase.HALF_OPEN, circuit.phase());
        circuit.succeeded();
        assertEquals(List.of("CLOSED->OPEN", "OPEN->HALF_OPEN", "HALF_OPEN->CLOSED"), phases());
    }

    @Test
    void aCallerNotCallingChangesNothingWhileTheCircuitIsClosedOrOpen() {
        circuit.failed();
        circuit.notCalled();
        circuit.failed();
        circuit.failed();
        assertEquals(Phase.OPEN, circuit.phase(), "the failures before it still count");

        circuit.notCalled();

        assertEquals(Optional.of(COOL_DOWN), circuit.openFor());
        assertFalse(circuit.tryAcquire());
    }

    @Test
    void aFailedProbeOpensTheCircuitForTwiceTheCoolDownUpToItsMaximum() {
        openAndLetTheProbeThrough();

        circuit.failed();

        assertFalse(circuit.tryAcquire());
        assertEquals(Optional.of(COOL_DOWN.multipliedBy(2)), circuit.openFor());
        assertEquals(List.of("CLOSED->OPEN", "OPEN->HALF_OPEN", "HALF_OPEN->OPEN"), phases());
        for (Duration expected : List.of(Duration.ofSeconds(120), Duration.ofSeconds(240), MAX_COOL_DOWN, MAX_COOL_DOWN)) {
            clock.advance(circuit.openFor().orElseThrow());
            assertTrue(circuit.tryAcquire());
            circuit.failed();
            assertEquals(Optional.of(expected), circuit.openFor());
        }
    }

    @Test
    void aClosedCircuitStartsAgainFromTheFirstCoolDown() {
        openAndLetTheProbeThrough();
        circuit.failed();
        clock.advance(COOL_DOWN.multipliedBy(2));
        assertTrue(circuit.tryAcquire());
        circuit.succeeded();

        open();

        assertEquals(Optional.of(COOL_DOWN), circuit.openFor());
    }

    @Test
    void aProbeThatNeverReportsIsReplacedAfterAnotherCoolDown() {
        openAndLetTheProbeThrough();
        clock.advance(COOL_DOWN.minusSeconds(1));
        assertFalse(circuit.tryAcquire());

        clock.advance(Duration.ofSeconds(1));

        assertTrue(circuit.tryAcquire(), "the lost probe's successor");
        assertFalse(circuit.tryAcquire());
    }

    @Test
    void failuresReportedLateWhileOpenDoNotExtendTheCoolDown() {
        open();
        clock.advance(Duration.ofSeconds(10));

        circuit.failed();

        assertEquals(Optional.of(COOL_DOWN.minusSeconds(10)), circuit.openFor());
        assertEquals(List.of("CLOSED->OPEN"), phases());
    }

    @Test
    void ofManyConcurrentCallersAfterTheCoolDownExactlyOneIsTheProbe() throws Exception {
        for (int round = 0; round < 50; round++) {
            open();
            clock.advance(circuit.openFor().orElseThrow());
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Boolean>> callers;
            try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
                callers = IntStream.range(0, 64).mapToObj(i -> threads.submit(() -> {
                    start.await();
                    return circuit.tryAcquire();
                })).toList();
                start.countDown();
            }
            long probes = 0;
            for (Future<Boolean> caller : callers) {
                probes += caller.get() ? 1 : 0;
            }
            assertEquals(1, probes, "round " + round);
            circuit.failed();
        }
        assertEquals(1, changes.stream().filter(c -> c.endsWith("CLOSED->OPEN")).count());
        assertEquals(50, changes.stream().filter(c -> c.endsWith("OPEN->HALF_OPEN")).count(), "one change per round, told once");
    }

    private void open() {
        while (circuit.phase() != Phase.OPEN) {
            circuit.failed();
        }
    }

    /** Opens the circuit and waits out its first cool-down: the one caller let through is the probe. */
    private void openAndLetTheProbeThrough() {
        open();
        clock.advance(COOL_DOWN);
        assertTrue(circuit.tryAcquire(), "the probe");
    }

    private List<String> phases() {
        return changes.stream().map(c -> c.substring(c.indexOf(' ') + 1)).toList();
    }
}
