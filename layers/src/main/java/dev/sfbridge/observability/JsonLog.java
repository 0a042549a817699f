package dev.sfbridge.observability;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One JSON object per line, the shape CloudWatch Logs Insights queries directly. Callers pass only
 * fields that are safe to log: never bodies, session IDs, tokens or keys.
 */
public final class JsonLog {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Consumer<String> sink;
    private final Clock clock;

    public JsonLog(Consumer<String> sink, Clock clock) {
        this.sink = sink;
        this.clock = clock;
    }

    /** Lines to standard output, which Lambda sends to CloudWatch Logs. */
    public static JsonLog stdout() {
        return new JsonLog(System.out::println, Clock.systemUTC());
    }

    public void info(String message, Map<String, ?> fields) {
        write("INFO", message, fields);
    }

    public void error(String message, Map<String, ?> fields) {
        write("ERROR", message, fields);
    }

    private void write(String level, String message, Map<String, ?> fields) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("timestamp", clock.instant().toString());
        line.put("level", level);
        line.put("message", message);
        line.putAll(fields);
        try {
            sink.accept(MAPPER.writeValueAsString(line));
        } catch (JsonProcessingException e) {
            sink.accept("{\"level\":\"ERROR\",\"message\":\"log line could not be written\"}");
        }
    }
}
