package dev.sfbridge.bench;

import java.util.Arrays;
import java.util.stream.LongStream;

/** Durations, sorted once, read as nearest-rank quantiles in milliseconds. */
final class LatencyStats {
    private final long[] sortedNanos;

    LatencyStats(long[] nanos) {
        sortedNanos = nanos.clone();
        Arrays.sort(sortedNanos);
    }

    /** Every duration, shortest first: to pool several runs' latencies into one. */
    LongStream nanos() {
        return Arrays.stream(sortedNanos);
    }

    int count() {
        return sortedNanos.length;
    }

    /** @param quantile 0 for the minimum, 0.5 for the median, 1 for the maximum; NaN when there is nothing */
    double millis(double quantile) {
        if (sortedNanos.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(quantile * sortedNanos.length);
        return sortedNanos[Math.clamp(rank - 1, 0, sortedNanos.length - 1)] / 1e6;
    }
}
