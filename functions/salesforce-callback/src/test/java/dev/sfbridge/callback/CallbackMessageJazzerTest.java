package dev.sfbridge.callback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent.SQSMessage;
import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.sfbridge.observability.JsonLog;
import dev.sfbridge.queue.DeadLetterQueue;
import dev.sfbridge.retry.Retry;
import dev.sfbridge.salesforce.AccessToken;
import dev.sfbridge.salesforce.PlatformEvent;
import dev.sfbridge.salesforce.QueryResult;
import dev.sfbridge.salesforce.RecordResult;
import dev.sfbridge.salesforce.RecordUpdate;
import dev.sfbridge.salesforce.SalesforceAuth;
import dev.sfbridge.salesforce.SalesforceClient;
import dev.sfbridge.salesforce.TokenCache;
import dev.sfbridge.salesforce.WriteResult;
import dev.sfbridge.testing.RecordingMetrics;
import dev.sfbridge.testing.RecordingSqs;
import dev.sfbridge.testing.TestClock;
import dev.sfbridge.testing.TestIds;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import software.amazon.awssdk.retries.api.BackoffStrategy;

/**
 * The callback function's reading of callbacks-queue messages under Jazzer's coverage-guided fuzzing: a batch
 * of two messages with the same body (the same callback delivered twice) is settled message by message, each
 * one a status that is not written (the status guard here refuses every one, as if a newer status had been
 * written), a dead letter with its reason, or a callback without a status, which passes no guard and is written
 * to an org that takes every write; nothing is retried, as nothing here fails but the messages, and no bad
 * message takes the batch down with it. What is fuzzed is the reading, the checks, the mapping, the batch's own
 * ordering, and the writer's grouping of what reaches it. A plain test run replays the committed inputs
 * ({@code CallbackMessageJazzerTestInputs/}); {@code ./dev fuzz callback-queue} fuzzes (docs/reliability.md).
 */
class CallbackMessageJazzerTest {
    private static final String QUEUE_ARN = "arn:aws:sqs:eu-west-1:123456789012:callbacks";
    private static final String DEAD_LETTERS = "https://sqs.eu-west-1.amazonaws.com/123456789012/callbacks-dlq";

    private final RecordingSqs sqs = new RecordingSqs();
    private final TestClock clock = new TestClock(Instant.parse("2026-11-23T12:00:00Z"));
    private final RecordingMetrics metrics = new RecordingMetrics();
    private final JsonLog log = new JsonLog(line -> { }, clock);
    private final OrgCallbackWriter writer = new OrgCallbackWriter(new OrgTakingEveryWrite(),
            new SalesforceAuth(TestIds.ORG, new TokenCache(() -> new AccessToken(URI.create("https://sfbridge-dev.my.salesforce.com"),
                    "oauth-token", AccessToken.Source.OAUTH))),
            SalesforceClient.MAX_RECORDS_PER_CALL, new Retry(1, BackoffStrategy.retryImmediately(), d -> { }), OrderUpdateEvents.disabled(),
            log, metrics, clock);
    private final SalesforceCallbacks callbacks = new SalesforceCallbacks((org, record, changedAt, now) -> false,
            new FieldMapping("Opportunity", "ERP_Order_Number__c", "ERP_Order_Status__c", "ERP_Status_Changed_At__c", "ERP_Status_Changed_At_Ms__c"),
            writer, new DeadLetterQueue(sqs, DEAD_LETTERS, clock, metrics), log, metrics, sqs, clock);

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
        // a callback without a status for an org without credentials here is dead-lettered once: its copy is stale
        assertTrue(deadLetters.isEmpty() || deadLetters.equals(List.of(body, body)) || deadLetters.equals(List.of(body)),
                "a body either reads for both messages or for neither: " + deadLetters.size() + " dead letters");
    }

    /** Every record written, at once: what reaches the writer is settled by it, never retried. */
    private static final class OrgTakingEveryWrite implements SalesforceClient {
        @Override
        public WriteResult updateRecord(AccessToken token, RecordUpdate update) {
            return updateRecords(token, List.of(update));
        }

        @Override
        public WriteResult updateRecords(AccessToken token, List<RecordUpdate> updates) {
            return new WriteResult(updates.stream().map(u -> RecordResult.ok(u.id())).toList(), null);
        }

        @Override
        public WriteResult publishEvents(AccessToken token, List<PlatformEvent> events) {
            throw new UnsupportedOperationException("events are disabled here");
        }

        @Override
        public QueryResult queryAll(AccessToken token, String soql) {
            throw new UnsupportedOperationException("the callbacks query nothing");
        }

        @Override
        public boolean fitsOneQuery(String soql) {
            return true;
        }
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
