package dev.sfbridge.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.sfbridge.model.CallbackRequest;
import dev.sfbridge.model.OrderResult;
import dev.sfbridge.model.NotificationPack;
import dev.sfbridge.model.QueueJson;
import dev.sfbridge.observability.JsonLog;
import dev.sfbridge.queue.BatchEnqueuer;
import dev.sfbridge.queue.DeadLetterQueue;
import dev.sfbridge.retry.StartDeadline;
import dev.sfbridge.retry.Retry;
import dev.sfbridge.testing.NoIdempotency;
import dev.sfbridge.testing.RecordingMetrics;
import dev.sfbridge.testing.RecordingSqs;
import dev.sfbridge.testing.TestClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import software.amazon.awssdk.retries.api.BackoffStrategy;

/**
 * The worker's reading of one notifications-queue message under Jazzer's coverage-guided fuzzing: whatever the
 * body, it is split into its notifications ({@link NotificationPack}: the objects of a pack, else the body whole), and
 * the worker either applies each (one order upserted, one callback queued that the callbacks read back) or puts it on
 * the dead-letter queue with a reason; never an exception, never a retry, as nothing here fails but the message. The idempotency store, change guard and ERP are stand-ins that always let the work through, so
 * the fuzzer spends its time on the reading and the mapping. A plain test run replays the committed inputs
 * ({@code NotificationMessageJazzerTestInputs/}); {@code ./dev fuzz worker-queue} fuzzes (docs/reliability.md).
 */
class NotificationMessageJazzerTest {
    private static final String CALLBACKS = "https://sqs.eu-west-1.amazonaws.com/123456789012/callbacks";
    private static final String DEAD_LETTERS = "https://sqs.eu-west-1.amazonaws.com/123456789012/notifications-dlq";

    private final RecordingSqs sqs = new RecordingSqs();
    private final TestClock clock = new TestClock(Instant.parse("2026-11-23T12:00:00Z"));
    private final RecordingMetrics metrics = new RecordingMetrics();
    private final NotificationProcessor processor = new NotificationProcessor(new NoIdempotency(), (org, record, changedAt, now) -> true,
            new OrderMapping(), order -> new OrderResult("SO-1", "Booked", OrderResult.Write.CREATED),
            new BatchEnqueuer(sqs, new Retry(1, BackoffStrategy.retryImmediately(), d -> { })), CALLBACKS,
            new DeadLetterQueue(sqs, DEAD_LETTERS, clock, metrics), new JsonLog(line -> { }, clock), metrics, clock);

    /** Tokens the fuzzer would take long to come upon byte by byte. */
    @DictionaryEntries({
            "null", "true", "false", "{}", "[]", "\"\"", "\"schemaVersion\":1", "\"notificationId\":",
            "\"organizationId\":", "\"actionId\":", "\"objectType\":", "\"recordId\":", "\"fields\":",
            "\"receivedAt\":", "\"enterpriseUrl\":", "\"sessionId\":", "\"SystemModstamp\":",
            "\"LastModifiedDate\":", "\"Amount\":", "\"CloseDate\":", "[{", "},{", "}]"})
    @FuzzTest(maxDuration = "30s")
    void anyMessageIsAppliedOrDeadLettered(byte[] bytes) {
        String body = new String(bytes, StandardCharsets.UTF_8);
        List<String> parts = NotificationPack.parts(body);
        assertTrue(parts.size() == 1 || body.stripLeading().startsWith("["), "only an array is split");
        for (String part : parts) {
            sqs.clear();
            // no record read for it: the message alone decides (the batch step that reads ID-only records is the consumer's)
            NotificationOutcome outcome = processor.process("m-1", part, null, Duration.ofMinutes(15), StartDeadline.NONE).outcome();
            assertAppliedOrDeadLettered(part, outcome);
        }
    }

    private void assertAppliedOrDeadLettered(String part, NotificationOutcome outcome) {
        List<String> callbacks = sqs.sent(CALLBACKS);
        List<String> deadLetters = sqs.sent(DEAD_LETTERS);
        switch (outcome) {
            case APPLIED -> {
                assertEquals(1, callbacks.size());
                assertTrue(deadLetters.isEmpty());
                CallbackRequest callback = QueueJson.read(callbacks.getFirst(), CallbackRequest.class);
                assertEquals("SO-1", callback.orderNumber());
            }
            case DEAD_LETTERED -> {
                assertEquals(List.of(part), deadLetters, "the notification is dead-lettered as it came");
                assertTrue(callbacks.isEmpty());
            }
            default -> throw new AssertionError("nothing failed, yet the outcome is " + outcome);
        }
    }
}
