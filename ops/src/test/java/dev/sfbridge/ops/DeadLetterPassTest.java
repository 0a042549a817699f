package dev.sfbridge.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sfbridge.ops.OpsFixture.Run;
import dev.sfbridge.testing.Intercepted;
import dev.sfbridge.testing.OutboundMessages;
import dev.sfbridge.testing.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageRequest;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageResponse;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;
import software.amazon.awssdk.services.sqs.model.StartMessageMoveTaskRequest;
import software.amazon.awssdk.services.sqs.model.UnsupportedOperationException;

/**
 * Passes over up to 10,000 dead letters (docs/runbook.md, "How a pass ends"), its hide time and its speed on a test
 * clock: it always ends, receives no message twice, moves each chosen message once and loses none, also when
 * the pass takes longer than the hide time and when it dies part-way and is run again.
 */
class DeadLetterPassTest {
    private static final int DEAD_LETTERS = 10_000;
    /**
     * More than a pass receives at {@link #SLOW} before its deadline (240 receives of 10): the tests of a pass cut
     * short need no more, and 10,000 cost a minute each on ElasticMQ.
     */
    private static final int MORE_THAN_A_SLOW_PASS_REACHES = 3_000;
    /** Enough for a pass killed part-way to have moved some and left more. */
    private static final int REDRIVEN = 2_000;
    /** A pass over 3,000 needs 300 receives: 1 s each is more than the hide time. */
    private static final Duration SLOW = Duration.ofSeconds(1);
    private static final Duration FAST = Duration.ofMillis(10);

    private final OpsFixture fixture = new OpsFixture();
    /**
     * Started by {@link #onTestClock} once the test's dead letters are sent: a pass looks at what was sent before it began,
     * by SQS's SentTimestamp, which ElasticMQ takes from this machine's clock.
     */
    private TestClock clock;

    @Test
    void aListSlowerThanTheHideTimeStopsBeforeItShowingEachMessageOnceAndLosingNone() throws Exception {
        deadLetters(1, MORE_THAN_A_SLOW_PASS_REACHES);
        HideTimeOnTestClockSqs sqs = onTestClock(SLOW);

        Run run = listAll(sqs);

        List<String> listed = listedMessageIds(run);
        long receivingSeconds = DeadLetterQueueBrowser.HIDDEN_FOR.minus(DeadLetterQueueBrowser.MARGIN).toSeconds();
        assertEquals(receivingSeconds, sqs.receives(), "receiving stopped a margin before the hide time");
        assertEquals(receivingSeconds * 10, listed.size());
        assertEquals(listed.size(), Set.copyOf(listed).size(), "each message shown once");
        assertTrue(sqs.deliveries().values().stream().allMatch(n -> n == 1), "none received twice: " + sqs.deliveries().size());
        assertTrue(run.out().endsWith(listed.size() + " message(s) in " + fixture.deadLetterQueueUrl + DeadLetterQueueBrowser.End.TIME_LIMIT.note
                + System.lineSeparator()), run.out());
        assertEquals(MORE_THAN_A_SLOW_PASS_REACHES, visibleIn(fixture.deadLetterQueueUrl), "all there, and visible again at once");
    }

    @Test
    void aListWithTimeEnoughShowsAllTenThousandOnce() throws Exception {
        deadLetters(1, DEAD_LETTERS);

        Run run = listAll(onTestClock(FAST));

        assertEquals(DEAD_LETTERS, Set.copyOf(listedMessageIds(run)).size());
        assertTrue(run.out().endsWith(DEAD_LETTERS + " message(s) in " + fixture.deadLetterQueueUrl + System.lineSeparator()), run.out());
        assertEquals(DEAD_LETTERS, visibleIn(fixture.deadLetterQueueUrl));
    }

    @Test
    void aReplayAmongTenThousandMovesItsTwoMessagesOnceAndLeavesTheRest() throws Exception {
        deadLetters(1, DEAD_LETTERS);
        deadLetters(7777, 7777); // dead-lettered twice
        HideTimeOnTestClockSqs sqs = onTestClock(FAST);

        Run run = ops(sqs, "replay", "--queue", fixture.deadLetterQueueName, "--notification-id", OutboundMessages.opportunity(7777).id());

        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("moved 2 message(s) of notification"), run.out());
        assertEquals(List.of(7777, 7777), recordsIn(fixture.sourceUrl));
        assertEquals(DEAD_LETTERS - 1, visibleIn(fixture.deadLetterQueueUrl), "the others there, and visible again at once");
        assertEquals(DEAD_LETTERS + 1, sqs.deliveries().size());
        assertTrue(sqs.deliveries().values().stream().allMatch(n -> n == 1), "none received twice");
    }

    @Test
    void aReplaySlowerThanTheHideTimeMovesItsMessageOnceAndSaysWhereItStopped() throws Exception {
        deadLetters(1, 1); // the first sent: received within the time limit
        deadLetters(2, MORE_THAN_A_SLOW_PASS_REACHES);
        HideTimeOnTestClockSqs sqs = onTestClock(SLOW);

        Run run = ops(sqs, "replay", "--queue", fixture.deadLetterQueueName, "--notification-id", OutboundMessages.opportunity(1).id());

        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("moved 1 message(s) of notification " + OutboundMessages.opportunity(1).id() + " to "
                + fixture.sourceUrl + DeadLetterQueueBrowser.End.TIME_LIMIT.note), run.out());
        assertEquals(List.of(1), recordsIn(fixture.sourceUrl));
        assertEquals(MORE_THAN_A_SLOW_PASS_REACHES - 1, visibleIn(fixture.deadLetterQueueUrl));
        // a second run finds nothing of it left: the delete used the handle of the pass's own receive
        Run again = ops(sqs, "replay", "--queue", fixture.deadLetterQueueName, "--notification-id", OutboundMessages.opportunity(1).id());
        assertEquals(3, again.exitCode(), again.out());
    }

    /**
     * Killed between a send and its delete: that message is in both queues, and what the pass held stays hidden
     * until its hide time. The rerun sends it once more, so it reaches the source queue twice, as the same
     * notification; the worker's idempotency store drops the second (ExactlyOneOrderTest). Every other message
     * is moved exactly once.
     */
    @Test
    void aRedriveKilledPartWayAndRunAgainMovesEveryMessageOnceButTheOneCaughtBetweenSendAndDelete() throws Exception {
        deadLetters(1, REDRIVEN);
        HideTimeOnTestClockSqs sqs = onTestClock(FAST);
        sqs.dieAtDelete(800);

        Run killed = ops(sqs, "dlq", "redrive", "--queue", fixture.deadLetterQueueName);
        sqs.revive();
        clock.advance(DeadLetterQueueBrowser.HIDDEN_FOR);
        Run rerun = ops(sqs, "dlq", "redrive", "--queue", fixture.deadLetterQueueName);

        assertEquals(3, killed.exitCode(), killed.out());
        assertEquals(0, rerun.exitCode(), rerun.err());
        assertTrue(rerun.out().contains("moved " + (REDRIVEN - 799) + " message(s)"), rerun.out());
        List<Message> moved = fixture.drain(fixture.sourceUrl);
        Map<Integer, List<Message>> byRecord = moved.stream().collect(Collectors.groupingBy(OpsMainTest::recordNumber));
        assertEquals(REDRIVEN, byRecord.size(), "every notification moved");
        List<List<Message>> twice = byRecord.values().stream().filter(copies -> copies.size() > 1).toList();
        assertEquals(1, twice.size(), "only the one caught between send and delete");
        assertEquals(2, twice.getFirst().size());
        assertEquals(twice.getFirst().get(0).body(), twice.getFirst().get(1).body(), "the same notification, which the worker applies once");
        assertEquals(0, visibleIn(fixture.deadLetterQueueUrl) + hiddenIn(fixture.deadLetterQueueUrl));
    }

    @Test
    void aReplayOfANotificationThatFailsAgainMovesItOnceNotItsFreshDeadLetterAgainAndAgain() throws Exception {
        deadLetters(1, 20);
        HideTimeOnTestClockSqs sqs = onTestClock(SLOW);
        SqsClient failingAgain = deadLetteredAgainOnEachSend(sqs.client());

        Run run = OpsFixture.run((region, endpoint) -> failingAgain, clock,
                "replay", "--queue", fixture.deadLetterQueueName, "--notification-id", OutboundMessages.opportunity(1).id());

        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("moved 1 message(s) of notification " + OutboundMessages.opportunity(1).id() + " to "
                + fixture.sourceUrl + " (left 1 message(s) sent to the queue after the pass began"), run.out());
        assertTrue(sqs.receives() < 10, "ended when the queue read empty: " + sqs.receives() + " receives");
        assertEquals(List.of(1), recordsIn(fixture.sourceUrl));
        assertEquals(20, visibleIn(fixture.deadLetterQueueUrl), "the 19 others and the fresh dead letter, visible again");
    }

    /**
     * SQS returns a standard queue's messages in no set order: a fresh dead letter of a message moved can come before
     * one there from the start, and must not take its place among the messages the by-hand redrive counted.
     */
    @Test
    void aRedriveByHandMovesEveryMessageThereAtTheStartNotAFreshDeadLetterInItsPlace() throws Exception {
        deadLetters(1, 12);
        SqsClient failingAgain = newestFirst(deadLetteredAgainOnEachSend(fixture.sqs.client()));
        SqsClient withoutMoveTasks = Intercepted.of(SqsClient.class, failingAgain).before(StartMessageMoveTaskRequest.class, request -> {
            throw UnsupportedOperationException.builder().statusCode(400)
                    .awsErrorDetails(AwsErrorDetails.builder().errorCode("UnsupportedOperation").errorMessage("not supported").build()).build();
        }).client();

        Run run = OpsFixture.run((region, endpoint) -> withoutMoveTasks, "dlq", "redrive", "--queue", fixture.deadLetterQueueName);

        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("moved 12 message(s)"), run.out());
        assertEquals(IntStream.rangeClosed(1, 12).boxed().toList(), recordsIn(fixture.sourceUrl), "each there at the start, once");
        assertEquals(12, visibleIn(fixture.deadLetterQueueUrl), "the fresh dead letters, visible again");
    }

    /** {@code client}, where each message sent to the source queue fails again at once: the worker dead-letters a copy. */
    private SqsClient deadLetteredAgainOnEachSend(SqsClient client) {
        return Intercepted.of(SqsClient.class, client).after(SendMessageRequest.class, request -> {
            if (request.queueUrl().equals(fixture.sourceUrl)) {
                fixture.sqs.client().sendMessage(b -> b.queueUrl(fixture.deadLetterQueueUrl).messageBody(request.messageBody()));
            }
        }).client();
    }

    /** {@code client}, whose receives return the most recently sent of up to 10 messages, the others visible again. */
    private static SqsClient newestFirst(SqsClient client) {
        return Intercepted.of(SqsClient.class, client).around(ReceiveMessageRequest.class,
                (ReceiveMessageRequest request, Function<ReceiveMessageRequest, ReceiveMessageResponse> real) -> {
                    List<Message> all = new ArrayList<>(real.apply(request.toBuilder().maxNumberOfMessages(10).build()).messages());
                    all.sort(Comparator.comparing((Message m) -> Long.parseLong(m.attributes().get(MessageSystemAttributeName.SENT_TIMESTAMP)))
                            .reversed());
                    int wanted = Math.min(request.maxNumberOfMessages(), all.size());
                    all.subList(wanted, all.size()).forEach(m -> client.changeMessageVisibility(b -> b.queueUrl(request.queueUrl())
                            .receiptHandle(m.receiptHandle()).visibilityTimeout(0)));
                    return ReceiveMessageResponse.builder().messages(all.subList(0, wanted)).build();
                }).client();
    }

    private HideTimeOnTestClockSqs onTestClock(Duration perReceive) {
        clock = new TestClock(Instant.now());
        return new HideTimeOnTestClockSqs(fixture.sqs.client(), clock, perReceive, 3 * DEAD_LETTERS / 10);
    }

    /** {@code dlq list} with a {@code --max} above the queue's depth; it succeeded. */
    private Run listAll(HideTimeOnTestClockSqs sqs) {
        Run run = ops(sqs, "dlq", "list", "--queue", fixture.deadLetterQueueName, "--max", String.valueOf(2 * DEAD_LETTERS));
        assertEquals(0, run.exitCode(), run.err());
        return run;
    }

    private Run ops(HideTimeOnTestClockSqs sqs, String... args) {
        return OpsFixture.run((region, endpoint) -> sqs.client(), clock, args);
    }

    /** Notifications {@code from}..{@code to} dead-lettered, in batches of 10 sent concurrently. */
    private void deadLetters(int from, int to) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<?>>> sends = new ArrayList<>();
            for (int first = from; first <= to; first += 10) {
                List<SendMessageBatchRequestEntry> entries = IntStream.rangeClosed(first, Math.min(first + 9, to))
                        .mapToObj(n -> SendMessageBatchRequestEntry.builder().id("n" + n).messageBody(OpsFixture.notificationBody(n)).build())
                        .toList();
                sends.add(pool.submit(() -> List.copyOf(fixture.sqs.client()
                        .sendMessageBatch(b -> b.queueUrl(fixture.deadLetterQueueUrl).entries(entries)).failed())));
            }
            for (Future<List<?>> send : sends) {
                assertEquals(List.of(), send.get());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** The message IDs the list printed: the first word of each message's first line. */
    private static List<String> listedMessageIds(Run run) {
        return run.outLines().stream().filter(line -> line.contains(" receives=")).map(line -> line.substring(0, line.indexOf(' '))).toList();
    }

    private int visibleIn(String queueUrl) {
        return count(queueUrl, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES);
    }

    private int hiddenIn(String queueUrl) {
        return count(queueUrl, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE);
    }

    /** ElasticMQ's counts are exact. */
    private int count(String queueUrl, QueueAttributeName attribute) {
        return Integer.parseInt(fixture.sqs.client().getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(attribute))
                .attributes().get(attribute));
    }

    private List<Integer> recordsIn(String queueUrl) {
        return fixture.drain(queueUrl).stream().map(OpsMainTest::recordNumber).sorted().toList();
    }
}
