package dev.sfbridge.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.function.Consumer;

/**
 * The functions' last errors and the listener's latencies, read from their JSON log lines as they are written
 * (the lines docs/observability.md describes): what the status page shows besides the pipeline's counts. Only
 * the fields the page shows are kept; the log lines themselves never carry a secret or a body.
 */
final class RecentActivity implements Consumer<String> {
    static final int ERRORS_KEPT = 12;
    static final int LATENCIES_KEPT = 300;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A line at level ERROR: what it is about, the outcome and reason codes, the exception's class. */
    record Error(String timestamp, String message, String outcome, String reason, String error, String recordId) {}

    /** One outbound message the listener answered, and how long it took. */
    record Latency(String timestamp, long durationMs, String outcome) {}

    private final Deque<Error> errors = new ArrayDeque<>();
    private final Deque<Latency> latencies = new ArrayDeque<>();
    private long errorsSeen;

    @Override
    public void accept(String line) {
        JsonNode fields;
        try {
            fields = JSON.readTree(line);
        } catch (Exception e) {
            return; // not a JSON line (an EMF record is one too, without these fields): nothing to show
        }
        if (fields == null || !fields.isObject()) {
            return;
        }
        if ("ERROR".equals(fields.path("level").asText())) {
            record(errors, new Error(text(fields, "timestamp"), text(fields, "message"), text(fields, "outcome"),
                    text(fields, "reason"), text(fields, "error"), text(fields, "recordId")), ERRORS_KEPT);
            synchronized (this) {
                errorsSeen++;
            }
        }
        if ("outbound message".equals(fields.path("message").asText()) && fields.has("durationMs")) {
            record(latencies, new Latency(text(fields, "timestamp"), fields.get("durationMs").asLong(), text(fields, "outcome")),
                    LATENCIES_KEPT);
        }
    }

    /** The last errors, newest first. */
    synchronized List<Error> errors() {
        return List.copyOf(errors);
    }

    synchronized long errorsSeen() {
        return errorsSeen;
    }

    /** The listener's last answers, oldest first. */
    synchronized List<Latency> latencies() {
        return List.copyOf(latencies).reversed();
    }

    private synchronized <T> void record(Deque<T> kept, T item, int limit) {
        kept.addFirst(item);
        if (kept.size() > limit) {
            kept.removeLast();
        }
    }

    private static String text(JsonNode fields, String name) {
        JsonNode value = fields.get(name);
        return value == null || value.isNull() ? null : value.asText();
    }
}
