package dev.sfbridge.bench;

import dev.sfbridge.bench.ClosedLoop.Measurement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The outcome of each of a run's operations, written by the threads that ran them. An operation nobody
 * recorded as a success, because it threw or never ended, is a failure, never a success by default.
 */
final class Tally {
    private static final int FAILURES_KEPT = 5;

    private final int first;
    private final long[] latencies;
    private final boolean[] succeeded;
    private final List<String> failures = new ArrayList<>();

    /** @param first the index of the run's first operation: operation {@code first + k} is slot {@code k} */
    Tally(int first, int count) {
        this.first = first;
        latencies = new long[count];
        succeeded = new boolean[count];
    }

    void succeeded(int index, long latencyNanos) {
        latencies[index - first] = latencyNanos;
        succeeded[index - first] = true;
    }

    void failed(int index, Exception e) {
        synchronized (failures) {
            if (failures.size() < FAILURES_KEPT) {
                failures.add("#" + index + ": " + e);
            }
        }
    }

    /** Read only after every thread that ran an operation has ended (its executor closed): that publishes the arrays. */
    Measurement measurement(long wallNanos) {
        long[] acked = IntStream.range(0, succeeded.length).filter(i -> succeeded[i]).mapToLong(i -> latencies[i]).toArray();
        synchronized (failures) {
            return new Measurement(succeeded.length, acked.length, new LatencyStats(acked), wallNanos, List.copyOf(failures));
        }
    }
}
