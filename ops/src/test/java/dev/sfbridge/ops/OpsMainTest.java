package dev.sfbridge.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sfbridge.model.Notification;
import dev.sfbridge.model.NotificationPack;
import dev.sfbridge.model.QueueJson;
import dev.sfbridge.ops.OpsFixture.Run;
import dev.sfbridge.queue.DeadLetterQueue;
import dev.sfbridge.testing.LogScrubbing;
import dev.sfbridge.testing.OutboundMessages;
import dev.sfbridge.testing.TestIds;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.sqs.model.ListMessageMoveTasksResultEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/** sfbridge-ops' dead-letter commands against ElasticMQ: what they print, what they move, what they leave. */
class OpsMainTest {
    private final OpsFixture fixture = new OpsFixture();

    @Test
    void listShowsEachDeadLetterWithItsReasonAndIdsButNeverItsBodyAndLeavesItThere() {
        fixture.deadLetter(1, "ERP refused the order: ERP answered 400: validation_failed: amount must be positive");
        fixture.movedByRedrivePolicy(2);

        Run run = fixture.ops("dlq", "list", "--queue", fixture.deadLetterQueueName);

        assertSucceededPrinting(run, "reason: ERP refused the order: ERP answered 400: validation_failed: amount must be positive",
                "notification=" + OutboundMessages.opportunity(1).id() + " org=" + TestIds.ORG + " record=" + TestIds.id("006", 1),
                "sourceMessage=source-message-1", "reason: " + DeadLetter.MOVED_BY_REDRIVE_POLICY,
                "record=" + TestIds.id("006", 2) + " order=- sourceMessage=-");
        assertTrue(run.out().endsWith("2 message(s) in " + fixture.deadLetterQueueUrl + System.lineSeparator()), run.out());
        LogScrubbing.of().sessionId(OutboundMessages.SESSION_ID).messageBody(OpsFixture.notificationBody(1), OpsFixture.notificationBody(2))
                .assertNoneIn(run.outLines());
        assertEquals(2, fixture.drain(fixture.deadLetterQueueUrl).size(), "listing consumed nothing, and hid nothing");
    }

    @Test
    void listNamesTheSyncJobOfAContinuationsDeadLetter() {
        fixture.sqs.client().sendMessage(b -> b.queueUrl(fixture.deadLetterQueueUrl).messageBody("{\"syncJob\": \"erp-invoices-to-salesforce\"}"));
        fixture.sqs.client().sendMessage(b -> b.queueUrl(fixture.deadLetterQueueUrl).messageBody("{\"syncJob\": \"not\\u001b[2J a name\"}"));

        Run run = fixture.ops("dlq", "list", "--queue", fixture.deadLetterQueueName);

        assertSucceededPrinting(run, "notification=- org=- record=- order=- sourceMessage=- syncJob=erp-invoices-to-salesforce",
                "2 message(s) in ");
        assertEquals(1, run.outLines().stream().filter(line -> line.contains("syncJob=")).count(), "nothing but a name is shown: " + run.out());
    }

    @ParameterizedTest(name = "sent back by {0}")
    @ValueSource(strings = {"a move task", "hand"})
    void aReasonFromBeforeTheMessageWasSentBackIsShownAsAnEarlierOne(String sentBackBy) {
        fixture.deadLetter(1, "ERP refused the order: ERP answered 409", Instant.now().minus(Duration.ofHours(1)));
        Run redrive = sentBackBy.equals("hand") ? fixture.opsWithoutMoveTasks("dlq", "redrive", "--queue", fixture.deadLetterQueueName)
                : fixture.ops("dlq", "redrive", "--queue", fixture.deadLetterQueueName);
        assertEquals(0, redrive.exitCode(), redrive.err());
        // it fails again, for another cause, until the redrive policy moves it back with its old attributes
        fixture.failUntilMovedByRedrivePolicy();

        Run run = fixture.ops("dlq", "list", "--queue", fixture.deadLetterQueueName);

        assertSucceededPrinting(run, "reason: " + DeadLetter.EARLIER_REASON + "ERP refused the order: ERP answered 409",
                "1 message(s) in ");
    }

    @Test
    void redriveMovesEveryDeadLetterBackToItsSourceQueueWithAMessageMoveTask() {
        fixture.deadLetter(1, "a reason");
        fixture.deadLetter(2, "a reason");
        fixture.movedByRedrivePolicy(3);

        Run run = fixture.ops("dlq", "redrive", "--queue", fixture.deadLetterQueueUrl);

        assertSucceededPrinting(run, "completed: 3 message(s) moved");
        assertTrue(run.out().startsWith("started message move task "), run.out());
        assertEquals(Set.of(1, 2, 3), recordsIn(fixture.sourceUrl));
        assertEquals(List.of(), fixture.drain(fixture.deadLetterQueueUrl));
    }

    @Test
    void whereTheEndpointDoesNotSupportMoveTasksRedriveMovesTheMessagesOneByOneAttributesAndAll() {
        fixture.deadLetter(1, "a reason");
        fixture.movedByRedrivePolicy(2);

        Run run = fixture.opsWithoutMoveTasks("dlq", "redrive", "--queue", fixture.deadLetterQueueName);

        assertSucceededPrinting(run, "does not support StartMessageMoveTask (UnsupportedOperation)", "moved 2 message(s)");
        List<Message> moved = fixture.sqs.client().receiveMessage(b -> b.queueUrl(fixture.sourceUrl).maxNumberOfMessages(10)
                .messageAttributeNames("All")).messages();
        assertEquals(Set.of(1, 2), moved.stream().map(OpsMainTest::recordNumber).collect(Collectors.toSet()));
        assertEquals(Set.of("a reason"), moved.stream().filter(m -> m.messageAttributes().containsKey(DeadLetterQueue.REASON))
                .map(m -> m.messageAttributes().get(DeadLetterQueue.REASON).stringValue()).collect(Collectors.toSet()));
        assertEquals(List.of(), fixture.drain(fixture.deadLetterQueueUrl));
    }

    @Test
    void aSecondRedriveReportsItsOwnTaskNotTheOneBefore() {
        fixture.deadLetter(1, "a reason");
        fixture.deadLetter(2, "a reason");
        assertSucceededPrinting(fixture.ops("dlq", "redrive", "--queue", fixture.deadLetterQueueName), "completed: 2 message(s) moved");
        fixture.deadLetter(3, "a reason");

        Run second = fixture.ops("dlq", "redrive", "--queue", fixture.deadLetterQueueName);

        assertSucceededPrinting(second, "completed: 1 message(s) moved");
        assertEquals(Set.of(1, 2, 3), recordsIn(fixture.sourceUrl));
    }

    @Test
    void aTaskTheListDoesNotShowIsNotTakenForAnOlderOneThatCompleted() {
        fixture.deadLetter(1, "a reason");
        ListMessageMoveTasksResultEntry older = ListMessageMoveTasksResultEntry.builder().status("COMPLETED")
                .approximateNumberOfMessagesMoved(42L).startedTimestamp(System.currentTimeMillis() - 3_600_000).build();

        Run run = fixture.opsListingMoveTasks(List.of(older), "dlq", "redrive", "--queue", fixture.deadLetterQueueName);

        assertEquals(3, run.exitCode(), run.out());
        assertFalse(run.out().contains("completed"), "the older task's 42 taken for this one's: " + run.out());
        assertEquals(1, run.err().lines().count(), run.err());
        assertTrue(run.err().startsWith("sfbridge-ops: SQS does not list the move task "), run.err());
    }

    @Test
    void anEmptyListOfMoveTasksIsOneLineAndExitCode3() {
        fixture.deadLetter(1, "a reason");

        Run run = fixture.opsListingMoveTasks(List.of(), "dlq", "redrive", "--queue", fixture.deadLetterQueueName);

        assertEquals(3, run.exitCode(), run.err());
        assertEquals(1, run.err().lines().count(), run.err());
        assertTrue(run.err().contains("follow it with `dlq list`"), run.err());
    }

    @Test
    void redriveToAnotherQueueGoesThere() {
        fixture.deadLetter(1, "a reason");
        String elsewhere = fixture.sqs.createQueue("elsewhere-" + fixture.suffix);

        Run run = fixture.ops("dlq", "redrive", "--queue", fixture.deadLetterQueueName, "--to", elsewhere);

        assertEquals(0, run.exitCode(), run.err());
        assertEquals(Set.of(1), recordsIn(elsewhere));
        assertEquals(Set.of(), recordsIn(fixture.sourceUrl));
    }

    @Test
    void replayMovesTheOneNotificationBackAndLeavesTheOthers() {
        fixture.deadLetter(1, "a reason");
        fixture.deadLetter(2, "a reason");
        fixture.movedByRedrivePolicy(3);
        String second = OutboundMessages.opportunity(2).id();

        Run run = fixture.ops("replay", "--queue", fixture.deadLetterQueueName, "--notification-id", second);

        assertSucceededPrinting(run, "moved 1 message(s) of notification " + second + " to " + fixture.sourceUrl);
        assertEquals(Set.of(2), recordsIn(fixture.sourceUrl));
        assertEquals(Set.of(1, 3), recordsIn(fixture.deadLetterQueueUrl), "the others are visible again at once");
        LogScrubbing.of().sessionId(OutboundMessages.SESSION_ID).assertNoneIn(run.outLines());
    }

    /** A pack of notifications the redrive policy moved: listed with each one's IDs, and replayed whole by any of them. */
    @Test
    void aPackMovedByTheRedrivePolicyIsListedWithEveryNotificationAndReplayedByAnyOfThem() {
        fixture.movedByRedrivePolicy("[" + OpsFixture.notificationBody(4) + "," + OpsFixture.notificationBody(5) + "]");
        fixture.deadLetter(6, "a reason");
        String fourth = OutboundMessages.opportunity(4).id();
        String fifth = OutboundMessages.opportunity(5).id();

        Run list = fixture.ops("dlq", "list", "--queue", fixture.deadLetterQueueName);
        Run replay = fixture.ops("replay", "--queue", fixture.deadLetterQueueName, "--notification-id", fifth);

        assertSucceededPrinting(list, "notification=" + fourth + "," + fifth + " org=" + TestIds.ORG + " record="
                + OutboundMessages.opportunity(4).fields().get("Id") + "," + OutboundMessages.opportunity(5).fields().get("Id"));
        assertSucceededPrinting(replay, "moved 1 message(s) of notification " + fifth);
        assertEquals(List.of(4, 5), fixture.drain(fixture.sourceUrl).stream()
                .flatMap(m -> NotificationPack.notifications(m.body()).stream())
                .map(n -> Integer.parseInt(n.recordId().substring(3, 15))).toList());
        assertEquals(Set.of(6), recordsIn(fixture.deadLetterQueueUrl));
        LogScrubbing.of().sessionId(OutboundMessages.SESSION_ID).assertNoneIn(list.outLines());
    }

    @Test
    void dryRunsMoveNothing() {
        fixture.deadLetter(1, "a reason");
        fixture.deadLetter(2, "a reason");

        Run redrive = fixture.ops("dlq", "redrive", "--queue", fixture.deadLetterQueueName, "--dry-run");
        Run replay = fixture.ops("replay", "--queue", fixture.deadLetterQueueName, "--notification-id",
                OutboundMessages.opportunity(1).id(), "--dry-run");

        assertEquals(0, redrive.exitCode(), redrive.err());
        assertEquals("dry run: would move about 2 message(s) from " + fixture.deadLetterQueueUrl + " to " + fixture.sourceUrl,
                redrive.out().strip());
        assertSucceededPrinting(replay, "would move 1 message(s) of notification");
        assertTrue(replay.out().startsWith("dry run: would move "), replay.out());
        assertEquals(Set.of(), recordsIn(fixture.sourceUrl));
        assertEquals(Set.of(1, 2), recordsIn(fixture.deadLetterQueueUrl));
    }

    @Test
    void aReplayOfANotificationNotThereSaysSoAndLeavesTheQueueAsItWas() {
        fixture.deadLetter(1, "a reason");

        Run run = fixture.ops("replay", "--queue", fixture.deadLetterQueueName, "--notification-id", TestIds.id("04l", 999));

        assertEquals(3, run.exitCode());
        assertEquals("sfbridge-ops: no message of notification " + TestIds.id("04l", 999) + " among the 1 in "
                + fixture.deadLetterQueueUrl, run.err().strip());
        assertEquals(Set.of(1), recordsIn(fixture.deadLetterQueueUrl));
    }

    @Test
    void listRefusesALiveQueueUnlessForcedAndLeavesItsMessagesAlone() {
        fixture.sqs.client().sendMessage(b -> b.queueUrl(fixture.sourceUrl).messageBody(OpsFixture.notificationBody(1)));

        Run refused = fixture.ops("dlq", "list", "--queue", fixture.sourceUrl);

        assertEquals(3, refused.exitCode());
        assertEquals("sfbridge-ops: " + fixture.sourceUrl + " is no queue's dead-letter queue: listing it would hide its messages"
                + " from their consumer for up to 5 minutes and count a receive on each; --force lists it anyway", refused.err().strip());
        List<Message> untouched = fixture.sqs.client().receiveMessage(b -> b.queueUrl(fixture.sourceUrl).visibilityTimeout(0)
                .messageSystemAttributeNames(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT)).messages();
        assertEquals("1", untouched.getFirst().attributes().get(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT),
                "only this receive counted");

        Run forced = fixture.ops("dlq", "list", "--queue", fixture.sourceUrl, "--force");

        assertSucceededPrinting(forced, "1 message(s) in " + fixture.sourceUrl);
    }

    @Test
    void aDeadLetterQueueOfNoQueueNeedsToBeToldWhereMessagesGo() {
        String orphan = fixture.sqs.createQueue("orphan-dlq-" + fixture.suffix);

        Run run = fixture.ops("dlq", "redrive", "--queue", orphan);

        assertEquals(3, run.exitCode());
        assertEquals("sfbridge-ops: " + orphan + " is no queue's dead-letter queue: name where its messages go with --to", run.err().strip());
    }

    /** The command exited 0 and its output holds every one of {@code fragments}. */
    private static void assertSucceededPrinting(Run run, String... fragments) {
        assertEquals(0, run.exitCode(), run.err());
        for (String fragment : fragments) {
            assertTrue(run.out().contains(fragment), run.out());
        }
    }

    private Set<Integer> recordsIn(String queueUrl) {
        return fixture.drain(queueUrl).stream().map(OpsMainTest::recordNumber).collect(Collectors.toSet());
    }

    /** Opportunity n's notification carries record 006…n. */
    static int recordNumber(Message message) {
        String recordId = QueueJson.read(message.body(), Notification.class).recordId();
        return Integer.parseInt(recordId.substring(3, 15));
    }
}
