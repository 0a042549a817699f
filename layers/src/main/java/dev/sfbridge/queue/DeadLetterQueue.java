package dev.sfbridge.queue;

import dev.sfbridge.observability.Metric;
import dev.sfbridge.observability.Metrics;
import java.time.Clock;
import java.util.Map;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

/**
 * Sends a message that can never succeed to its dead-letter queue at once, with the reason attached
 * as message attributes an operator sees next to it, instead of letting it fail until maxReceiveCount.
 * The body goes unchanged, so a redrive or replay sends the very same message again.
 */
public final class DeadLetterQueue {
    public static final String REASON = "sfbridge-failure-reason";
    public static final String FAILED_AT = "sfbridge-failed-at";
    public static final String SOURCE_MESSAGE_ID = "sfbridge-source-message-id";
    /** SQS message attribute values are strings of at most 256 KiB; reasons are kept far shorter. */
    private static final int MAX_REASON = 1024;

    private final SqsClient sqs;
    private final String queueUrl;
    private final Clock clock;
    private final Metrics metrics;

    public DeadLetterQueue(SqsClient sqs, String queueUrl, Clock clock, Metrics metrics) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.clock = clock;
        this.metrics = metrics;
    }

    /** @param reason safe to show: never a credential */
    public void send(String body, String reason, String sourceMessageId) {
        String shortReason = reason.length() > MAX_REASON ? reason.substring(0, MAX_REASON) : reason;
        sqs.sendMessage(b -> b.queueUrl(queueUrl).messageBody(body).messageAttributes(Map.of(
                REASON, text(shortReason),
                FAILED_AT, text(clock.instant().toString()),
                SOURCE_MESSAGE_ID, text(sourceMessageId))));
        metrics.count(Metric.DEAD_LETTERS_SENT);
    }

    private static MessageAttributeValue text(String value) {
        return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
    }
}
