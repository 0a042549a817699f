package dev.sfbridge.observability;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One JSON object per line, the shape CloudWatch Logs Insights queries directly. Callers pass only
 * fields that are safe to log: never bodies, session IDs, tokens or keys. The correlation fields have one
 * name each wherever they appear ({@link #REQUEST_ID}, {@link #NOTIFICATION_ID}, ...; docs/observability.md).
 */
public final class JsonLog {
    /** The Lambda invocation's (or API Gateway request's) ID. */
    public static final String REQUEST_ID = "requestId";
    /** The outbound message notification's ID ({@code 04l…}), stable across Salesforce's retries. */
    public static final String NOTIFICATION_ID = "notificationId";
    /** The Salesforce org ({@code 00D…}). */
    public static final String ORGANIZATION_ID = "organizationId";
    /** The Salesforce record (the Opportunity, {@code 006…}). */
    public static final String RECORD_ID = "recordId";
    /** The ERP's order number. */
    public static final String ORDER_NUMBER = "orderNumber";
    /** The SQS message's ID. */
    public static final String MESSAGE_ID = "messageId";

    private static final ObjectMapper MAPPER = new ObjectMapper();
    /**
     * The invocation being served. Lambda serves one invocation at a time per container, and the work fans
     * out to virtual threads, which inherit it: so a line written deep in shared code (a token request)
     * carries the request ID without every signature on the way passing it.
     */
    private static final InheritableThreadLocal<String> CURRENT_REQUEST_ID = new InheritableThreadLocal<>();

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

    /**
     * Until closed, lines written on this thread, and on threads it starts meanwhile, carry {@code requestId}
     * (unless they name one themselves). A null ID adds nothing.
     */
    public static RequestScope forRequest(String requestId) {
        String outer = CURRENT_REQUEST_ID.get();
        CURRENT_REQUEST_ID.set(requestId);
        return () -> CURRENT_REQUEST_ID.set(outer);
    }

    /** Closing restores what was current before; it throws nothing. */
    public interface RequestScope extends AutoCloseable {
        @Override
        void close();
    }

    public void info(String message, Map<String, ?> fields) {
        write("INFO", message, fields);
    }

    /** Works, but runs in a way an operator should know of and may not mean. */
    public void warn(String message, Map<String, ?> fields) {
        write("WARN", message, fields);
    }

    public void error(String message, Map<String, ?> fields) {
        write("ERROR", message, fields);
    }

    private void write(String level, String message, Map<String, ?> fields) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("timestamp", clock.instant().toString());
        line.put("level", level);
        line.put("message", message);
        String requestId = CURRENT_REQUEST_ID.get();
        if (requestId != null) {
            line.put(REQUEST_ID, requestId);
        }
        line.putAll(fields);
        try {
            sink.accept(MAPPER.writeValueAsString(line));
        } catch (JsonProcessingException e) {
            sink.accept("{\"level\":\"ERROR\",\"message\":\"log line could not be written\"}");
        }
    }
}
