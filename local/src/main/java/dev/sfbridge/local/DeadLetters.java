package dev.sfbridge.local;

import dev.sfbridge.model.Notification;
import dev.sfbridge.model.QueueJson;
import dev.sfbridge.queue.DeadLetterQueue;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

/**
 * The messages of a dead-letter queue, taken out of sight while they are looked at, and moved back to their
 * source queue when whatever refused them has been fixed: the redrive of a chaos run.
 */
final class DeadLetters {
    /** Longer than the checks and the move take: no one else sees the letters meanwhile. */
    private static final int HELD_SECONDS = 600;

    /** A dead-lettered message: the record its notification was for (null when unreadable) and why it is here. */
    record Letter(String recordId, String reason, String body, String receiptHandle) {}

    private final SqsClient sqs;
    private final String queueUrl;

    DeadLetters(SqsClient sqs, String queueUrl) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
    }

    /** Every letter the queue holds, each received and hidden until it is moved. */
    List<Letter> take() {
        List<Letter> letters = new ArrayList<>();
        List<Message> received;
        do {
            received = sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(0)
                    .visibilityTimeout(HELD_SECONDS).messageAttributeNames("All")).messages();
            received.forEach(message -> letters.add(new Letter(recordId(message.body()), reason(message), message.body(),
                    message.receiptHandle())));
        } while (!received.isEmpty());
        return letters;
    }

    /** Sends each letter's body to {@code sourceQueueUrl}, then deletes it here: a crash in between duplicates, never loses. */
    void redrive(List<Letter> letters, String sourceQueueUrl) {
        for (Letter letter : letters) {
            sqs.sendMessage(b -> b.queueUrl(sourceQueueUrl).messageBody(letter.body()));
            sqs.deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(letter.receiptHandle()));
        }
    }

    private static String reason(Message message) {
        MessageAttributeValue reason = message.messageAttributes().get(DeadLetterQueue.REASON);
        return reason == null ? null : reason.stringValue();
    }

    private static String recordId(String body) {
        try {
            return QueueJson.read(body, Notification.class).recordId();
        } catch (UncheckedIOException | IllegalArgumentException | NullPointerException unreadable) {
            return null;
        }
    }
}
