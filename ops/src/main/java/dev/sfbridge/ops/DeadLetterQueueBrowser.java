package dev.sfbridge.ops;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.OverLimitException;

/**
 * Looks at a queue's messages in one bounded pass (docs/runbook.md, "How a pass ends"). Each receive hides
 * what it returns, so the next gets the rest; the pass stops receiving before the first message it received
 * would be visible again. So it always ends, sees no message twice, and every receipt handle it uses is the
 * current one. It leaves what was sent to the queue after it began, as a dead letter of a message it moved. Messages
 * it moves are sent to their destination, then deleted, as they are received; the rest are made visible again when the
 * pass ends. A failure between a send and its delete leaves a copy in both queues, never none.
 */
final class DeadLetterQueueBrowser {
    /** How long a pass hides what it receives; what it has not released by then comes back by itself. */
    static final Duration HIDDEN_FOR = Duration.ofMinutes(5);
    /** Time left, once receiving stops, to move or release what the pass holds while its handles are current. */
    static final Duration MARGIN = Duration.ofMinutes(1);
    private static final int MAX_BATCH = 10;

    /** Why a pass stopped receiving. */
    enum End {
        EMPTY(""),
        MAX(" (stopped at --max)"),
        TIME_LIMIT(" (stopped at the time limit, before the first message received would be visible again: run again for the rest)"),
        IN_FLIGHT_LIMIT(" (stopped at SQS's limit of messages in flight: run again for the rest)");

        final String note;

        End(String note) {
            this.note = note;
        }
    }

    /**
     * What one pass saw: {@code seen} distinct messages, of which {@code moved} left the queue; {@code arrivedSince}
     * more were sent to the queue after the pass began, and left there for the next one.
     */
    record Pass(int seen, int moved, int arrivedSince, End end) {
        /** Why the pass stopped, and what it left that arrived while it ran: appended to a command's last line. */
        String note() {
            return end.note + (arrivedSince == 0 ? "" : " (left " + arrivedSince
                    + " message(s) sent to the queue after the pass began, such as a dead letter of one it moved: run again for them)");
        }
    }

    /** What a pass does with each message it receives. */
    @FunctionalInterface
    interface Visit {
        /** @return true to move it to the pass's destination now, false to leave it in the queue */
        boolean move(Message message);
    }

    private final SqsClient sqs;
    private final int receiveWaitSeconds;
    private final Duration hiddenFor;
    private final Clock clock;

    /**
     * @param receiveWaitSeconds long polling of each receive: 1 on SQS, whose short polling can miss messages; 0 on an emulator
     * @param hiddenFor          how long each receive hides what it returns; above {@link #MARGIN}
     */
    DeadLetterQueueBrowser(SqsClient sqs, int receiveWaitSeconds, Duration hiddenFor, Clock clock) {
        if (hiddenFor.compareTo(MARGIN) <= 0) {
            throw new IllegalArgumentException("a pass hiding messages for " + hiddenFor + " has no time to receive any");
        }
        this.sqs = sqs;
        this.receiveWaitSeconds = receiveWaitSeconds;
        this.hiddenFor = hiddenFor;
        this.clock = clock;
    }

    /** Up to {@code max} messages, each shown to {@code visit} once; none moved. */
    Pass look(String queueUrl, int max, Consumer<Message> visit) {
        return pass(queueUrl, max, message -> {
            visit.accept(message);
            return false;
        }, null);
    }

    /**
     * Up to {@code max} messages, each shown to {@code visit} once, and those it chooses moved to
     * {@code destinationUrl} at once; the others visible again when the pass ends.
     */
    Pass pass(String queueUrl, int max, Visit visit, String destinationUrl) {
        // The pass looks at what the queue held when it began: a message it moves that fails again comes back as a fresh
        // dead letter (a new message ID), which it would otherwise move again and again until the time limit, or count in
        // place of one there at the start. Sent when? SentTimestamp is SQS's clock and this the operator's. SQS's own time
        // is only in its responses' Date header, to the second: a bound from it (or any margin) moves again each fresh copy
        // of that second, and a worker dead-letters one in less. A synchronized clock is off by far less; one behind SQS's
        // leaves a message sent just before the pass for the next one (and the command says so), one ahead moves a fresh
        // copy again for that long (the worker fails or drops it as before).
        Instant began = clock.instant();
        // every message is received after this instant, so each stays hidden until after stopAt
        Instant stopAt = began.plus(hiddenFor).minus(MARGIN);
        Map<String, Message> held = new LinkedHashMap<>();
        Set<String> received = new HashSet<>();
        int seen = 0;
        int moved = 0;
        int arrivedSince = 0;
        try {
            while (true) {
                if (seen >= max) {
                    return new Pass(seen, moved, arrivedSince, End.MAX);
                }
                if (!clock.instant().isBefore(stopAt)) {
                    return new Pass(seen, moved, arrivedSince, End.TIME_LIMIT);
                }
                List<Message> batch;
                try {
                    batch = receive(queueUrl, Math.min(MAX_BATCH, max - seen));
                } catch (OverLimitException e) {
                    return new Pass(seen, moved, arrivedSince, End.IN_FLIGHT_LIMIT);
                }
                if (batch.isEmpty()) {
                    return new Pass(seen, moved, arrivedSince, End.EMPTY);
                }
                for (Message message : batch) {
                    if (!received.add(message.messageId())) {
                        continue; // a copy SQS delivered twice: the first one is held already
                    }
                    held.put(message.messageId(), message);
                    if (sentAfter(message, began)) {
                        arrivedSince++; // hidden until the pass ends, so received once
                        continue;
                    }
                    seen++;
                    // past stopAt its handle may be stale: it stays in the queue, for the next pass
                    if (visit.move(message) && clock.instant().isBefore(stopAt)) {
                        move(queueUrl, message, destinationUrl);
                        held.remove(message.messageId());
                        moved++;
                    }
                }
            }
        } finally {
            release(queueUrl, List.copyOf(held.values()));
        }
    }

    /** An emulator that leaves SentTimestamp out has every message taken for one that was there before. */
    private static boolean sentAfter(Message message, Instant instant) {
        String sent = message.attributes().get(MessageSystemAttributeName.SENT_TIMESTAMP);
        return sent != null && Instant.ofEpochMilli(Long.parseLong(sent)).isAfter(instant);
    }

    private List<Message> receive(String queueUrl, int wanted) {
        return sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(wanted).waitTimeSeconds(receiveWaitSeconds)
                .visibilityTimeout(Math.toIntExact(hiddenFor.toSeconds())).messageAttributeNames("All")
                .messageSystemAttributeNames(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT, MessageSystemAttributeName.SENT_TIMESTAMP))
                .messages();
    }

    /** Visible again at once: looking changed nothing. An entry SQS refuses comes back by itself at {@link #hiddenFor}. */
    private void release(String queueUrl, List<Message> messages) {
        for (int from = 0; from < messages.size(); from += MAX_BATCH) {
            List<Message> chunk = messages.subList(from, Math.min(from + MAX_BATCH, messages.size()));
            List<ChangeMessageVisibilityBatchRequestEntry> entries = new ArrayList<>();
            for (int i = 0; i < chunk.size(); i++) {
                entries.add(ChangeMessageVisibilityBatchRequestEntry.builder().id("m" + i)
                        .receiptHandle(chunk.get(i).receiptHandle()).visibilityTimeout(0).build());
            }
            sqs.changeMessageVisibilityBatch(b -> b.queueUrl(queueUrl).entries(entries));
        }
    }

    /**
     * The same body and attributes onto {@code destinationUrl}, then off {@code queueUrl}: the delete only
     * after the send succeeded, so a failure in between leaves two copies (the worker's idempotency store
     * drops the second), never none.
     */
    private void move(String queueUrl, Message message, String destinationUrl) {
        sqs.sendMessage(b -> b.queueUrl(destinationUrl).messageBody(message.body()).messageAttributes(message.messageAttributes()));
        sqs.deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(message.receiptHandle()));
    }
}
