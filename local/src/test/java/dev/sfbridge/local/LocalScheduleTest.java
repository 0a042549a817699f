package dev.sfbridge.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** A template's rate schedule run here: its period compressed, its Input as the handler's Map, failures reported. */
class LocalScheduleTest {

    @Test
    void rateExpressionsAreReadAndCronIsRefusedByName() {
        assertEquals(Duration.ofMinutes(15), LocalSchedule.rate("SyncSchedule", "rate(15 minutes)"));
        assertEquals(Duration.ofMinutes(1), LocalSchedule.rate("SyncSchedule", "rate(1 minute)"));
        assertEquals(Duration.ofHours(2), LocalSchedule.rate("SyncSchedule", "rate(2 hours)"));
        assertEquals(Duration.ofDays(1), LocalSchedule.rate("SyncSchedule", "rate(1 day)"));
        IllegalArgumentException cron = assertThrows(IllegalArgumentException.class,
                () -> LocalSchedule.rate("--sync-schedule", "cron(0 12 * * ? *)"));
        assertTrue(cron.getMessage().startsWith("--sync-schedule is cron(0 12 * * ? *)"), cron.getMessage());
        assertThrows(IllegalArgumentException.class, () -> LocalOptions.parse("--sync-schedule", "every minute"));
    }

    @Test
    void theHandlerGetsTheInputEveryCompressedPeriodAndAFailureDoesNotStopTheSchedule() throws Exception {
        List<Map<String, Object>> events = new CopyOnWriteArrayList<>();
        RequestHandler<Map<String, Object>, String> handler = (event, context) -> {
            events.add(event);
            if (events.size() == 1) {
                throw new IllegalStateException("the first invocation dies");
            }
            return "ok";
        };
        ByteArrayOutputStream problems = new ByteArrayOutputStream();

        // a minute 600 times faster: every 100 ms
        try (LocalSchedule schedule = new LocalSchedule("BatchSyncFunction", "rate(1 minute)", "{\"syncJob\": \"job-a\"}",
                handler, Map.class, new TimeScale(600), new PrintStream(problems, true, StandardCharsets.UTF_8))) {
            assertEquals(Duration.ofMillis(100), schedule.period());
            Await.until(Duration.ofSeconds(20), () -> schedule.invocations() >= 3, () -> schedule.invocations() + " invocations");
        }

        events.forEach(event -> assertEquals(Map.of("syncJob", "job-a"), event));
        assertTrue(problems.toString(StandardCharsets.UTF_8).contains("BatchSyncFunction: a scheduled invocation failed: "
                + "java.lang.IllegalStateException: the first invocation dies"), problems.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aHandlerThatTakesNoMapCannotBeScheduled() {
        RequestHandler<String, String> handler = (event, context) -> event;

        assertThrows(IllegalArgumentException.class, () -> new LocalSchedule("F", "rate(1 minute)", null, handler, String.class,
                new TimeScale(60), System.err));
    }
}
