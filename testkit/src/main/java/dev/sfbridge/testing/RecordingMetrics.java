package dev.sfbridge.testing;

import dev.sfbridge.observability.Metrics;
import java.util.Map;
import java.util.TreeMap;

/**
 * Metrics a test can assert on: what was flushed, as {@code Name} or {@code Name[Breakdown=value]} to its
 * total, so a path's expected metrics are one map and a metric dropped or added fails the comparison.
 * Counts not yet flushed are not emitted, and are not in {@link #emitted()}.
 */
public final class RecordingMetrics implements Metrics {
    private final Map<String, Long> pending = new TreeMap<>();
    private final Map<String, Long> emitted = new TreeMap<>();

    @Override
    public synchronized void add(Series series, long count) {
        String key = series.metric().breakdown() == null ? series.metric().metricName()
                : series.metric().metricName() + "[" + series.metric().breakdown() + "=" + series.breakdownValue() + "]";
        pending.merge(key, count, Long::sum);
    }

    @Override
    public synchronized void flush() {
        pending.forEach((key, count) -> emitted.merge(key, count, Long::sum));
        pending.clear();
    }

    /** Everything flushed so far, by series. */
    public synchronized Map<String, Long> emitted() {
        return Map.copyOf(emitted);
    }

    /** Forgets what was emitted: for a test that asserts on one step after setting the scene. */
    public synchronized void clear() {
        pending.clear();
        emitted.clear();
    }
}
