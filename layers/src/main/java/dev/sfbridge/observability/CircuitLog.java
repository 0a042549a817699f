package dev.sfbridge.observability;

import dev.sfbridge.retry.CircuitBreaker;
import java.util.LinkedHashMap;
import java.util.Map;

/** A circuit's changes of phase, counted ({@link Metric#CIRCUIT_CHANGES}) and logged: an opening as an error. */
public final class CircuitLog {
    private CircuitLog() {}

    public static CircuitBreaker.Listener of(JsonLog log, Metrics metrics) {
        return (circuit, from, to) -> {
            metrics.count(Metric.CIRCUIT_CHANGES, to.name());
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("circuit", circuit);
            fields.put("from", from.name());
            fields.put("to", to.name());
            if (to == CircuitBreaker.Phase.OPEN) {
                log.error("ERP circuit", fields);
            } else {
                log.info("ERP circuit", fields);
            }
        };
    }
}
