package dev.sfbridge.worker;

import static dev.sfbridge.worker.WorkerFixture.notification;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sfbridge.model.CallbackRequest;
import dev.sfbridge.model.Notification;
import dev.sfbridge.model.OrderResult;
import dev.sfbridge.model.QueueJson;
import dev.sfbridge.testing.LogScrubbing;
import dev.sfbridge.testing.OutboundMessages;
import dev.sfbridge.testing.SqsEventSourceMapping;
import dev.sfbridge.testing.TestContext;
import dev.sfbridge.testing.TestIds;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** Duplicates of every kind end in one ERP order and callbacks that all carry its number. */
class ExactlyOneOrderTest {
    @AutoClose
    private final WorkerFixture fixture = new WorkerFixture();

    @Test
    void theSameNotificationFiveTimesInARowMakesOneOrder() {
        OrderWorkerHandler handler = fixture.handler();
        for (int i = 0; i < 5; i++) {
            fixture.enqueue(notification(1));
            fixture.mapping(handler).drain(5);
        }

        assertEquals(1, fixture.erp.ordersCreated());
        assertEquals(1, fixture.erp.requests(), "duplicates never reach the ERP");
        List<CallbackRequest> callbacks = fixture.callbacks();
        assertEquals(1, callbacks.size());
        assertEquals(fixture.erp.order(TestIds.id("006", 1)).orElseThrow().orderNumber(), callbacks.get(0).orderNumber());
        assertEquals(4, fixture.logLines.stream().filter(l -> l.contains("\"outcome\":\"DUPLICATE\"")).count());
        assertEquals(Map.of("OrdersCreated", 1L, "DuplicatesSuppressed", 4L), fixture.metrics.emitted());
    }

    @Test
    void aNewerChangeOfTheSameRecordUpdatesItsOrder() {
        OrderWorkerHandler handler = fixture.handler();
        fixture.enqueue(notification(6, "", Instant.parse("2026-11-20T10:00:00Z")));
        fixture.mapping(handler).drain(5);
        fixture.enqueue(notification(6, "X", Instant.parse("2026-11-20T10:05:00Z")));
        fixture.mapping(handler).drain(5);

        assertEquals(1, fixture.erp.ordersCreated());
        assertEquals(Map.of("OrdersCreated", 1L, "OrdersUpdated", 1L), fixture.metrics.emitted());
        assertEquals(2, fixture.logLines.stream().filter(l -> l.contains("\"orderCreated\"")).count());
    }

    @Test
    void theSameNotificationFromTwoWorkersAtOnceMakesOneOrder() throws Exception {
        for (int round = 0; round < 5; round++) {
            Notification same = notification(round + 10);
            CountDownLatch start = new CountDownLatch(1);
            OrderWorkerHandler[] workers = {fixture.handler(), fixture.handler()};
            try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
                List<Future<List<String>>> results = new java.util.ArrayList<>();
                for (int w = 0; w < 2; w++) {
                    OrderWorkerHandler worker = workers[w];
                    String messageId = "m" + w;
                    Callable<List<String>> run = () -> {
                        start.await();
                        return WorkerFixture.failedIds(worker.handleRequest(WorkerFixture.event(Map.of(messageId, same)), null));
                    };
                    results.add(pool.submit(run));
                }
                start.countDown();
                for (Future<List<String>> r : results) {
                    r.get();
                }
            }
            // whichever lost the race while the winner was still working retries, as SQS would redeliver it
            for (OrderWorkerHandler worker : workers) {
                assertTrue(WorkerFixture.failedIds(worker.handleRequest(WorkerFixture.event(Map.of("again", same)), null)).isEmpty());
            }
        }

        assertEquals(5, fixture.erp.ordersCreated());
        Map<String, Long> perRecord = fixture.callbacks().stream()
                .collect(Collectors.groupingBy(CallbackRequest::recordId, Collectors.counting()));
        assertEquals(5, perRecord.size());
        perRecord.values().forEach(count -> assertEquals(1L, count));
    }

    @Test
    void duplicatesPollingTheQueueFromTwoWorkersMakeOneOrderEach() throws Exception {
        for (int n = 1; n <= 10; n++) {
            for (int copy = 0; copy < 5; copy++) {
                fixture.enqueue(notification(n));
            }
        }
        SqsEventSourceMapping first = fixture.mapping(fixture.handler());
        SqsEventSourceMapping second = fixture.mapping(fixture.handler());
        try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
            Future<Integer> a = pool.submit(() -> first.drain(200));
            Future<Integer> b = pool.submit(() -> second.drain(200));
            a.get();
            b.get();
        }

        assertEquals(10, fixture.erp.ordersCreated());
        assertEquals(10, fixture.callbacks().size());
    }

    @Test
    void aReplayFromTheDeadLetterQueueAfterCompletionIsADuplicate() {
        OrderWorkerHandler handler = fixture.handler();
        fixture.enqueue(notification(3));
        fixture.mapping(handler).drain(5);
        fixture.clock.advance(Duration.ofDays(10));
        fixture.enqueue(notification(3));
        fixture.mapping(handler).drain(5);

        assertEquals(1, fixture.erp.requests());
        assertEquals(1, fixture.callbacks().size());
    }

    @Test
    void aResendOfTheSameNotificationCarryingNewerDataReachesTheErp() {
        // Salesforce resends an unacknowledged notification with its ID but the record's latest data
        OrderWorkerHandler handler = fixture.handler();
        Notification firstSend = withAmount(notification(7, "", Instant.parse("2026-11-20T10:00:00Z")), "1.00");
        Notification resend = withAmount(notification(7, "", Instant.parse("2026-11-20T10:05:00Z")), "2.00");
        assertEquals(firstSend.notificationId(), resend.notificationId());
        handler.handleRequest(WorkerFixture.event(Map.of("m-1", firstSend)), new TestContext("req-1"));
        handler.handleRequest(WorkerFixture.event(Map.of("m-2", resend)), new TestContext("req-2"));

        assertEquals(0, new java.math.BigDecimal("2.00").compareTo(
                fixture.erp.order(TestIds.id("006", 7)).orElseThrow().request().amount()), "log: " + fixture.logLines);
        assertEquals(1, fixture.erp.ordersCreated());
        assertEquals(Map.of("OrdersCreated", 1L, "OrdersUpdated", 1L), fixture.metrics.emitted());
    }

    @Test
    void aResendOfTheSameNotificationAndTheSameChangeIsADuplicateThatNeverReachesTheErp() {
        OrderWorkerHandler handler = fixture.handler();
        Notification sent = withAmount(notification(8, "", Instant.parse("2026-11-20T10:00:00Z")), "1.00");
        handler.handleRequest(WorkerFixture.event(Map.of("m-1", sent)), new TestContext("req-1"));
        handler.handleRequest(WorkerFixture.event(Map.of("m-2", sent)), new TestContext("req-2"));

        assertEquals(1, fixture.erp.requests());
        assertEquals(1, fixture.callbacks().size());
        assertEquals(Map.of("OrdersCreated", 1L, "DuplicatesSuppressed", 1L), fixture.metrics.emitted());
    }

    @Test
    void anOlderChangeAfterANewerOneIsNotApplied() {
        OrderWorkerHandler handler = fixture.handler();
        Notification newer = notification(4, "", Instant.parse("2026-11-20T10:05:00Z"));
        Notification older = withAmount(notification(4, "X", Instant.parse("2026-11-20T10:00:00Z")), "1.00");
        fixture.enqueue(newer);
        fixture.mapping(handler).drain(5);
        fixture.enqueue(older);
        fixture.mapping(handler).drain(5);

        assertEquals(1, fixture.erp.requests(), "the older change never reached the ERP");
        assertEquals(0, new java.math.BigDecimal("1004.50").compareTo(
                fixture.erp.order(TestIds.id("006", 4)).orElseThrow().request().amount()));
        assertEquals(1, fixture.logLines.stream().filter(l -> l.contains("\"outcome\":\"STALE\"")).count());
        assertEquals(Map.of("OrdersCreated", 1L, "StaleChangesSkipped", 1L), fixture.metrics.emitted());
    }

    @Test
    void theCallbackCarriesTheOrderAndTheSessionButNoLogLineDoes() {
        Notification sent = notification(5);
        fixture.handler().handleRequest(WorkerFixture.event(Map.of("m-5", sent)), new TestContext("req-5"));

        CallbackRequest callback = fixture.callbacks().get(0);
        String orderNumber = fixture.erp.order(TestIds.id("006", 5)).orElseThrow().orderNumber();
        assertEquals(orderNumber, callback.orderNumber());
        assertNotNull(callback.orderStatus());
        assertEquals(TestIds.id("006", 5), callback.recordId());
        assertEquals("https://sfbridge-dev.my.salesforce.com", callback.instanceUrl());
        assertEquals(OutboundMessages.SESSION_ID, callback.sessionId().reveal());
        assertEquals(1, fixture.logLines.size());
        LogScrubbing.of().sessionId(OutboundMessages.SESSION_ID).apiKey("test-erp-key").messageBody(QueueJson.write(sent))
                .assertNoneIn(fixture.logLines);
        Map<?, ?> line = QueueJson.read(fixture.logLines.getFirst(), Map.class);
        assertEquals(Map.of("requestId", "req-5", "messageId", "m-5", "notificationId", sent.notificationId(),
                "organizationId", TestIds.ORG, "recordId", TestIds.id("006", 5), "orderNumber", orderNumber),
                Map.of("requestId", line.get("requestId"), "messageId", line.get("messageId"), "notificationId", line.get("notificationId"),
                        "organizationId", line.get("organizationId"), "recordId", line.get("recordId"), "orderNumber", line.get("orderNumber")),
                "the correlation set");
    }

    @Test
    void theCallbacksStatusTimeIsToTheMillisecondAsASalesforceDateTimeTakesIt() {
        fixture.clock.advance(Duration.ofNanos(123_456_789)); // a Linux clock's nine fraction digits
        fixture.handler().handleRequest(WorkerFixture.event(Map.of("m-6", notification(6))), new TestContext("req-6"));

        assertEquals(Instant.parse("2026-11-23T12:00:00.123Z"), fixture.callbacks().get(0).statusChangedAt());
    }

    @Test
    void withoutTheErpsTimeTheCallbacksStatusTimeIsWhenTheErpWasAskedNotWhenItAnswered() {
        Instant asked = fixture.clock.instant();
        // the ERP takes 3 s to answer: its status is of some moment in between, and an event of a change it makes
        // meanwhile carries a later time, which must win over this answer's
        fixture.handler(fixture.dynamoDb, fixture.sqs.client(), order -> {
            fixture.clock.advance(Duration.ofSeconds(3));
            OrderResult answered = fixture.erpClient().upsertOrder(order);
            return new OrderResult(answered.orderNumber(), answered.status(), answered.write());
        }).handleRequest(WorkerFixture.event(Map.of("m-7", notification(7))), new TestContext("req-7"));

        assertEquals(asked, fixture.callbacks().get(0).statusChangedAt());
    }

    /**
     * Found by the 100,000 chaos run: the ERP moved an order on to CONFIRMED and then SHIPPED while the worker's upsert
     * was retried, and the retry answered SHIPPED. Stamped with when the ERP was first asked, that SHIPPED was older
     * than the CONFIRMED event, which then went onto the record after it. The ERP's own time of the status orders the
     * answer among its events.
     */
    @Test
    void theErpsTimeOfTheStatusIsTheCallbacksSoAnEventTheAnswerAlreadyHoldsIsOlder() {
        Instant asked = fixture.clock.instant();
        Instant confirmedAt = asked.plusMillis(1);
        Instant shippedAt = asked.plusMillis(6);
        fixture.handler(fixture.dynamoDb, fixture.sqs.client(), order -> {
            fixture.clock.advance(Duration.ofSeconds(5));
            OrderResult answered = fixture.erpClient().upsertOrder(order);
            return new OrderResult(answered.orderNumber(), "SHIPPED", answered.write(), shippedAt.plusNanos(123), null);
        }).handleRequest(WorkerFixture.event(Map.of("m-8", notification(8))), new TestContext("req-8"));

        CallbackRequest callback = fixture.callbacks().get(0);
        assertEquals("SHIPPED", callback.orderStatus());
        assertEquals(shippedAt, callback.statusChangedAt(), "the ERP's time, to the millisecond");
        assertTrue(callback.statusChangedAt().isAfter(confirmedAt), "the CONFIRMED event is older than this answer");
    }

    /**
     * The same run's case for an ERP that does not say when: the first attempt was applied and its answer lost, the
     * ERP moved the order on to CONFIRMED, and the retry, sent 5 s later, answered SHIPPED. Stamped with the retry's
     * sending, the answer is newer than the CONFIRMED event it already holds.
     */
    @Test
    void withoutTheErpsTimeTheCallbacksStatusTimeIsWhenTheAnsweredRequestWasSent() {
        Instant confirmedAt = fixture.clock.instant().plusMillis(20);
        Instant[] retrySent = new Instant[1];
        fixture.handler(fixture.dynamoDb, fixture.sqs.client(), order -> {
            fixture.clock.advance(Duration.ofSeconds(5));
            retrySent[0] = fixture.clock.instant().plusNanos(123_456);
            fixture.clock.advance(Duration.ofMillis(300));
            OrderResult answered = fixture.erpClient().upsertOrder(order);
            return new OrderResult(answered.orderNumber(), "SHIPPED", answered.write(), null, retrySent[0]);
        }).handleRequest(WorkerFixture.event(Map.of("m-10", notification(10))), new TestContext("req-10"));

        CallbackRequest callback = fixture.callbacks().get(0);
        assertEquals(retrySent[0].truncatedTo(ChronoUnit.MILLIS), callback.statusChangedAt());
        assertTrue(callback.statusChangedAt().isAfter(confirmedAt), "the CONFIRMED event is older than this answer");
    }

    /** A sending time before the call began is another clock's: the call's start is the later bound, and is kept. */
    @Test
    void aSendingTimeBeforeTheErpWasAskedIsNotTaken() {
        Instant asked = fixture.clock.instant();
        fixture.handler(fixture.dynamoDb, fixture.sqs.client(), order -> {
            OrderResult answered = fixture.erpClient().upsertOrder(order);
            return new OrderResult(answered.orderNumber(), answered.status(), answered.write(), null, asked.minusSeconds(2));
        }).handleRequest(WorkerFixture.event(Map.of("m-11", notification(11))), new TestContext("req-11"));

        assertEquals(asked, fixture.callbacks().get(0).statusChangedAt());
    }

    @Test
    void anErpTimeFurtherAheadThanTheClocksSkewIsNotTakenAndTheLogSaysSo() {
        Instant asked = fixture.clock.instant();
        Instant ahead = asked.plus(CallbackRequest.MAX_ERP_CLOCK_AHEAD).plusSeconds(1);
        fixture.handler(fixture.dynamoDb, fixture.sqs.client(), order -> {
            OrderResult answered = fixture.erpClient().upsertOrder(order);
            return new OrderResult(answered.orderNumber(), answered.status(), answered.write(), ahead, null);
        }).handleRequest(WorkerFixture.event(Map.of("m-9", notification(9))), new TestContext("req-9"));

        assertEquals(asked, fixture.callbacks().get(0).statusChangedAt());
        assertTrue(fixture.logLines.stream().anyMatch(l -> l.contains("\"erpStatusTimeAhead\":\"" + ahead + "\"")), fixture.logLines.toString());
    }

    static Notification withAmount(Notification n, String amount) {
        Map<String, String> fields = new java.util.LinkedHashMap<>(n.fields());
        fields.put("Amount", amount);
        return new Notification(n.schemaVersion(), n.notificationId(), n.organizationId(), n.actionId(), n.objectType(),
                n.recordId(), fields, n.receivedAt(), n.instanceUrl(), n.sessionId());
    }
}
