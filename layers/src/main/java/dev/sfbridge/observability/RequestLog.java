package dev.sfbridge.observability;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one line an HTTP route logs per request: the request ID first, what each step adds in the order it adds
 * it, how long the request took last; at info when the request succeeded, at error otherwise. Callers put only
 * fields that are safe to log ({@link JsonLog}).
 *
 * @param message the line's {@code message}, the same for every request of the route
 */
public record RequestLog(JsonLog log, String message, Clock clock) {

    /** A request begins now. */
    public Line start(String requestId) {
        return new Line(requestId);
    }

    /** One request's line, written once. */
    public final class Line {
        private final Instant started = clock.instant();
        private final Map<String, Object> fields = new LinkedHashMap<>();

        private Line(String requestId) {
            fields.put(JsonLog.REQUEST_ID, requestId);
        }

        public void put(String name, Object value) {
            fields.put(name, value);
        }

        /** The value put under {@code name}, or null. */
        public Object get(String name) {
            return fields.get(name);
        }

        /** Adds {@code durationMs}, the time since the request began, and writes the line. */
        public void write(boolean succeeded) {
            fields.put("durationMs", Duration.between(started, clock.instant()).toMillis());
            if (succeeded) {
                log.info(message, fields);
            } else {
                log.error(message, fields);
            }
        }
    }
}
