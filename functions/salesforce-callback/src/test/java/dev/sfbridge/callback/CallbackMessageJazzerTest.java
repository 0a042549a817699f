package dev.sfbridge.callback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent.SQSMessage;
import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.sfbridge.observability.JsonLog;
import dev.sfbridge.queue.DeadLetterQueue;
import dev.sfbridge.testing.RecordingMetrics;
import dev.sfbridge.testing.RecordingSqs;
import dev.sfbridge.testing.TestClock;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

/**
 * The callback function's reading of callbacks-queue messages under Jazzer's coverage-guided fuzzing: a batch
 * of two messages with the same body (the same callback delivered twice) is settled message by message, each
 * one a status that is not written (the status guard here refuses every one, as if a newer status had been
 * written) or a dead letter with its reason; nothing is retried, as nothing here fails but the messages, and no
 * bad message takes the batch down with it. The writer is never reached: what is fuzzed is the reading, the
 * checks, the mapping and the batch's own ordering. A plain test run replays the committed inputs
 * ({@code CallbackMessageJazzerTestInputs/}); {@code ./dev fuzz callback-queue} fuzzes (docs/reliability.md).
 */
class CallbackMessageJazzerTest {
    private static final String QUEUE_ARN = "arn:aws:sqs:eu-west-1:123456789012:callbacks";
    private static final String DEAD_LETTERS = "https://sqs.eu-west-1.amazonaws.com/123456789012/callbacks-dlq";

    private final RecordingSqs sqs = new RecordingSqs();
    private final TestClock clock = new TestClock(Instant.parse("2026-11-23T12:00:00Z"));
    private final RecordingMetrics metrics = new RecordingMetrics();
    private final SalesforceCallbacks callbacks = new SalesforceCallbacks((org, record, changedAt, now) -> false,
            new FieldMapping("Opportunity", "ERP_Order_Number__c", "ERP_Order_Status__c", "ERP_Status_Changed_At__c"),
            null, new DeadLetterQueue(sqs, DEAD_LETTERS, clock, metrics), new JsonLog(line -> { }, clock), metrics, sqs, clock);

    /** Tokens the fuzzer would take long to come upon byte by byte. */
    @DictionaryEntries({
            "null", "true", "false", "{}", "[]", "\"\"", "\"schemaVersion\":1", "\"notificationId\":",
            "\"organizationId\":", "\"objectType\":", "\"recordId\":", "\"orderNumber\":", "\"orderStatus\":",
            "\"statusChangedAt\":", "\"instanceUrl\":", "\"sessionId\":"})
    @FuzzTest(maxDuration = "30s")
    void anyMessageIsSettledOnItsOwn(byte[] bytes) {
        sqs.clear();
        String body = new String(bytes, StandardCharsets.UTF_8);
        SQSBatchResponse response = callbacks.process(List.of(message("m-1", body), message("m-2", body)));

        assertEquals(List.of(), response.getBatchItemFailures(), "nothing failed, so nothing is retried");
        List<String> deadLetters = sqs.sent(DEAD_LETTERS);
        assertTrue(deadLetters.isEmpty() || deadLetters.equals(List.of(body, body)),
                "a body either reads for both messages or for neither: " + deadLetters.size() + " dead letters");
    }

    private static SQSMessage message(String id, String body) {
        SQSMessage message = new SQSMessage();
        message.setMessageId(id);
        message.setReceiptHandle(id + "#1");
        message.setEventSourceArn(QUEUE_ARN);
        message.setBody(body);
        return message;
    }
}
