package dev.sfbridge.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sfbridge.observability.JsonLog;
import dev.sfbridge.queue.DeadLetterQueue;
import java.io.IOException;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * What an operator may see of a dead letter: its IDs and why it is there, never its body. Notification and
 * callback bodies carry the outbound message's session ID, a live credential; so only the correlation IDs are
 * read out of the body, and only when they look like IDs.
 *
 * @param reason sfbridge's {@code sfbridge-failure-reason}, or null when the queue's redrive policy moved it
 */
record DeadLetter(Message message, String reason, String failedAt, String sourceMessageId, String notificationId,
                  String organizationId, String recordId, String orderNumber) {

    static final String MOVED_BY_REDRIVE_POLICY = "moved after maxReceiveCount (the redrive policy attaches no reason: see the function's log)";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** IDs and order numbers are short and printable; anything else in the body is not shown. */
    private static final Pattern SHOWABLE = Pattern.compile("[A-Za-z0-9._:/-]{1,80}");
    /** Control characters of an attribute are not sent to the operator's terminal. */
    private static final Pattern CONTROL = Pattern.compile("\\p{Cntrl}");

    static DeadLetter of(Message message) {
        JsonNode body = json(message.body());
        return new DeadLetter(message, attribute(message, DeadLetterQueue.REASON), attribute(message, DeadLetterQueue.FAILED_AT),
                attribute(message, DeadLetterQueue.SOURCE_MESSAGE_ID), id(body, JsonLog.NOTIFICATION_ID),
                id(body, JsonLog.ORGANIZATION_ID), id(body, JsonLog.RECORD_ID), id(body, JsonLog.ORDER_NUMBER));
    }

    /** Two lines: the message and its IDs, then why it is here. */
    String describe() {
        return "%s  receives=%s failedAt=%s notification=%s org=%s record=%s order=%s sourceMessage=%s%n    reason: %s".formatted(
                message.messageId(), message.attributes().getOrDefault(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT, "-"),
                orDash(failedAt), orDash(notificationId), orDash(organizationId), orDash(recordId), orDash(orderNumber),
                orDash(sourceMessageId), reason == null ? MOVED_BY_REDRIVE_POLICY : reason);
    }

    private static String attribute(Message message, String name) {
        MessageAttributeValue value = message.messageAttributes().get(name);
        return value == null || value.stringValue() == null ? null : CONTROL.matcher(value.stringValue()).replaceAll(" ");
    }

    private static JsonNode json(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            return JSON.missingNode();
        }
    }

    private static String id(JsonNode body, String field) {
        JsonNode value = body.path(field);
        return value.isTextual() && SHOWABLE.matcher(value.asText()).matches() ? value.asText() : null;
    }

    private static String orDash(String value) {
        return value == null ? "-" : value;
    }
}
