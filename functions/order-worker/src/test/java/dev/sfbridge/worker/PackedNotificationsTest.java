package dev.sfbridge.worker;

import static dev.sfbridge.worker.WorkerFixture.notification;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sfbridge.model.Notification;
import dev.sfbridge.model.NotificationPack;
import dev.sfbridge.model.QueueJson;
import dev.sfbridge.queue.DeadLetterQueue;
import dev.sfbridge.testing.ErpSimulator.Fault;
import dev.sfbridge.testing.SqsEventSourceMapping;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;

/** Several notifications in one queue message, as the listener packs them ({@link NotificationPack}). */
class PackedNotificationsTest {
    @AutoClose
    private final WorkerFixture fixture = new WorkerFixture();

    @Test
    void aPackOfTenMakesTenOrdersAndTenCallbacks() {
        List<Notification> sent = notifications(1, 10);
        enqueuePacks(sent);

        SqsEventSourceMapping.Poll poll = fixture.mapping(fixture.handler()).pollOnce();

        assertEquals(1, poll.received());
        assertEquals(0, poll.failed());
        assertEquals(10, fixture.erp.ordersCreated());
        assertEquals(sent.stream().map(Notification::recordId).sorted().toList(),
                fixture.callbacks().stream().map(c -> c.recordId()).sorted().toList());
    }

    /**
     * One notification of the pack meets the ERP's 503s through all of its retries: the message goes back, and its
     * redelivery makes that one order; the nine done before are met as duplicates and never reach the ERP again.
     */
    @Test
    void aPackWithOneNotificationToRetryComesBackWholeAndItsDoneOnesAreDuplicatesThatNeverReachTheErpAgain() {
        List<Notification> sent = notifications(21, 10);
        String unlucky = sent.get(4).recordId();
        fixture.erp.failNext(unlucky, 3, Fault.unavailable());
        enqueuePacks(sent);
        SqsEventSourceMapping mapping = fixture.mapping(fixture.handler());

        SqsEventSourceMapping.Poll first = mapping.pollOnce();

        assertEquals(1, first.failed(), "the message, for its one notification");
        assertEquals(9, fixture.erp.ordersCreated());
        int requestsBefore = fixture.erp.requests();

        mapping.drain(5, () -> fixture.clock.advance(WorkerFixture.LEASE.plusSeconds(1)));

        assertEquals(10, fixture.erp.ordersCreated());
        assertEquals(1, fixture.erp.requests() - requestsBefore, "only the one retried reached the ERP");
        assertEquals(9L, fixture.metrics.emitted().get("DuplicatesSuppressed"));
        assertEquals(10, fixture.callbacks().stream().map(c -> c.recordId()).distinct().count());
        assertTrue(fixture.deadLetters().isEmpty());
    }

    /** A poison notification goes to the dead-letter queue alone, as its own message; its pack's others make orders. */
    @Test
    void aPoisonNotificationIsDeadLetteredAloneWithItsReasonAndItsPacksOthersAreApplied() {
        List<Notification> sent = notifications(41, 10);
        Notification poison = sent.get(7);
        fixture.erp.failNext(poison.recordId(), 1, Fault.rejected(400, "INVALID_AMOUNT", "amount must be positive"));
        enqueuePacks(sent);

        SqsEventSourceMapping.Poll poll = fixture.mapping(fixture.handler()).pollOnce();

        assertEquals(0, poll.failed(), "nothing to retry: nine applied, one dead-lettered");
        assertEquals(9, fixture.erp.ordersCreated());
        List<Message> dead = fixture.deadLetters();
        assertEquals(1, dead.size());
        assertEquals(poison, QueueJson.read(dead.getFirst().body(), Notification.class), "the notification alone, as queued");
        assertTrue(dead.getFirst().messageAttributes().get(DeadLetterQueue.REASON).stringValue().contains("INVALID_AMOUNT"));
        assertTrue(dead.getFirst().messageAttributes().get(DeadLetterQueue.SOURCE_MESSAGE_ID).stringValue().endsWith("#8"),
                "its pack's message ID and its place in it");
    }

    @Test
    void aPartThatIsNotANotificationIsDeadLetteredAloneAndTheOthersOfItsPackAreApplied() {
        String body = "[" + QueueJson.write(notification(61)) + ",{\"schemaVersion\":1}]";
        fixture.sqs.client().sendMessage(b -> b.queueUrl(fixture.notificationsUrl).messageBody(body));

        SqsEventSourceMapping.Poll poll = fixture.mapping(fixture.handler()).pollOnce();

        assertEquals(0, poll.failed());
        List<Message> dead = fixture.deadLetters();
        assertEquals(List.of("{\"schemaVersion\":1}"), dead.stream().map(Message::body).toList());
        assertEquals(1, fixture.erp.ordersCreated());
    }

    @Test
    void aBodyThatIsNoPackAtAllIsDeadLetteredWholeAndNothingIsApplied() {
        String body = "[" + QueueJson.write(notification(62)) + "," + QueueJson.write(notification(63));
        fixture.sqs.client().sendMessage(b -> b.queueUrl(fixture.notificationsUrl).messageBody(body));

        SqsEventSourceMapping.Poll poll = fixture.mapping(fixture.handler()).pollOnce();

        assertEquals(0, poll.failed());
        assertEquals(List.of(body), fixture.deadLetters().stream().map(Message::body).toList());
        assertEquals(0, fixture.erp.ordersCreated());
    }

    private static List<Notification> notifications(int first, int count) {
        return IntStream.range(first, first + count).mapToObj(WorkerFixture::notification).toList();
    }

    private void enqueuePacks(List<Notification> notifications) {
        for (String body : NotificationPack.bodies(notifications.stream().map(QueueJson::write).toList(), 10, 1024 * 1024)) {
            fixture.sqs.client().sendMessage(b -> b.queueUrl(fixture.notificationsUrl).messageBody(body));
        }
    }
}
