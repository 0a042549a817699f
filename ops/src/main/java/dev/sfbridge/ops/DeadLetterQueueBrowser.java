package dev.sfbridge.ops;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * Looks at a queue's messages without consuming them: receives them all (each receive hides what it returns,
 * so the next gets the rest), then makes them visible again at once. Moving one sends it to its destination,
 * then deletes it, so a failure in between leaves a copy rather than nothing.
 */
final class DeadLetterQueueBrowser {
    /** Long enough to look at a full dead-letter queue before the first receives come back. */
    private static final int HIDDEN_SECONDS = 60;
    private static final int MAX_BATCH = 10;

    private final SqsClient sqs;
    private final int receiveWaitSeconds;

    /** @param receiveWaitSeconds long polling of each receive: 1 on SQS, whose short polling can miss messages; 0 on an emulator */
    DeadLetterQueueBrowser(SqsClient sqs, int receiveWaitSeconds) {
        this.sqs = sqs;
        this.receiveWaitSeconds = receiveWaitSeconds;
    }

    /** Up to {@code max} messages, each once, hidden until {@link #release} (or for a minute). */
    List<Message> receive(String queueUrl, int max) {
        Map<String, Message> received = new LinkedHashMap<>();
        while (received.size() < max) {
            int wanted = Math.min(MAX_BATCH, max - received.size());
            List<Message> batch = sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(wanted)
                    .waitTimeSeconds(receiveWaitSeconds).visibilityTimeout(HIDDEN_SECONDS).messageAttributeNames("All")
                    .messageSystemAttributeNames(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT)).messages();
            if (batch.isEmpty()) {
                break;
            }
            batch.forEach(m -> received.putIfAbsent(m.messageId(), m));
        }
        return List.copyOf(received.values());
    }

    /** Visible again at once: looking changed nothing. */
    void release(String queueUrl, List<Message> messages) {
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

    /** The same body and attributes onto {@code destinationUrl}, then off {@code queueUrl}. */
    void move(String queueUrl, Message message, String destinationUrl) {
        Map<String, MessageAttributeValue> attributes = message.messageAttributes();
        sqs.sendMessage(b -> b.queueUrl(destinationUrl).messageBody(message.body()).messageAttributes(attributes));
        sqs.deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(message.receiptHandle()));
    }
}
