package dev.sfbridge.observability;

import java.util.Objects;

/**
 * Counts of what a function did, emitted once per invocation ({@link #flush()}). Functions get one through
 * their constructors: {@link EmfMetrics} in Lambda, a recording one in tests.
 */
public interface Metrics {
    String NAMESPACE = "sfbridge";
    /** The dimension every metric has: the function's name, e.g. {@code order-worker}. */
    String FUNCTION = "Function";

    /**
     * One series of a metric: the metric, and its breakdown value when the metric has a breakdown.
     *
     * @param breakdownValue the {@code Reason} or {@code Kind}; null exactly when the metric has no breakdown
     */
    record Series(Metric metric, String breakdownValue) {
        public Series {
            Objects.requireNonNull(metric, "metric");
            if ((metric.breakdown() == null) != (breakdownValue == null)) {
                throw new IllegalArgumentException(metric.breakdown() == null
                        ? metric.metricName() + " has no breakdown, but was given '" + breakdownValue + "'"
                        : metric.metricName() + " is counted by " + metric.breakdown() + ", and none was given");
            }
        }
    }

    void add(Series series, long count);

    /** Emits what was counted since the last flush, and starts again from zero. */
    void flush();

    default void count(Metric metric) {
        add(new Series(metric, null), 1);
    }

    default void count(Metric metric, long count) {
        add(new Series(metric, null), count);
    }

    default void count(Metric metric, String breakdownValue) {
        add(new Series(metric, breakdownValue), 1);
    }
}
