package dev.sfbridge.sqs;

import com.amazonaws.services.lambda.runtime.events.SQSEvent.SQSMessage;
import dev.sfbridge.observability.JsonLog;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequestEntry;

/**
 * Hides the messages of a batch that are to be retried for their backoff, with {@code ChangeMessageVisibility}
 * on the receipt handles Lambda's event carries: the new timeout counts from the call, and Lambda leaves a
 * failed item's visibility alone, so the message comes back when the backoff ends (docs/order-worker.md). The
 * receive count comes from the event's {@code ApproximateReceiveCount} attribute. A change that fails is
 * logged and nothing else: the message is reported failed anyway and comes back after the queue's timeout.
 */
final class Redelivery {
    /** The log line's message for a visibility change SQS did not make. */
    static final String NOT_HIDDEN = "visibility not changed";
    /** SQS's limit of entries in one ChangeMessageVisibilityBatch. */
    private static final int MAX_BATCH = 10;

    /** A message to hide, for its backoff or {@code atLeast}, whichever is longer. */
    record Hidden(SQSMessage message, Duration atLeast) {}

    private final SqsClient sqs;
    private final RedeliveryBackoff backoff;
    private final JsonLog log;

    Redelivery(SqsClient sqs, RedeliveryBackoff backoff, JsonLog log) {
        this.sqs = sqs;
        this.backoff = backoff;
        this.log = log;
    }

    void hide(List<Hidden> messages) {
        Map<String, List<Hidden>> byQueue = messages.stream().collect(Collectors.groupingBy(
                h -> Objects.toString(h.message().getEventSourceArn(), ""), LinkedHashMap::new, Collectors.toList()));
        byQueue.forEach((arn, queued) -> {
            for (int from = 0; from < queued.size(); from += MAX_BATCH) {
                hide(arn, queued.subList(from, Math.min(queued.size(), from + MAX_BATCH)));
            }
        });
    }

    private void hide(String queueArn, List<Hidden> chunk) {
        List<ChangeMessageVisibilityBatchRequestEntry> entries = new ArrayList<>();
        for (int i = 0; i < chunk.size(); i++) {
            SQSMessage message = chunk.get(i).message();
            Duration delay = backoff.delay(receiveCount(message), chunk.get(i).atLeast());
            entries.add(ChangeMessageVisibilityBatchRequestEntry.builder().id(Integer.toString(i))
                    .receiptHandle(message.getReceiptHandle()).visibilityTimeout((int) delay.toSeconds()).build());
        }
        try {
            String queueUrl = QueueArn.parse(queueArn).url();
            for (BatchResultErrorEntry failed : sqs.changeMessageVisibilityBatch(b -> b.queueUrl(queueUrl).entries(entries)).failed()) {
                notHidden(chunk.get(Integer.parseInt(failed.id())).message(), failed.code());
            }
        } catch (SdkException | IllegalArgumentException e) {
            chunk.forEach(h -> notHidden(h.message(), e.getClass().getSimpleName()));
        }
    }

    /** Lambda's events carry it; a message without it is treated as delivered once. */
    private static int receiveCount(SQSMessage message) {
        String count = message.getAttributes() == null ? null : message.getAttributes().get("ApproximateReceiveCount");
        try {
            return count == null ? 1 : Math.max(1, Integer.parseInt(count));
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    private void notHidden(SQSMessage message, String error) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put(JsonLog.MESSAGE_ID, message.getMessageId());
        fields.put("error", error);
        log.error(NOT_HIDDEN, fields);
    }
}
