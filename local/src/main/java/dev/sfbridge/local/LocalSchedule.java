package dev.sfbridge.local;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * EventBridge's schedule of one function ({@code Schedule} event), run here: a {@code rate(N unit)} expression
 * every N units divided by the time scale, the first one period after the start, as a rate rule first fires. The
 * handler gets the event's {@code Input} read as its input type (a {@code Map}), or EventBridge's scheduled event
 * without one. One invocation at a time: one that outlasts the period delays the next instead of overlapping it. A
 * failed invocation is reported and not retried (Lambda retries an asynchronous one twice); the next one comes at
 * its time anyway, and a function on a schedule resumes from its own state.
 */
final class LocalSchedule implements AutoCloseable {
    private static final Pattern RATE = Pattern.compile("rate\\((\\d+) (minute|minutes|hour|hours|day|days)\\)");
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Longer than any invocation here takes. */
    private static final Duration FINISH_AT_MOST = Duration.ofSeconds(30);

    private final String name;
    private final Duration period;
    private final PrintStream problems;
    private final ScheduledExecutorService executor;
    private final AtomicInteger failures = new AtomicInteger();
    private final AtomicInteger invocations = new AtomicInteger();

    /**
     * @param expression the schedule expression, its parameter resolved
     * @param input      the event's {@code Input} JSON, if the template sets one
     */
    LocalSchedule(String name, String expression, String input, RequestHandler<?, ?> handler, Class<?> inputType,
                  TimeScale timeScale, PrintStream problems) {
        this.name = name;
        this.period = timeScale.compress(rate(name + "'s schedule", expression));
        this.problems = problems;
        if (!inputType.isAssignableFrom(Map.class)) {
            throw new IllegalArgumentException(name + " is on a schedule but takes " + inputType.getName()
                    + ": the local stack hands a scheduled event to a handler of a Map");
        }
        Map<String, Object> constant = input == null ? null : parse(name, input);
        Supplier<Map<String, Object>> event = constant == null ? LocalSchedule::scheduledEvent : () -> constant;
        @SuppressWarnings("unchecked")
        RequestHandler<Map<String, Object>, ?> typed = (RequestHandler<Map<String, Object>, ?>) handler;
        executor = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name(name + "-schedule").daemon().factory());
        long every = Math.max(1, period.toMillis());
        executor.scheduleAtFixedRate(() -> invoke(typed, event.get()), every, every, TimeUnit.MILLISECONDS);
    }

    /** A {@code rate(...)} expression's period; EventBridge's cron expressions are not run here. */
    static Duration rate(String what, String expression) {
        Matcher rate = RATE.matcher(expression.strip());
        if (!rate.matches()) {
            throw new IllegalArgumentException(what + " is " + expression
                    + ": the local stack runs rate(N minutes|hours|days) schedules only (--sync-schedule sets the batch sync's)");
        }
        long n = Long.parseLong(rate.group(1));
        return switch (rate.group(2).replaceAll("s$", "")) {
            case "minute" -> Duration.ofMinutes(n);
            case "hour" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
    }

    Duration period() {
        return period;
    }

    int invocations() {
        return invocations.get();
    }

    private void invoke(RequestHandler<Map<String, Object>, ?> handler, Map<String, Object> event) {
        try {
            handler.handleRequest(event, null);
        } catch (RuntimeException | Error e) {
            if (failures.incrementAndGet() <= 3) {
                problems.println(name + ": a scheduled invocation failed: " + e);
            }
        } finally {
            invocations.incrementAndGet();
        }
    }

    private static Map<String, Object> parse(String name, String input) {
        try {
            return JSON.readValue(input, new TypeReference<LinkedHashMap<String, Object>>() {});
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(name + "'s schedule Input is not a JSON object: " + input, e);
        }
    }

    /** EventBridge's event for a scheduled rule without an input of its own. */
    private static Map<String, Object> scheduledEvent() {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("version", "0");
        event.put("id", UUID.randomUUID().toString());
        event.put("detail-type", "Scheduled Event");
        event.put("source", "aws.events");
        event.put("account", "000000000000");
        event.put("time", Instant.now().toString());
        event.put("region", "us-east-1");
        event.put("resources", List.of());
        event.put("detail", Map.of());
        return event;
    }

    /** Lets an invocation under way finish, as {@link SqsPoller} does, then stops. */
    @Override
    public void close() {
        executor.shutdown();
        try {
            if (!executor.awaitTermination(FINISH_AT_MOST.toMillis(), TimeUnit.MILLISECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
