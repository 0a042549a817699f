package dev.sfbridge.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sfbridge.testing.TestClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * {@link Cached} under adversarial timing: every interleaving is forced with latches and a clock that only
 * moves when told, never with sleeps.
 */
class CachedTest {
    private static final Duration TTL = Duration.ofMinutes(5);
    private static final Duration STALE = Duration.ofMinutes(10);
    /** Only a bound for a test that is already failing: no interleaving waits for it. */
    private static final long STUCK_SECONDS = 30;

    /**
     * Answers "v1", "v2", ... for calls 1, 2, ...; a call {@link #hold held} waits at its gate until
     * {@link #release released}; while {@code failing}, a call throws instead of answering.
     */
    private static final class ScriptedSource implements Cached.Source<String, IOException> {
        private final AtomicInteger calls = new AtomicInteger();
        private final Map<Integer, CountDownLatch> gates = new ConcurrentHashMap<>();
        private final Map<Integer, CountDownLatch> entered = new ConcurrentHashMap<>();
        volatile boolean failing;

        @Override
        public String fetch() throws IOException, InterruptedException {
            int n = calls.incrementAndGet();
            boolean fail = failing;
            entered(n).countDown();
            gates.getOrDefault(n, new CountDownLatch(0)).await();
            if (fail) {
                throw new IOException("source down for call " + n);
            }
            return "v" + n;
        }

        void hold(int call) {
            gates.put(call, new CountDownLatch(1));
        }

        void release(int call) {
            gates.get(call).countDown();
        }

        void awaitEntered(int call) throws InterruptedException {
            assertTrue(entered(call).await(STUCK_SECONDS, TimeUnit.SECONDS), "call " + call + " never reached the source");
        }

        int calls() {
            return calls.get();
        }

        private CountDownLatch entered(int call) {
            return this.entered.computeIfAbsent(call, c -> new CountDownLatch(1));
        }
    }

    private final ScriptedSource source = new ScriptedSource();
    private final TestClock clock = new TestClock(Instant.parse("2026-11-27T08:00:00Z"));
    private final Cached<String, IOException> cached = Cached.expiring(source, IOException.class, TTL, STALE, clock);

    @Test
    void manyConcurrentCallersShareOneFetch() throws Exception {
        for (Future<String> answer : callersMeeting(1, 100, cached::get)) {
            assertEquals("v1", answer.get());
        }
        assertEquals(1, source.calls());
    }

    @Test
    void aValueIsFreshForItsTimeToLiveCountedFromTheStartOfItsFetch() throws Exception {
        Cached<String, IOException> slow = Cached.expiring(() -> {
            String value = source.fetch();
            clock.advance(Duration.ofSeconds(20)); // the source takes its time answering
            return value;
        }, IOException.class, TTL, STALE, clock);

        assertEquals("v1", slow.get());
        clock.advance(TTL.minusSeconds(21));
        assertEquals("v1", slow.get());
        assertEquals(1, source.calls());

        clock.advance(Duration.ofSeconds(1));
        assertEquals("v2", slow.get());
        assertEquals(2, source.calls());
    }

    @Test
    void aFailedRefreshServesTheHeldValueUntilItsStaleTimeIsUp() throws Exception {
        assertEquals("v1", cached.get());
        source.failing = true;

        clock.advance(TTL);
        assertEquals("v1", cached.get(), "Secrets Manager down for a moment: the value in hand is still good");
        clock.advance(STALE.minusSeconds(1));
        assertEquals("v1", cached.get());
        assertEquals(3, source.calls(), "every call past the time to live tries the source again");

        clock.advance(Duration.ofSeconds(1));
        IOException e = assertThrows(IOException.class, cached::get);
        assertEquals("source down for call 4", e.getMessage());

        source.failing = false;
        assertEquals("v5", cached.get());
    }

    @Test
    void aFailedFetchWithNothingHeldReachesEveryWaitingCallerAndIsNotKept() throws Exception {
        source.failing = true;
        for (Future<String> answer : callersMeeting(1, 10, cached::get)) {
            Throwable failure = assertThrows(ExecutionException.class, answer::get).getCause();
            assertTrue(failure instanceof IOException, failure.toString());
        }
        assertEquals(1, source.calls());

        source.failing = false;
        assertEquals("v2", cached.get(), "a failure is not cached: the next caller asks again");
    }

    @Test
    void invalidatingAValueAlreadyReplacedChangesNothing() throws Exception {
        String first = cached.get();
        cached.invalidate(first);
        assertEquals("v2", cached.get());

        cached.invalidate(first); // a late 401 for the old value
        cached.invalidate("never-held");

        assertEquals("v2", cached.get());
        assertEquals(2, source.calls());
    }

    @Test
    void invalidatingTheValueHeldMakesAllItsRefusersShareOneRefetch() throws Exception {
        String refused = cached.get();
        List<Future<String>> answers = callersMeeting(2, 50, () -> {
            cached.invalidate(refused);
            return cached.get();
        });
        for (Future<String> answer : answers) {
            assertEquals("v2", answer.get());
        }
        assertEquals(2, source.calls(), "the first value, then one fetch for fifty refusals of it");
    }

    @Test
    void aRejectedValueIsNeverServedStale() throws Exception {
        String refused = cached.get();
        cached.invalidate(refused);
        source.failing = true;

        assertThrows(IOException.class, cached::get, "the peer said no: passing the value off again would only fail again");
    }

    @Test
    void aFetchThatAnswersAfterAnInvalidationDoesNotBringTheRejectedValueBack() throws Exception {
        assertEquals("v1", cached.get());
        clock.advance(TTL);
        source.hold(2); // a refresh on its way, started before the peer refused v1: it may well read v1 again
        source.hold(3);
        try (ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<String> early = callers.submit(cached::get);
            source.awaitEntered(2);

            cached.invalidate("v1");
            Future<String> afterRefusal = callers.submit(cached::get);
            source.awaitEntered(3);
            source.release(3);
            assertEquals("v3", afterRefusal.get(), "a caller after the refusal does not wait for the refresh started before it");

            source.release(2); // the older fetch answers last
            assertEquals("v2", early.get(), "its own caller gets the answer it waited for");
        }
        assertEquals("v3", cached.get(), "but the cache keeps the newer value");
        assertEquals(3, source.calls());
    }

    @Test
    void aFetchDroppedByAnInvalidationIsNotKeptEvenIfItAnswersFirst() throws Exception {
        assertEquals("v1", cached.get());
        clock.advance(TTL);
        source.hold(2);
        try (ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<String> early = callers.submit(cached::get);
            source.awaitEntered(2);
            cached.invalidate("v1");
            source.release(2);
            assertEquals("v2", early.get());
        }
        assertEquals("v3", cached.get());
        assertEquals(3, source.calls());
    }

    @Test
    void aBugInTheSourceIsNotHiddenBehindTheHeldValue() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        Cached<String, IOException> buggy = Cached.expiring(() -> {
            if (calls.incrementAndGet() > 1) {
                throw new IllegalStateException("bug");
            }
            return "v1";
        }, IOException.class, TTL, STALE, clock);
        buggy.get();
        clock.advance(TTL);

        assertEquals("bug", assertThrows(IllegalStateException.class, buggy::get).getMessage());
    }

    @Test
    void untilRejectedKeepsAValueWithoutExpiry() throws Exception {
        Cached<String, IOException> forever = Cached.untilRejected(source, IOException.class);
        String first = forever.get();
        clock.advance(Duration.ofDays(10_000));

        assertSame(first, forever.get());
        assertEquals(1, source.calls());
    }

    /**
     * More callers than there are carrier threads, all waiting for one fetch that is blocked: if waiting
     * pinned a carrier, the fetch's own release (another virtual thread) could never run.
     */
    @Test
    void waitingCallersDoNotHoldOnToCarrierThreads() throws Exception {
        int callers = Runtime.getRuntime().availableProcessors() * 16;
        source.hold(1);
        CountDownLatch released = new CountDownLatch(1);
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<String>> answers = submit(threads, callers, cached::get);
            source.awaitEntered(1);
            threads.submit(() -> {
                source.release(1);
                released.countDown();
            });
            assertTrue(released.await(STUCK_SECONDS, TimeUnit.SECONDS), "no carrier left for another virtual thread");
            for (Future<String> answer : answers) {
                assertEquals("v1", answer.get(STUCK_SECONDS, TimeUnit.SECONDS));
            }
        }
        assertEquals(1, source.calls());
    }

    /**
     * {@code count} concurrent callers, the first of which starts fetch {@code call}: it is held at the
     * source until one caller has reached it, so the others come while it is in flight. Returns once all answered.
     */
    /**
     * {@code count} callers meet fetch number {@code call}: it is released only once every caller is parked, on the
     * fetch itself or on waiting for it, so none arrives after it has answered (which a slow machine would allow).
     */
    private List<Future<String>> callersMeeting(int call, int count, Callable<String> each) throws InterruptedException {
        source.hold(call);
        List<Thread> started = new CopyOnWriteArrayList<>();
        try (ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<String>> answers = submit(callers, count, () -> {
                started.add(Thread.currentThread());
                return each.call();
            });
            source.awaitEntered(call);
            awaitAllParked(started, count);
            source.release(call);
            return answers;
        }
    }

    private static void awaitAllParked(List<Thread> callers, int count) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(STUCK_SECONDS);
        while (callers.size() < count || !callers.stream().allMatch(t -> t.getState() == Thread.State.WAITING || t.getState() == Thread.State.TIMED_WAITING)) {
            assertTrue(System.nanoTime() < deadline, "the callers did not all come to wait: " + callers.size() + " of " + count);
            Thread.onSpinWait();
        }
    }

    private static List<Future<String>> submit(ExecutorService threads, int count, Callable<String> call) {
        List<Future<String>> answers = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            answers.add(threads.submit(call));
        }
        return answers;
    }

    /**
     * On Java 21 (Lambda's {@code java21}) a virtual thread blocked in {@code synchronized} pins its
     * carrier (JEP 444); the JDK these tests run on may already have JEP 491's fix, so the design is checked
     * instead: no monitor in the cache, nor in the callers that fetch through it.
     */
    @Test
    void noMonitorIsTakenAroundAFetch() throws IOException {
        for (String file : List.of("cache/Cached.java", "erp/ClientCredentialsTokens.java",
                "erp/SecretsManagerErpCredentials.java", "salesforce/TokenCache.java")) {
            String code = Files.readString(Path.of("../layers/src/main/java/dev/sfbridge", file))
                    .replaceAll("(?s)/\\*.*?\\*/", "").replaceAll("//[^\\n]*", "");
            assertFalse(code.contains("synchronized"), file + " takes a monitor");
        }
    }
}
