package dev.sfbridge.worker;

import static dev.sfbridge.worker.WorkerFixture.SENT_AT;
import static dev.sfbridge.worker.WorkerFixture.failedIds;
import static dev.sfbridge.worker.WorkerFixture.lineItem;
import static dev.sfbridge.worker.WorkerFixture.salesforceDateTime;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import dev.sfbridge.erp.ErpClient;
import dev.sfbridge.model.CallbackRequest;
import dev.sfbridge.model.Notification;
import dev.sfbridge.model.OrderLine;
import dev.sfbridge.model.OrderRequest;
import dev.sfbridge.testing.OutboundMessages;
import dev.sfbridge.testing.SqsEventSourceMapping;
import dev.sfbridge.testing.TestContext;
import dev.sfbridge.testing.TestIds;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * Notifications that carry the record's ID only (issue 14): the worker reads the Opportunity and its line items
 * from the simulated org, one query per org for the batch, and makes the order of the record as it is now.
 */
class IdOnlyNotificationsTest {
    @AutoClose
    private final WorkerFixture fixture = new WorkerFixture();
    /** One container: its token and its refused sessions live from batch to batch. */
    private final OrderWorkerHandler handler = fixture.handler();

    private SQSBatchResponse process(Notification... notifications) {
        Map<String, Notification> byMessageId = new LinkedHashMap<>();
        for (Notification notification : notifications) {
            byMessageId.put("m-" + notification.notificationId(), notification);
        }
        return handler.handleRequest(WorkerFixture.event(byMessageId), new TestContext("req"));
    }

    private OrderRequest orderAtErp(int n) {
        return fixture.erp.order(TestIds.id("006", n)).orElseThrow().request();
    }

    private static List<String> lineIds(OrderRequest order) {
        return order.lines().stream().map(OrderLine::salesforceLineItemId).toList();
    }

    @Test
    void idOnlyNotificationsBecomeOrdersWithTheRecordsFieldsAndAllItsLinesInOneQuery() {
        fixture.opportunityInOrg(1, SENT_AT, 2);
        fixture.opportunityInOrg(2, SENT_AT.plusSeconds(1), 0);
        fixture.opportunityInOrg(3, SENT_AT.plusSeconds(2), 3);

        SQSBatchResponse response = process(fixture.idOnly(1, ""), fixture.idOnly(2, ""), fixture.idOnly(3, ""));

        assertEquals(List.of(), failedIds(response));
        assertEquals(1, fixture.salesforce.queryCalls(), "one query for the batch's three records");
        assertEquals(3, fixture.erp.ordersCreated());
        OrderRequest first = orderAtErp(1);
        assertEquals("Deal 1", first.name());
        assertEquals(0, new BigDecimal("2500.00").compareTo(first.amount()));
        assertEquals(TestIds.id("001", 1), first.customerAccountId());
        assertEquals("Closed Won", first.stage());
        assertEquals(SENT_AT, first.sourceModifiedAt(), "the record's SystemModstamp orders the change");
        assertEquals(List.of(new OrderLine(TestIds.id("00k", 1001), "P-1", "Product 1", new BigDecimal("1"), new BigDecimal("10.00"),
                new BigDecimal("10.00")), new OrderLine(TestIds.id("00k", 1002), "P-2", "Product 2", new BigDecimal("2"),
                new BigDecimal("10.00"), new BigDecimal("20.00"))), first.lines());
        assertEquals(List.of(), orderAtErp(2).lines(), "no products: the order's lines are emptied, not left as they were");
        assertEquals(3, orderAtErp(3).lines().size());
        assertEquals(3, fixture.callbacks().size());
        assertEquals(0, fixture.salesforce.tokenRequests(), "the message's session did it");
    }

    @Test
    void aRecordChangedBetweenSendingAndProcessingBecomesTheOrderOfItsNewerState() {
        String id = fixture.opportunityInOrg(1, SENT_AT, 1);
        Notification sent = fixture.idOnly(1, "");
        // a user edits the opportunity while the notification waits in the queue
        fixture.salesforce.putFields(id, Map.of("Amount", "3100.00", "StageName", "Negotiation",
                "SystemModstamp", salesforceDateTime(SENT_AT.plusSeconds(90))));
        fixture.salesforce.addLineItem(id, lineItem(1, 2, new BigDecimal("5")));

        process(sent);

        OrderRequest order = orderAtErp(1);
        assertEquals(0, new BigDecimal("3100.00").compareTo(order.amount()));
        assertEquals("Negotiation", order.stage());
        assertEquals(SENT_AT.plusSeconds(90), order.sourceModifiedAt());
        assertEquals(List.of(TestIds.id("00k", 1001), TestIds.id("00k", 1002)), lineIds(order));
    }

    @Test
    void anExpiredSessionFallsBackToOAuthOncePerOrgNotOncePerRecord() {
        IntStream.rangeClosed(1, 5).forEach(n -> fixture.opportunityInOrg(n, SENT_AT, 1));
        fixture.salesforce.expire(fixture.session);

        SQSBatchResponse response = process(IntStream.rangeClosed(1, 5).mapToObj(n -> fixture.idOnly(n, "")).toArray(Notification[]::new));

        assertEquals(List.of(), failedIds(response));
        assertEquals(5, fixture.erp.ordersCreated());
        assertEquals(1, fixture.salesforce.tokenRequests());
        assertEquals(1, fixture.salesforce.refusedCalls(), "the session was tried once, for the whole batch");
        assertEquals(2, fixture.salesforce.apiCalls(), "with the session, refused; with the token");

        // the next batch with the same expired session goes with the cached token straight away
        IntStream.rangeClosed(6, 8).forEach(n -> fixture.opportunityInOrg(n, SENT_AT, 1));
        process(IntStream.rangeClosed(6, 8).mapToObj(n -> fixture.idOnly(n, "")).toArray(Notification[]::new));
        assertEquals(1, fixture.salesforce.tokenRequests());
        assertEquals(1, fixture.salesforce.refusedCalls());
        assertEquals(8, fixture.erp.ordersCreated());
    }

    @Test
    void theApiLimitAndServerErrorsSendTheBatchBackForTheConsumersBackoffAndNothingIsDeadLettered() {
        fixture.opportunityInOrg(1, SENT_AT, 1);
        fixture.opportunityInOrg(2, SENT_AT, 1);
        SqsEventSourceMapping mapping = fixture.mapping(fixture.handler());
        fixture.enqueue(fixture.idOnly(1, ""));
        fixture.enqueue(fixture.idOnly(2, ""));

        fixture.salesforce.failNextCalls(1, 403, "REQUEST_LIMIT_EXCEEDED");
        SqsEventSourceMapping.Poll limited = mapping.pollOnce();

        assertEquals(2, limited.failed());
        assertEquals(1, fixture.salesforce.apiCalls(), "one call for the batch, not retried in-process");
        assertTrue(fixture.salesforcePauses.isEmpty());
        assertEquals(0, fixture.erp.requests());
        assertEquals(2, mapping.drain(5), "back in the queue, not lost: read and applied once the org answers");
        assertEquals(2, fixture.erp.ordersCreated());

        fixture.salesforce.failNextCalls(3, 503, null);
        SQSBatchResponse unavailable = fixture.handler().handleRequest(WorkerFixture.event(Map.of("m-3", fixture.idOnly(1, "-3"),
                "m-4", fixture.idOnly(2, "-4"))), new TestContext("req"));
        assertEquals(List.of("m-3", "m-4"), failedIds(unavailable).stream().sorted().toList());
        assertEquals(2, fixture.salesforcePauses.size(), "the client's own retries of a 5xx first: three attempts");

        assertTrue(fixture.deadLetters().isEmpty());
        assertTrue(fixture.logLines.stream().anyMatch(l -> l.contains("\"reason\":\"salesforce_limit_exceeded\"")), fixture.logLines.toString());
        assertTrue(fixture.logLines.stream().anyMatch(l -> l.contains("\"reason\":\"salesforce_retryable\"")));
    }

    @Test
    void aWrongApiVersionIsCountedAsAConfigurationFaultAndRetried() {
        fixture.opportunityInOrg(1, SENT_AT, 1);
        WorkerConfig wrongVersion = fixture.config;
        wrongVersion = new WorkerConfig(wrongVersion.idempotencyTable(), wrongVersion.callbacksQueueUrl(), wrongVersion.deadLetterQueueUrl(),
                wrongVersion.erpBaseUrl(), wrongVersion.erpSecretId(), wrongVersion.retention(), wrongVersion.minimumLease(),
                new dev.sfbridge.salesforce.SalesforceConnection(fixture.salesforce.organizationId(), WorkerFixture.SALESFORCE_SECRET_ID,
                        wrongVersion.salesforce().authFlow(), fixture.salesforce.loginUrl(), "99.0", wrongVersion.salesforce().connectTimeout(),
                        wrongVersion.salesforce().requestTimeout(), 3), wrongVersion.fetchAlways());

        SQSBatchResponse response = fixture.handler(wrongVersion, fixture.dynamoDb, fixture.sqs.client(), fixture.erpClient())
                .handleRequest(WorkerFixture.event(Map.of("m-1", fixture.idOnly(1, ""))), new TestContext("req"));

        assertEquals(List.of("m-1"), failedIds(response));
        assertEquals(1L, fixture.metrics.emitted().get("SalesforceConfigurationErrors"));
        assertTrue(fixture.deadLetters().isEmpty());
    }

    @Test
    void aQueryRefusedForTheOrgsSetupIsCountedAsAConfigurationErrorAndRetried() {
        // the integration user lacks a field's access: Salesforce refuses the whole query INVALID_FIELD
        fixture.opportunityInOrg(1, SENT_AT, 1);
        fixture.salesforce.failNextCalls(1, 400, "INVALID_FIELD");

        SQSBatchResponse response = fixture.handler().handleRequest(WorkerFixture.event(Map.of("m-1", fixture.idOnly(1, ""))),
                new TestContext("req"));

        assertEquals(List.of("m-1"), failedIds(response));
        assertEquals(1L, fixture.metrics.emitted().get("SalesforceConfigurationErrors"),
                "metrics " + fixture.metrics.emitted() + " log " + fixture.logLines);
        assertTrue(fixture.logLines.stream().anyMatch(l -> l.contains("\"reason\":\"salesforce_configuration\"")), fixture.logLines.toString());
        assertTrue(fixture.deadLetters().isEmpty());
    }

    @Test
    void aNotificationOfAnotherOrgWithoutAUsableSessionIsDeadLetteredWithTheReason() {
        Notification foreign = fixture.idOnly(1, "");
        foreign = new Notification(foreign.schemaVersion(), foreign.notificationId(), TestIds.OTHER_ORG, foreign.actionId(),
                foreign.objectType(), foreign.recordId(), foreign.fields(), foreign.receivedAt(), foreign.instanceUrl(), null);

        SQSBatchResponse response = process(foreign);

        assertEquals(List.of(), failedIds(response));
        assertEquals(1, fixture.deadLetters().size());
        assertTrue(fixture.logLines.stream().anyMatch(l -> l.contains("could not be read from Salesforce")
                && l.contains("no valid session for organization")), fixture.logLines.toString());
        assertEquals(0, fixture.salesforce.apiCalls());
    }

    @Test
    void aDeletedRecordAndOneTheIntegrationUserCannotSeeAreDoneWithoutAnOrderOrADeadLetter() {
        String deleted = fixture.opportunityInOrg(1, SENT_AT, 1);
        String hidden = fixture.opportunityInOrg(2, SENT_AT, 1);
        fixture.opportunityInOrg(3, SENT_AT, 1);
        fixture.salesforce.deleteRecord(deleted);
        fixture.salesforce.hideFromIntegrationUser(hidden);

        SQSBatchResponse response = process(fixture.idOnly(1, ""), fixture.idOnly(2, ""), fixture.idOnly(3, ""),
                fixture.idOnly(4, ""));

        assertEquals(List.of(), failedIds(response));
        assertEquals(1, fixture.erp.ordersCreated(), "record 3 only");
        assertTrue(fixture.erp.order(deleted).isEmpty());
        assertTrue(fixture.deadLetters().isEmpty());
        assertEquals(1L, fixture.metrics.emitted().get("RecordsGone[Reason=deleted]"));
        assertEquals(2L, fixture.metrics.emitted().get("RecordsGone[Reason=not_visible]"), "hidden, and one the org never had");
        assertTrue(fixture.logLines.stream().anyMatch(l -> l.contains("\"outcome\":\"RECORD_GONE\"") && l.contains("\"reason\":\"deleted\"")
                && l.contains(deleted)), fixture.logLines.toString());
        assertEquals(1, fixture.callbacks().size());
    }

    @Test
    void moreLineItemsThanOnePageAndMoreRecordsThanOnePageAreAllRead() {
        fixture.salesforce.queryPageSizes(2, 3);
        IntStream.rangeClosed(1, 5).forEach(n -> fixture.opportunityInOrg(n, SENT_AT, n == 4 ? 10 : 1));

        SQSBatchResponse response = process(IntStream.rangeClosed(1, 5).mapToObj(n -> fixture.idOnly(n, "")).toArray(Notification[]::new));

        assertEquals(List.of(), failedIds(response));
        assertEquals(IntStream.rangeClosed(1, 10).mapToObj(i -> TestIds.id("00k", 4000L + i)).toList(), lineIds(orderAtErp(4)));
        IntStream.of(1, 2, 3, 5).forEach(n -> assertEquals(1, orderAtErp(n).lines().size()));
        assertEquals(6, fixture.salesforce.queryCalls(), "3 pages of records, 3 more of the 10 line items");
        assertEquals(6L, fixture.metrics.emitted().get("SalesforceQueryCalls"));
    }

    @Test
    void aCrashAfterTheFetchAndBeforeTheUpsertEndsInOneOrderWithTheLinesFetchedOnRedelivery() {
        String id = fixture.opportunityInOrg(7, SENT_AT, 2);
        AtomicBoolean crashed = new AtomicBoolean();
        ErpClient real = fixture.erpClient();
        ErpClient crashingBeforeUpsert = order -> {
            if (crashed.compareAndSet(false, true)) {
                throw new CrashRecoveryTest.Crash("the fetch");
            }
            return real.upsertOrder(order);
        };
        SqsEventSourceMapping mapping = fixture.mapping(fixture.handler(fixture.dynamoDb, fixture.sqs.client(), crashingBeforeUpsert));
        fixture.enqueue(fixture.idOnly(7, ""));

        assertInstanceOf(CrashRecoveryTest.Crash.class, mapping.pollOnce().crashed());
        // while the message waits for its lease to run out, the opportunity's products change
        fixture.salesforce.clearLineItems(id);
        fixture.salesforce.addLineItem(id, lineItem(7, 3, new BigDecimal("4")));
        fixture.salesforce.putFields(id, Map.of("SystemModstamp", salesforceDateTime(SENT_AT.plusSeconds(60))));
        fixture.clock.advance(WorkerFixture.LEASE.plusSeconds(1));
        mapping.drain(5);

        assertEquals(1, fixture.erp.ordersCreated());
        OrderRequest order = orderAtErp(7);
        assertEquals(List.of(TestIds.id("00k", 7003)), lineIds(order));
        assertEquals(SENT_AT.plusSeconds(60), order.sourceModifiedAt());
        List<CallbackRequest> callbacks = fixture.callbacks();
        assertEquals(1, callbacks.size());
        assertEquals(fixture.erp.order(id).orElseThrow().orderNumber(), callbacks.getFirst().orderNumber());
        assertTrue(fixture.deadLetters().isEmpty());
    }

    @Test
    void aLateNotificationFetchingTheSameStateChangesNothingAndOneFetchingANewerStateAppliesItOnce() {
        String id = fixture.opportunityInOrg(1, SENT_AT, 1);
        Notification late = fixture.idOnly(1, "-late");
        process(fixture.idOnly(1, "-first"));
        OrderRequest first = orderAtErp(1);

        // the record changes, and a notification sent before comes now: it reads the newer state and applies it
        fixture.salesforce.putFields(id, Map.of("Amount", "9999.00", "SystemModstamp", salesforceDateTime(SENT_AT.plusSeconds(300))));
        process(late);
        OrderRequest changed = orderAtErp(1);
        assertEquals(0, new BigDecimal("9999.00").compareTo(changed.amount()));
        assertEquals(SENT_AT.plusSeconds(300), changed.sourceModifiedAt());
        assertEquals(first.lines(), changed.lines());

        // the change's own notification reads the same state: the order stays as it is; the late one again is a duplicate
        fixture.metrics.clear();
        process(fixture.idOnly(1, "-change"));
        process(late);
        assertEquals(changed, orderAtErp(1));
        assertEquals(1, fixture.erp.ordersCreated());
        assertEquals(Map.of("OrdersUpdated", 1L, "DuplicatesSuppressed", 1L, "SalesforceQueryCalls", 2L), fixture.metrics.emitted());
    }

    @Test
    void aSlowWriteOfAnOlderFetchedStateLosesToANewerOneAtTheErp() throws Exception {
        String id = fixture.opportunityInOrg(1, SENT_AT, 1);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch firstFetched = new CountDownLatch(1);
        fixture.erp.holdChange(id, SENT_AT, release);
        ErpClient real = fixture.erpClient();
        OrderWorkerHandler first = fixture.handler(fixture.dynamoDb, fixture.sqs.client(), order -> {
            firstFetched.countDown();
            return real.upsertOrder(order);
        });
        Thread slow = Thread.ofVirtual().start(() -> first.handleRequest(WorkerFixture.event(Map.of("m-first", fixture.idOnly(1, "-first"))),
                new TestContext("req-first")));
        // the first worker has read the state of SENT_AT and is writing it, held at the ERP; the record changes, and
        // a second worker reads and writes the newer state; then the first's write arrives
        assertTrue(firstFetched.await(10, TimeUnit.SECONDS));
        fixture.salesforce.putFields(id, Map.of("StageName", "Closed Lost", "SystemModstamp", salesforceDateTime(SENT_AT.plusSeconds(5))));
        process(fixture.idOnly(1, "-second"));
        release.countDown();
        slow.join();

        assertEquals("Closed Lost", orderAtErp(1).stage());
        assertEquals(SENT_AT.plusSeconds(5), orderAtErp(1).sourceModifiedAt());
        assertEquals(1L, fixture.metrics.emitted().get("StaleChangesSkipped"));
        assertEquals(1, fixture.callbacks().size(), "the older state's answer is not called back");
    }

    @Test
    void anObjectTypeConfiguredToBeReadAlwaysIsReadEvenWithFieldsInTheMessage() {
        fixture.opportunityInOrg(1, SENT_AT.plusSeconds(30), 2);
        WorkerConfig base = fixture.config;
        WorkerConfig always = new WorkerConfig(base.idempotencyTable(), base.callbacksQueueUrl(), base.deadLetterQueueUrl(), base.erpBaseUrl(),
                base.erpSecretId(), base.retention(), base.minimumLease(), base.salesforce(), Set.of("Opportunity"));
        // the message's fields say Amount 1001.50 and an older SystemModstamp; the org has moved on
        Notification withFields = OutboundMessages.message().sessionId(fixture.session).instanceUrl(fixture.salesforce.instanceUrl().toString())
                .queued(OutboundMessages.opportunity(1), Instant.parse("2026-11-23T11:59:00Z"));

        SQSBatchResponse response = fixture.handler(always, fixture.dynamoDb, fixture.sqs.client(), fixture.erpClient())
                .handleRequest(WorkerFixture.event(Map.of("m-1", withFields)), new TestContext("req"));

        assertEquals(List.of(), failedIds(response));
        OrderRequest order = orderAtErp(1);
        assertEquals(0, new BigDecimal("2500.00").compareTo(order.amount()), "the record's amount, not the message's");
        assertEquals(2, order.lines().size());
        assertEquals(SENT_AT.plusSeconds(30), order.sourceModifiedAt());
        assertEquals(1, fixture.salesforce.queryCalls());
    }

    @Test
    void notificationsThatCarryTheirFieldsAreNotReadByDefault() {
        fixture.opportunityInOrg(1, SENT_AT, 2);

        process(WorkerFixture.notification(1));

        assertEquals(0, fixture.salesforce.apiCalls());
        assertNull(orderAtErp(1).lines(), "the ERP keeps whatever lines it holds");
    }
}
