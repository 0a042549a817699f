package dev.sfbridge.worker;

import static dev.sfbridge.worker.WorkerFixture.notification;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import dev.sfbridge.model.Notification;
import dev.sfbridge.model.QueueJson;
import dev.sfbridge.queue.DeadLetterQueue;
import dev.sfbridge.testing.TestContext;
import dev.sfbridge.testing.TestIds;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * Two allowed orgs send changes of one record ID, as production and a full-copy sandbox that kept its record IDs do:
 * the ERP keeps the order the org that created it owns (docs/erp-api.md, "One org per order").
 */
class OtherOrgsOrderTest {
    private static final String RECORD_ID = TestIds.id("006", 5);

    @AutoClose
    private final WorkerFixture fixture = new WorkerFixture();
    private final OrderWorkerHandler handler = fixture.handler();

    @Test
    void anotherOrgsChangeOfTheRecordIsDeadLetteredAndTheOwnersNextChangeIsApplied() {
        Notification first = notification(5, "", Instant.parse("2026-11-20T10:00:00Z"));
        // newer than both of the owner's: before the org check it overwrote the order and made the owner's next stale
        Notification otherOrgs = ExactlyOneOrderTest.withAmount(fromOtherOrg(
                notification(5, "B", Instant.parse("2026-11-20T10:10:00Z"))), "1.00");
        Notification ownersNext = ExactlyOneOrderTest.withAmount(
                notification(5, "C", Instant.parse("2026-11-20T10:05:00Z")), "2000.00");

        handle("m-first", first);
        handle("m-other", otherOrgs);
        assertEquals(0, new BigDecimal("1005.50").compareTo(amountHeld()), "the other org changed nothing");
        handle("m-next", ownersNext);

        assertEquals(0, new BigDecimal("2000.00").compareTo(amountHeld()), "the owner's next change is applied");
        assertEquals(TestIds.ORG, fixture.erp.order(RECORD_ID).orElseThrow().request().salesforceOrgId());
        List<Message> dead = fixture.deadLetters();
        assertEquals(1, dead.size());
        assertEquals(otherOrgs.notificationId(), notificationIdOf(dead.getFirst()));
        String reason = dead.getFirst().messageAttributes().get(DeadLetterQueue.REASON).stringValue();
        assertTrue(reason.startsWith("ERP refused the order: ") && reason.contains("org_mismatch")
                && reason.contains("for another org than " + TestIds.OTHER_ORG), reason);
        assertEquals(List.of(201, 409, 200), fixture.erp.statuses());
        assertEquals(2, fixture.callbacks().size(), "a callback for each of the owner's changes, none for the other org's");
        assertEquals(0, fixture.logLines.stream().filter(l -> l.contains("\"outcome\":\"STALE\"")).count());
    }

    private void handle(String messageId, Notification notification) {
        SQSBatchResponse response = handler.handleRequest(WorkerFixture.event(Map.of(messageId, notification)),
                new TestContext("req-" + messageId));
        assertEquals(List.of(), WorkerFixture.failedIds(response), messageId + " is done with, not retried");
    }

    private BigDecimal amountHeld() {
        return fixture.erp.order(RECORD_ID).orElseThrow().request().amount();
    }

    private static Notification fromOtherOrg(Notification n) {
        return new Notification(n.schemaVersion(), n.notificationId(), TestIds.OTHER_ORG, n.actionId(), n.objectType(),
                n.recordId(), n.fields(), n.receivedAt(), n.instanceUrl(), n.sessionId());
    }

    private static String notificationIdOf(Message message) {
        return QueueJson.read(message.body(), Notification.class).notificationId();
    }
}
