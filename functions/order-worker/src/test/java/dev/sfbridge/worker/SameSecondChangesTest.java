package dev.sfbridge.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import dev.sfbridge.erp.ErpClient;
import dev.sfbridge.erp.HttpErpClient;
import dev.sfbridge.model.Notification;
import dev.sfbridge.model.OrderResult;
import dev.sfbridge.testing.OutboundMessages;
import dev.sfbridge.testing.TestContext;
import dev.sfbridge.testing.TestIds;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * {@code SystemModstamp} has whole seconds: two changes of a record within one carry the same time, and which is
 * newer only the record itself says. The org holds the newer state (Amount 2500.00) in every test.
 */
class SameSecondChangesTest {
    private static final Instant SAME_SECOND = Instant.parse("2026-11-20T10:00:00Z");

    @AutoClose
    private final WorkerFixture fixture = new WorkerFixture();

    /** Opportunity {@code n}'s notification with its fields, from the simulated org's instance and session. */
    private Notification changed(int n, String notificationSuffix, String amount) {
        return changed(OutboundMessages.message().sessionId(fixture.session).instanceUrl(fixture.salesforce.instanceUrl().toString()),
                n, notificationSuffix, amount);
    }

    private static Notification changed(OutboundMessages message, int n, String notificationSuffix, String amount) {
        OutboundMessages.Notification sent = OutboundMessages.opportunity(n);
        Map<String, String> fields = new LinkedHashMap<>(sent.fields());
        fields.put("SystemModstamp", SAME_SECOND.toString());
        fields.put("Amount", amount);
        return message.queued(new OutboundMessages.Notification(sent.id() + notificationSuffix, sent.objectType(), fields),
                Instant.parse("2026-11-23T11:59:00Z"));
    }

    private BigDecimal erpAmount(int n) {
        return fixture.erp.order(TestIds.id("006", n)).orElseThrow().request().amount();
    }

    private void handle(String messageId, Notification notification) {
        fixture.handler().handleRequest(WorkerFixture.event(Map.of(messageId, notification)), new TestContext("req-" + messageId));
    }

    @Test
    void twoChangesWithinOneSecondTheOlderArrivingLastDoesNotOverwriteTheNewer() {
        fixture.opportunityInOrg(8, SAME_SECOND, 0);
        handle("m-newer", changed(8, "B", "2500.00"));
        handle("m-older", changed(8, "A", "1.00"));

        assertEquals(0, new BigDecimal("2500.00").compareTo(erpAmount(8)), "statuses " + fixture.erp.statuses() + " " + fixture.logLines);
        assertEquals(1, fixture.salesforce.queryCalls(), "the second change of the second read the record");
        assertTrue(fixture.logLines.stream().anyMatch(l -> l.contains("\"sameSecondChange\":true")), fixture.logLines.toString());
    }

    @Test
    void twoChangesWithinOneSecondTheNewerArrivingLastIsWhatTheErpKeeps() {
        fixture.opportunityInOrg(9, SAME_SECOND, 0);
        handle("m-older", changed(9, "A", "1.00"));
        handle("m-newer", changed(9, "B", "2500.00"));

        assertEquals(0, new BigDecimal("2500.00").compareTo(erpAmount(9)), fixture.logLines.toString());
        assertEquals(1, fixture.erp.ordersCreated());
    }

    @Test
    void theSameDataAtTheSameTimeUnderAnotherNotificationIsARepeatAndReadsNothing() {
        fixture.opportunityInOrg(10, SAME_SECOND, 0);
        handle("m-1", changed(10, "A", "2500.00"));
        handle("m-2", changed(10, "B", "2500.00"));

        assertEquals(0, fixture.salesforce.queryCalls());
        assertEquals(2, fixture.erp.requests());
        assertEquals(0, new BigDecimal("2500.00").compareTo(erpAmount(10)));
    }

    @Test
    void aSameSecondChangeNoCredentialCanReadIsAdmittedByItsArrivalNotDeadLettered() {
        // another org's notifications, without a session, and no OAuth for that org
        OutboundMessages otherOrg = OutboundMessages.message().organizationId(TestIds.OTHER_ORG).sessionId(null);
        handle("m-1", changed(otherOrg, 12, "A", "2500.00"));
        handle("m-2", changed(otherOrg, 12, "B", "1.00"));

        assertTrue(fixture.deadLetters().isEmpty(), fixture.logLines.toString());
        assertEquals(0, new BigDecimal("1.00").compareTo(erpAmount(12)), "as before: the one that came last");
        assertEquals(0, fixture.salesforce.queryCalls());
    }

    @Test
    void aSameSecondChangeWhoseRecordIsGoneMakesNoOrderChangeAndIsNotRetried() {
        // the record is not in the org: the integration user cannot see it, or it was deleted for good
        handle("m-1", changed(11, "A", "2500.00"));
        handle("m-2", changed(11, "B", "1.00"));

        assertEquals(0, new BigDecimal("2500.00").compareTo(erpAmount(11)));
        assertEquals(1, fixture.erp.requests());
        assertTrue(fixture.logLines.stream().anyMatch(l -> l.contains("\"outcome\":\"RECORD_GONE\"")), fixture.logLines.toString());
    }

    /**
     * Both at once: the older change is admitted first and its PUT is slow; the newer one meets it, reads the record and
     * is answered first. The older one's PUT then lands last (the ERP applies an equal time as a repeat): after it, its
     * worker finds another change admitted at its time and sends what the record holds.
     */
    @Test
    void theOlderSameSecondChangeAdmittedFirstAndWrittenLastIsNotWhatTheErpKeeps() throws Exception {
        fixture.opportunityInOrg(13, SAME_SECOND, 0);
        HttpErpClient http = fixture.erpClient();
        CountDownLatch olderAtErp = new CountDownLatch(1);
        CountDownLatch newerAnswered = new CountDownLatch(1);
        ErpClient erp = order -> {
            if (order.amount().compareTo(BigDecimal.ONE) == 0) {
                olderAtErp.countDown();
                try {
                    assertTrue(newerAnswered.await(20, TimeUnit.SECONDS), "the newer change was never answered");
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }
            OrderResult result = http.upsertOrder(order);
            if (order.amount().compareTo(new BigDecimal("2500.00")) == 0) {
                newerAnswered.countDown();
            }
            return result;
        };
        try (ExecutorService ex = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<SQSBatchResponse> older = ex.submit(() -> fixture.handler(fixture.dynamoDb, fixture.sqs.client(), erp)
                    .handleRequest(WorkerFixture.event(Map.of("m-older", changed(13, "A", "1.00"))), new TestContext("r1")));
            assertTrue(olderAtErp.await(20, TimeUnit.SECONDS), "the older change never reached the ERP");
            fixture.handler(fixture.dynamoDb, fixture.sqs.client(), erp)
                    .handleRequest(WorkerFixture.event(Map.of("m-newer", changed(13, "B", "2500.00"))), new TestContext("r2"));
            assertTrue(older.get(20, TimeUnit.SECONDS).getBatchItemFailures().isEmpty(), fixture.logLines.toString());
        }

        assertEquals(0, new BigDecimal("2500.00").compareTo(erpAmount(13)), fixture.logLines.toString());
        assertEquals(2, fixture.salesforce.queryCalls(), "each of the two read the record once");
    }
}
