package dev.sfbridge.observability;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import software.amazon.cloudwatchlogs.emf.model.DimensionSet;
import software.amazon.cloudwatchlogs.emf.model.MetricsContext;
import software.amazon.cloudwatchlogs.emf.model.Unit;

/**
 * Metrics as CloudWatch embedded metric format (EMF) records: JSON lines on standard output, which CloudWatch
 * Logs turns into metrics with no API call and no permission. Counts add up in memory and each flush writes
 * one record per breakdown value, since a record's dimensions apply to every metric in it.
 *
 * <p>Only the library's record model and serializer are used, never its {@code MetricsLogger}: that one
 * detects its environment first, probing the EC2 metadata endpoint and a CloudWatch agent socket outside
 * Lambda. Here the sink is given, as for {@link JsonLog}.
 */
public final class EmfMetrics implements Metrics {
    private final String function;
    private final Consumer<String> sink;
    private final AtomicReference<Map<Series, LongAdder>> counts = new AtomicReference<>(new ConcurrentHashMap<>());

    /** @param function the value of the {@code Function} dimension: {@code outbound-listener}, {@code order-worker}, ... */
    public EmfMetrics(String function, Consumer<String> sink) {
        this.function = function;
        this.sink = sink;
    }

    /** Records on standard output, beside the function's log lines, where Lambda's log agent picks them up. */
    public static EmfMetrics stdout(String function) {
        return new EmfMetrics(function, System.out::println);
    }

    @Override
    public void add(Series series, long count) {
        counts.get().computeIfAbsent(series, s -> new LongAdder()).add(count);
    }

    /** Called once an invocation's work has joined: nothing counts into the map it takes. */
    @Override
    public void flush() {
        Map<Series, LongAdder> counted = counts.getAndSet(new ConcurrentHashMap<>());
        Map<List<String>, Map<String, Long>> byBreakdown = new LinkedHashMap<>();
        counted.forEach((series, sum) -> byBreakdown
                .computeIfAbsent(breakdownOf(series), b -> new LinkedHashMap<>())
                .merge(series.metric().metricName(), sum.sum(), Long::sum));
        byBreakdown.forEach(this::write);
    }

    /** [] for a metric without breakdown, else [dimension, value]. */
    private static List<String> breakdownOf(Series series) {
        return series.metric().breakdown() == null ? List.of() : List.of(series.metric().breakdown(), series.breakdownValue());
    }

    private void write(List<String> breakdown, Map<String, Long> sums) {
        try {
            MetricsContext record = new MetricsContext();
            record.setNamespace(NAMESPACE);
            DimensionSet perFunction = DimensionSet.of(FUNCTION, function);
            if (breakdown.isEmpty()) {
                record.setDimensions(perFunction);
            } else {
                record.setDimensions(perFunction, DimensionSet.of(FUNCTION, function, breakdown.get(0), breakdown.get(1)));
            }
            sums.forEach((name, sum) -> record.putMetric(name, sum, Unit.COUNT));
            record.serialize().forEach(sink);
        } catch (IllegalArgumentException | JsonProcessingException e) {
            // a metric is never worth failing the work it counts: the invocation goes on without it
            sink.accept("{\"level\":\"ERROR\",\"message\":\"metrics could not be written\",\"error\":\""
                    + e.getClass().getSimpleName() + "\"}");
        }
    }
}
