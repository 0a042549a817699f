package dev.sfbridge.erpevents;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.sfbridge.model.CallbackRequest;
import dev.sfbridge.model.QueueJson;
import dev.sfbridge.model.SalesforceIds;
import dev.sfbridge.observability.JsonLog;
import dev.sfbridge.queue.BatchEnqueuer;
import dev.sfbridge.retry.Retry;
import dev.sfbridge.testing.RecordingMetrics;
import dev.sfbridge.testing.RecordingSqs;
import dev.sfbridge.testing.StaticSecretsManager;
import dev.sfbridge.testing.TestClock;
import dev.sfbridge.testing.TestIds;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import software.amazon.awssdk.retries.api.BackoffStrategy;

/**
 * The ERP events route under Jazzer's coverage-guided fuzzing: any body, signed with the right secret so the
 * fuzzer gets past the signature to the event reader, is either accepted (202, every event queued as a
 * callback for the configured org) or refused with 400 and a reason; never a 5xx, never an exception (which
 * API Gateway would answer with a 502, and the ERP send the same body again). A plain test run replays the committed inputs
 * ({@code ErpEventReceiverJazzerTestInputs/}); {@code ./dev fuzz erp-events} fuzzes (docs/reliability.md).
 */
class ErpEventReceiverJazzerTest {
    private static final String QUEUE = "https://sqs.eu-west-1.amazonaws.com/123456789012/callbacks";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The body as one JSON value and nothing after it: what the ERP is documented to send. */
    private static final ObjectReader ONE_VALUE = JSON.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final RecordingSqs sqs = new RecordingSqs();
    private final TestClock clock = new TestClock(ErpEventsFixture.NOW);
    /** As ErpEventsHandler builds it, on a queue in memory and a log that keeps nothing: millions of requests go through it. */
    private final ErpEventReceiver receiver = new ErpEventReceiver(
            new SignatureVerifier(new SigningSecret(new StaticSecretsManager().put(ErpEventsFixture.SECRET_ID, ErpEventsFixture.SECRET),
                    ErpEventsFixture.SECRET_ID, Duration.ofHours(1), clock), Duration.ofMinutes(5), clock),
            new OrderEventReader(TestIds.ORG, "Opportunity", clock),
            new BatchEnqueuer(sqs, new Retry(1, BackoffStrategy.retryImmediately(), d -> { })), QUEUE,
            256 * 1024, new JsonLog(line -> { }, clock), new RecordingMetrics(), clock);

    /** Tokens the fuzzer would take long to come upon byte by byte. */
    @DictionaryEntries({
            "null", "true", "false", "{}", "[]", "\"\"", "\"orderNumber\":", "\"salesforceRecordId\":",
            "\"organizationId\":", "\"status\":", "\"changedAt\":", "+01:00", "Z\""})
    @FuzzTest(maxDuration = "30s")
    void anySignedBodyIsAcceptedOrRefusedWithAReason(byte[] bytes) throws Exception {
        sqs.clear();
        String body = new String(bytes, StandardCharsets.UTF_8);
        ErpEventResponse response = receiver.handle(ErpEventsFixture.signed(body));

        JsonNode answer = JSON.readTree(response.body());
        List<String> queued = sqs.sent(QUEUE);
        if (response.status() == 202) {
            assertDoesNotThrow(() -> {
                ONE_VALUE.readTree(body);
            }, "an accepted body is one JSON value");
            assertEquals(answer.get("accepted").asInt(), queued.size());
            for (String message : queued) {
                CallbackRequest callback = QueueJson.read(message, CallbackRequest.class);
                assertEquals(TestIds.ORG, callback.organizationId());
                assertTrue(SalesforceIds.isValid(callback.recordId()) && callback.recordId().startsWith("006"), callback.recordId());
                assertTrue(callback.orderNumber().length() <= 40 && callback.orderStatus().length() <= 40, callback.toString());
                assertFalse(callback.statusChangedAt().isAfter(ErpEventsFixture.NOW.plus(OrderEventReader.MAX_CLOCK_AHEAD)), callback.toString());
            }
        } else {
            assertEquals(400, response.status(), response.body());
            assertTrue(Set.of("malformed_json", "event_count", "invalid_event", "wrong_organization")
                    .contains(answer.get("error").asText()), response.body());
            assertTrue(queued.isEmpty(), "nothing is queued unless the answer is 202");
        }
    }
}
