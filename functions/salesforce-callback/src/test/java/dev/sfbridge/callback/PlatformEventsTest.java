package dev.sfbridge.callback;

import static dev.sfbridge.callback.CallbackFixture.T0;
import static dev.sfbridge.callback.CallbackFixture.failedIds;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.sfbridge.model.CallbackRequest;
import dev.sfbridge.model.QueueJson;
import dev.sfbridge.testing.SalesforceSimulator;
import dev.sfbridge.testing.SalesforceSimulator.PublishedEvent;
import dev.sfbridge.testing.TestIds;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code ERP_Order_Update__e} after the status writes: one event per record written, 200 per call, with the
 * write's credential; best-effort, so a publish that fails in any way leaves the records written and the
 * callbacks done, counted and logged.
 */
class PlatformEventsTest {
    @AutoClose
    private final CallbackFixture fixture = new CallbackFixture();
    private final SalesforceSimulator salesforce = fixture.salesforce;

    private List<CallbackRequest> erpCallbacks(int from, int to) {
        return IntStream.rangeClosed(from, to).mapToObj(n -> fixture.fromErp(fixture.opportunity(n), "SO-" + n, "Shipped",
                T0.plusSeconds(n))).toList();
    }

    private static SQSEvent batch(CallbackFixture fixture, List<CallbackRequest> callbacks) {
        return fixture.event(callbacks.toArray(CallbackRequest[]::new));
    }

    private List<Map<?, ?>> publishLines() {
        return fixture.logLines.stream().<Map<?, ?>>map(line -> QueueJson.read(line, Map.class))
                .filter(line -> "platform events".equals(line.get("message"))).toList();
    }

    @Test
    void aThousandStatusChangesPublishAnEventPerRecordInFiveCalls() {
        CallbackHandler handler = fixture.handler();

        for (int from = 1; from <= 1_000; from += 200) {
            // the event source mapping's batch size is 200 (template.yaml)
            assertEquals(List.of(), failedIds(handler.handleRequest(batch(fixture, erpCallbacks(from, from + 199)), null)));
        }

        assertEquals(5, salesforce.publishCalls(), "200 events per call");
        List<PublishedEvent> events = salesforce.publishedEvents();
        assertEquals(1_000, events.size());
        for (int n = 1; n <= 1_000; n++) {
            assertEquals(new PublishedEvent(OrderUpdateEvents.EVENT, Map.of(OrderUpdateEvents.RECORD_ID, TestIds.id("006", n),
                    OrderUpdateEvents.ORDER_NUMBER, "SO-" + n, OrderUpdateEvents.STATUS, "Shipped",
                    OrderUpdateEvents.CHANGED_AT, T0.plusSeconds(n).toString(),
                    OrderUpdateEvents.CHANGED_AT_MS, Long.toString(T0.plusSeconds(n).toEpochMilli()))), events.get(n - 1));
        }
        assertEquals(Map.of("CallbacksApplied", 1_000L, "PlatformEventsPublished", 1_000L, "TokenRefreshes", 1L), fixture.metrics.emitted());
        assertTrue(publishLines().stream().allMatch(line -> "OAUTH".equals(line.get("auth")) && line.get("failedEvents").equals(0)));
    }

    @Test
    void eachGroupsEventsGoWithTheCredentialItsRecordsWereWrittenWith() {
        CallbackRequest fromWorker = fixture.fromWorker(fixture.opportunity(1), "SO-1", "Booked", T0, fixture.session());

        fixture.handler().handleRequest(fixture.event(fromWorker), null);

        assertEquals(0, salesforce.tokenRequests(), "the outbound message's session published its event too");
        assertEquals(List.of("SESSION_ID"), publishLines().stream().map(line -> line.get("auth")).toList());
        assertEquals(1, salesforce.publishedEvents().size());
    }

    static Stream<Arguments> failedPublishes() {
        return Stream.of(
                Arguments.of("a 5xx on every attempt", (Consumer<SalesforceSimulator>) org -> org.failNextPublishCalls(3, 503, null), 3, "RETRYABLE"),
                Arguments.of("the org's API limit", (Consumer<SalesforceSimulator>) org -> org.failNextPublishCalls(1, 403, "REQUEST_LIMIT_EXCEEDED"),
                        1, "LIMIT_EXCEEDED"),
                Arguments.of("an answer that is no result", (Consumer<SalesforceSimulator>) org -> org.failNextPublishCalls(1, 400, null),
                        1, "RETRYABLE"),
                Arguments.of("the request refused as a whole", (Consumer<SalesforceSimulator>) org -> org.failNextPublishCalls(1, 400, "JSON_PARSER_ERROR"),
                        1, "PERMANENT"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("failedPublishes")
    void aFailedPublishLeavesTheRecordsWrittenAndTheCallbacksDone(String what, Consumer<SalesforceSimulator> failure, int calls, String error) {
        failure.accept(salesforce);

        SQSBatchResponse response = fixture.handler().handleRequest(batch(fixture, erpCallbacks(1, 5)), null);

        assertEquals(List.of(), failedIds(response), "no callback goes back to the queue for its event");
        assertEquals(List.of(), fixture.deadLetters());
        IntStream.rangeClosed(1, 5).forEach(n -> assertEquals("Shipped", salesforce.fields(TestIds.id("006", n)).get("ERP_Order_Status__c")));
        assertEquals(calls, salesforce.publishCalls(), "the client's own retries, none besides");
        assertEquals(List.of(), salesforce.publishedEvents());
        assertEquals(Map.of("CallbacksApplied", 5L, "PlatformEventsFailed", 5L, "TokenRefreshes", 1L), fixture.metrics.emitted());
        Map<?, ?> line = publishLines().getFirst();
        assertEquals(List.of("ERROR", 5, error), List.of(line.get("level"), line.get("failedEvents"), line.get("error")));
        assertTrue(fixture.outcomes().values().stream().allMatch("WRITTEN"::equals), fixture.outcomes().toString());
    }

    @Test
    void eventsSalesforceRefusesAreCountedAndTheOthersPublished() {
        salesforce.refuseNextEvents(2, "LIMIT_EXCEEDED", "The number of published platform event messages exceeded the hourly publishing limit");

        SQSBatchResponse response = fixture.handler().handleRequest(batch(fixture, erpCallbacks(1, 5)), null);

        assertEquals(List.of(), failedIds(response));
        assertEquals(List.of(TestIds.id("006", 3), TestIds.id("006", 4), TestIds.id("006", 5)), salesforce.publishedEvents().stream()
                .map(e -> e.fields().get(OrderUpdateEvents.RECORD_ID)).toList());
        assertEquals(Map.of("CallbacksApplied", 5L, "PlatformEventsPublished", 3L, "PlatformEventsFailed", 2L, "TokenRefreshes", 1L),
                fixture.metrics.emitted());
        Map<?, ?> line = publishLines().getFirst();
        assertEquals("ERROR", line.get("level"));
        assertEquals("LIMIT_EXCEEDED: The number of published platform event messages exceeded the hourly publishing limit", line.get("reason"));
    }

    @Test
    void aPublishThatDoesNotAnswerIsCutOffByItsOwnShortTimeout() {
        CountDownLatch release = new CountDownLatch(1);
        salesforce.holdPublishes(release);
        try {
            long started = System.nanoTime();
            SQSBatchResponse response = fixture.handler(Map.of("PLATFORM_EVENTS_TIMEOUT_MS", "300", "SALESFORCE_ATTEMPTS", "2"))
                    .handleRequest(batch(fixture, erpCallbacks(1, 3)), null);
            Duration took = Duration.ofNanos(System.nanoTime() - started);

            assertEquals(List.of(), failedIds(response));
            assertEquals("SO-3", salesforce.fields(TestIds.id("006", 3)).get("ERP_Order_Number__c"));
            assertEquals(2, salesforce.publishCalls(), "timed out twice, SALESFORCE_ATTEMPTS");
            assertTrue(took.compareTo(Duration.ofSeconds(15)) < 0,
                    "two 300 ms timeouts, not the writes' 20 s request timeout (nor the simulator's 30 s hold): " + took);
            assertEquals(Map.of("CallbacksApplied", 3L, "PlatformEventsFailed", 3L, "TokenRefreshes", 1L), fixture.metrics.emitted());
        } finally {
            release.countDown();
        }
    }

    @Test
    void staleAndDeadLetteredRecordsPublishNothing() {
        String written = fixture.opportunity(1);
        String deleted = fixture.opportunity(2);
        String newer = fixture.opportunity(3);
        salesforce.deleteRecord(deleted);
        CallbackHandler handler = fixture.handler();
        handler.handleRequest(fixture.event(fixture.fromErp(newer, "SO-3", "Delivered", T0.plusSeconds(60))), null);
        salesforce.failRecord(written, "UNABLE_TO_LOCK_ROW", "unable to obtain exclusive access to this record", 1);

        SQSBatchResponse response = handler.handleRequest(fixture.event(
                fixture.fromErp(written, "SO-1", "Shipped", T0),
                fixture.fromErp(deleted, "SO-2", "Shipped", T0),
                fixture.fromErp(newer, "SO-3", "Shipped", T0),
                fixture.fromErp(written, "SO-1", "Packed", T0.minusSeconds(5))), null);

        assertEquals(List.of(), failedIds(response));
        assertEquals(List.of(newer + "=Delivered", written + "=Shipped"), salesforce.publishedEvents().stream()
                .map(e -> e.fields().get(OrderUpdateEvents.RECORD_ID) + "=" + e.fields().get(OrderUpdateEvents.STATUS)).toList(),
                "record 1 once its row lock passed; not the deleted one, nor an older status of either");
        assertEquals(1, fixture.deadLetters().size());
    }

    @Test
    void publishingSwitchedOffPublishesNothing() {
        SQSBatchResponse response = fixture.handler(Map.of("PLATFORM_EVENTS_ENABLED", "false"))
                .handleRequest(batch(fixture, erpCallbacks(1, 5)), null);

        assertEquals(List.of(), failedIds(response));
        assertEquals(0, salesforce.publishCalls());
        assertEquals(Map.of("CallbacksApplied", 5L, "TokenRefreshes", 1L), fixture.metrics.emitted());
    }
}
