package dev.sfbridge.queue;

import dev.sfbridge.observability.Metric;
import dev.sfbridge.observability.Metrics;
import java.nio.charset.StandardCharsets;
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
    /**
     * The most the attributes add to a message, as SQS counts them toward its size limit (each attribute's name, data
     * type and value, in UTF-8 bytes): the reason is cut to fit. A message meant for this queue leaves this much of the
     * queue's {@code MaximumMessageSize} free, or it could not be dead-lettered (the listener's largest entry does).
     */
    public static final int MAX_ATTRIBUTE_BYTES = 2 * 1024;
    private static final String DATA_TYPE = "String";

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

    /**
     * @param reason          safe to show: never a credential. It may quote text from elsewhere (an ERP's error message)
     *                        with characters SQS refuses in an attribute as in a body: they are replaced, or the send would
     *                        fail every time and the message reach this queue by redrive, after days of retries, with no reason
     * @param sourceMessageId the ID SQS gave the message, as are the failure time's ISO-8601 characters: nothing to replace
     */
    public void send(String body, String reason, String sourceMessageId) {
        String failedAt = clock.instant().toString();
        int others = bytes(FAILED_AT) + bytes(failedAt) + bytes(SOURCE_MESSAGE_ID) + bytes(sourceMessageId) + 3 * bytes(DATA_TYPE)
                + bytes(REASON);
        String shortReason = cut(MessageCharacters.replaceRefused(reason), MAX_ATTRIBUTE_BYTES - others);
        sqs.sendMessage(b -> b.queueUrl(queueUrl).messageBody(body).messageAttributes(Map.of(
                REASON, text(shortReason),
                FAILED_AT, text(failedAt),
                SOURCE_MESSAGE_ID, text(sourceMessageId))));
        metrics.count(Metric.DEAD_LETTERS_SENT);
    }

    private static MessageAttributeValue text(String value) {
        return MessageAttributeValue.builder().dataType(DATA_TYPE).stringValue(value).build();
    }

    private static int bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }

    /** The longest start of {@code text} of at most {@code budget} UTF-8 bytes, never half a character. */
    private static String cut(String text, int budget) {
        int end = 0;
        for (int used = 0; end < text.length(); ) {
            int codePoint = text.codePointAt(end);
            used += bytes(Character.toString(codePoint));
            if (used > budget) {
                break;
            }
            end += Character.charCount(codePoint);
        }
        return text.substring(0, end);
    }
}
