package dev.sfbridge.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sfbridge.observability.JsonLog;
import dev.sfbridge.queue.DeadLetterQueue;
import java.io.IOException;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * What an operator may see of a dead letter: its IDs (or a sync continuation's job name) and why it is there, never its body. Notification and
 * callback bodies carry the outbound message's session ID, a live credential; so only the correlation IDs are
 * read out of the body, and only when they look like IDs. A pack of notifications (several in one message, moved here by
 * the redrive policy) shows each one's, comma-separated; the same org or record once.
 *
 * @param reason sfbridge's {@code sfbridge-failure-reason}, or null when the queue's redrive policy moved it
 */
record DeadLetter(Message message, String reason, String failedAt, String sourceMessageId, String notificationId,
                  String organizationId, String recordId, String orderNumber, String syncJob) {

    static final String MOVED_BY_REDRIVE_POLICY = "moved after maxReceiveCount (the redrive policy attaches no reason: see the function's log)";
    static final String EARLIER_REASON = "moved after maxReceiveCount (see the function's log); earlier reason: ";
    /**
     * sfbridge stamps {@code sfbridge-failed-at} just before it sends the dead letter, so the dead letter's
     * {@code SentTimestamp} follows it within the send's retries. A reason older than that came along with the
     * message from an earlier trip: a replay or redrive re-enqueues it (a new enqueue time), and the redrive
     * policy keeps that enqueue time when it moves the message here again after maxReceiveCount.
     */
    static final Duration SENT_WITHIN = Duration.ofMinutes(5);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The one field of a sync continuation's message, {@code {"syncJob": "<name>"}} (the batch sync's SyncRequest). */
    private static final String SYNC_JOB = "syncJob";
    /** IDs and order numbers are short and printable; anything else in the body is not shown. */
    private static final Pattern SHOWABLE = Pattern.compile("[A-Za-z0-9._:/-]{1,80}");
    /** Control characters of an attribute are not sent to the operator's terminal. */
    private static final Pattern CONTROL = Pattern.compile("\\p{Cntrl}");

    static DeadLetter of(Message message) {
        JsonNode body = json(message.body());
        List<JsonNode> parts = new ArrayList<>();
        if (body.isArray()) {
            body.forEach(parts::add);
        } else {
            parts.add(body);
        }
        return new DeadLetter(message, attribute(message, DeadLetterQueue.REASON), attribute(message, DeadLetterQueue.FAILED_AT),
                attribute(message, DeadLetterQueue.SOURCE_MESSAGE_ID), ids(parts, JsonLog.NOTIFICATION_ID),
                ids(parts, JsonLog.ORGANIZATION_ID), ids(parts, JsonLog.RECORD_ID), id(body, JsonLog.ORDER_NUMBER), id(body, SYNC_JOB));
    }

    /** Whether this letter holds notification {@code id}: alone, or as one of a pack. */
    boolean carries(String id) {
        return notificationId != null && Arrays.asList(notificationId.split(",")).contains(id);
    }

    /** Two lines: the message and its IDs (a sync continuation's job), then why it is here. */
    String describe() {
        return "%s  receives=%s failedAt=%s notification=%s org=%s record=%s order=%s sourceMessage=%s%s%n    reason: %s".formatted(
                message.messageId(), message.attributes().getOrDefault(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT, "-"),
                orDash(failedAt), orDash(notificationId), orDash(organizationId), orDash(recordId), orDash(orderNumber),
                orDash(sourceMessageId), syncJob == null ? "" : " syncJob=" + syncJob, why());
    }

    private String why() {
        if (reason == null) {
            return MOVED_BY_REDRIVE_POLICY;
        }
        return predatesEnqueue() ? EARLIER_REASON + reason : reason;
    }

    /** True when {@code failedAt} is more than {@link #SENT_WITHIN} before the message's current enqueue. */
    private boolean predatesEnqueue() {
        String sent = message.attributes().get(MessageSystemAttributeName.SENT_TIMESTAMP);
        if (failedAt == null || sent == null) {
            return false;
        }
        try {
            return Instant.parse(failedAt).plus(SENT_WITHIN).isBefore(Instant.ofEpochMilli(Long.parseLong(sent)));
        } catch (DateTimeException | NumberFormatException e) {
            return false; // not sfbridge's stamp: shown as it is
        }
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

    /** Each part's showable {@code field}, each value once, comma-separated; null when none has one. */
    private static String ids(List<JsonNode> parts, String field) {
        String joined = parts.stream().map(part -> id(part, field)).filter(Objects::nonNull).distinct().collect(Collectors.joining(","));
        return joined.isEmpty() ? null : joined;
    }

    private static String id(JsonNode body, String field) {
        JsonNode value = body.path(field);
        return value.isTextual() && SHOWABLE.matcher(value.asText()).matches() ? value.asText() : null;
    }

    private static String orDash(String value) {
        return value == null ? "-" : value;
    }
}
