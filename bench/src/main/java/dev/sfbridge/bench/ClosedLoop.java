package dev.sfbridge.bench;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Closed-loop load: each of {@code clients} threads starts its next operation as soon as its last one
 * is answered, until {@code count} operations have run, so a run is bounded and stops by itself. Only
 * operations that return normally count as successes: one that throws, or that never ends because its
 * thread died, is a failure, never a success by default.
 */
final class ClosedLoop {
    /** One request; it throws unless the answer is the one success looks like. */
    @FunctionalInterface
    interface Operation {
        void run(int index) throws Exception;
    }

    /**
     * What a run gave: operations started, operations that returned normally, the latencies of those, the
     * run's wall time, and the first few failures, described.
     */
    record Measurement(int operations, int succeeded, LatencyStats latency, long wallNanos, List<String> failures) {
        int failed() {
            return operations - succeeded;
        }

        /** @param units what one operation carries: notifications per request, messages per batch */
        double unitsPerSecond(int units) {
            return (double) succeeded * units * 1e9 / wallNanos;
        }
    }

    /** One operation run from the same clients twice: a warm-up whose failures end the run, then the measured part. */
    record Workload(int clients, int warmup, int measured, Operation operation) {
        /** Lets the JIT and the connection pools settle; operations 0 to warmup - 1. */
        void warmUp() {
            Measurement warm = run(clients, 0, warmup, operation);
            if (warm.failed() > 0) {
                throw new IllegalStateException("RUN FAILED in the warm-up: " + warm.failed() + " of " + warmup
                        + " got no success; the first: " + warm.failures());
            }
        }

        /** Operations warmup to warmup + measured - 1. */
        Measurement measure() {
            return run(clients, warmup, measured, operation);
        }
    }

    private ClosedLoop() {}

    /** @param first the index of the first operation; the operations get first, first + 1, ... */
    static Measurement run(int clients, int first, int count, Operation operation) {
        if (clients < 1 || count < 0) {
            throw new IllegalArgumentException("needs at least one client and a count of zero or more");
        }
        Tally tally = new Tally(first, count);
        AtomicInteger next = new AtomicInteger();
        long start = System.nanoTime();
        try (ExecutorService pool = Executors.newFixedThreadPool(clients)) {
            for (int c = 0; c < clients; c++) {
                pool.execute(() -> {
                    for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                        long sent = System.nanoTime();
                        try {
                            operation.run(first + i);
                            tally.succeeded(first + i, System.nanoTime() - sent);
                        } catch (Exception e) {
                            tally.failed(first + i, e);
                        }
                    }
                });
            }
        } // close() waits for every client
        return tally.measurement(System.nanoTime() - start);
    }
}
