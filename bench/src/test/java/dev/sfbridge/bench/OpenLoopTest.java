package dev.sfbridge.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sfbridge.bench.ClosedLoop.Measurement;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class OpenLoopTest {

    @Test
    void startsEachOperationWhenDueWithoutWaitingForTheEarlierOnes() {
        CountDownLatch allStarted = new CountDownLatch(5);
        Set<Integer> ran = ConcurrentHashMap.newKeySet();

        // every operation waits until all five have started: a closed loop of one client would never get past the first
        Measurement m = OpenLoop.run(10_000, 7, 5, index -> {
            ran.add(index);
            allStarted.countDown();
            if (!allStarted.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("operation " + index + " was left alone");
            }
        });

        assertEquals(Set.of(7, 8, 9, 10, 11), ran);
        assertEquals(5, m.succeeded());
        assertEquals(5, m.latency().count());
    }

    @Test
    void anOperationThatThrowsIsAFailure() {
        Measurement m = OpenLoop.run(10_000, 0, 4, index -> {
            if (index % 2 == 1) {
                throw new IllegalStateException("no ack for " + index);
            }
        });

        assertEquals(4, m.operations());
        assertEquals(2, m.succeeded());
        assertEquals(2, m.failed());
        assertTrue(m.failures().getFirst().contains("no ack for"), m.failures().toString());
    }

    @Test
    void offersTheRateItWasGiven() {
        // 5 operations at 50/s: the last is due 80 ms after the start, so the run cannot end sooner
        Measurement m = OpenLoop.run(50, 0, 5, index -> { });

        assertTrue(m.wallNanos() >= 80_000_000L, "ran in " + m.wallNanos() / 1e6 + " ms");
        assertEquals(5, m.succeeded());
    }
}
