package dev.sfbridge.callback;

import static dev.sfbridge.callback.CallbackFixture.T0;
import static dev.sfbridge.callback.CallbackFixture.failedIds;
import static dev.sfbridge.callback.CallbackFixture.messageIds;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.sfbridge.config.Env;
import dev.sfbridge.model.CallbackRequest;
import dev.sfbridge.model.QueueJson;
import dev.sfbridge.testing.TestClock;
import dev.sfbridge.testing.TestContext;
import dev.sfbridge.testing.TestIds;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * The invocation's deadline: no Salesforce call is started that could not end, with its publish and the batch's
 * settlement, before the function's timeout; what is not sent goes back to the queue, so a slow org never times
 * out a whole batch.
 */
class CallbackDeadlineTest {
    @AutoClose
    private final CallbackFixture fixture = new CallbackFixture();
    /** Now, moved on by the test alone: the tokens' assertions are valid, the deadline passes when told. */
    private final TestClock clock = new TestClock(Instant.now());
    private final Duration afterLastStart = CallbackConfig.from(new Env(fixture.environment())).afterLastStart();

    @Test
    void theMarginCoversATokenAndAWriteAtTheirLongestThenThePublishAndTheSettlement() {
        assertEquals(Duration.ofSeconds(79 + 79 + 28 + 20), afterLastStart);
        assertEquals(Duration.ofSeconds(79 + 79 + 20), CallbackConfig.from(new Env(withOverride("PLATFORM_EVENTS_ENABLED", "false")))
                .afterLastStart(), "nothing to publish, no time kept for it");
    }

    @Test
    void withTooLittleTimeLeftNothingIsSentAndEveryCallbackComesBack() {
        SQSEvent event = erpEvents(3);

        SQSBatchResponse response = fixture.handler(Map.of(), clock, line -> { })
                .handleRequest(event, context(afterLastStart.minusSeconds(1)));

        assertEquals(messageIds(event), failedIds(response));
        assertEquals(0, fixture.salesforce.apiCalls(), "not even a token");
        assertEquals(Map.of("CallbacksNotStarted", 3L, "SalesforceConfigurationErrors", 1L), fixture.metrics.emitted(),
                "an invocation that starts with too little time is a timeout set too short: it pages");
        event.getRecords().forEach(m -> assertEquals("RETRY_LATER", fixture.outcomes().get(m.getMessageId())));
        Map<?, ?> notWritten = fixture.logLines.stream().map(line -> QueueJson.read(line, Map.class))
                .filter(fields -> "callbacks not written".equals(fields.get("message"))).findFirst().orElseThrow();
        assertEquals("deadline", notWritten.get("reason"));
        assertEquals(3, notWritten.get("records"));
        Map<?, ?> tooShort = fixture.logLines.stream().map(line -> QueueJson.read(line, Map.class))
                .filter(fields -> "function timeout too short".equals(fields.get("message"))).findFirst().orElseThrow();
        assertEquals("ERROR", tooShort.get("level"));
        assertEquals(afterLastStart.toMillis(), ((Number) tooShort.get("keptForLastCallMs")).longValue());
    }

    /** Two records a call: the first call is made, then the deadline passes, and the other two calls are not. */
    @Test
    void whatIsNotStartedByTheDeadlineGoesBackToTheQueueAndWhatWasWrittenIsPublished() {
        SQSEvent event = erpEvents(5);
        Map<String, String> twoPerCall = Map.of("SALESFORCE_RECORDS_PER_CALL", "2");

        SQSBatchResponse response = fixture.handler(twoPerCall, clock, line -> {
            if (line.contains("\"message\":\"salesforce call\"")) {
                clock.advance(Duration.ofSeconds(11));
            }
        }).handleRequest(event, context(afterLastStart.plusSeconds(10)));

        assertEquals(messageIds(event).subList(2, 5), failedIds(response));
        assertEquals(1, fixture.salesforce.collectionCalls());
        IntStream.rangeClosed(1, 2).forEach(n -> assertEquals("SO-" + n, fixture.salesforce.fields(record(n)).get("ERP_Order_Number__c")));
        IntStream.rangeClosed(3, 5).forEach(n -> assertNull(fixture.salesforce.fields(record(n)).get("ERP_Order_Number__c")));
        assertEquals(Map.of("CallbacksApplied", 2L, "PlatformEventsPublished", 2L, "CallbacksNotStarted", 3L, "TokenRefreshes", 1L),
                fixture.metrics.emitted(), "the written records' events are published after the deadline: its margin holds them");
    }

    /** Without a context (the local stack, tests) there is no deadline. */
    @Test
    void withoutAContextEverythingIsWritten() {
        SQSEvent event = erpEvents(3);

        SQSBatchResponse response = fixture.handler(Map.of(), clock, line -> clock.advance(Duration.ofDays(1))).handleRequest(event, null);

        assertEquals(List.of(), failedIds(response));
    }

    private SQSEvent erpEvents(int count) {
        return fixture.event(IntStream.rangeClosed(1, count).mapToObj(n -> {
            fixture.opportunity(n);
            return fixture.fromErp(record(n), "SO-" + n, "Shipped", T0.plusSeconds(n));
        }).toArray(CallbackRequest[]::new));
    }

    private static String record(int n) {
        return TestIds.id("006", n);
    }

    private Map<String, String> withOverride(String name, String value) {
        Map<String, String> env = fixture.environment();
        env.put(name, value);
        return env;
    }

    private static TestContext context(Duration remaining) {
        return new TestContext("invocation", Math.toIntExact(remaining.toMillis()));
    }
}
