package dev.sfbridge.listener;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sfbridge.config.Env;
import dev.sfbridge.config.Env.ConfigException;
import dev.sfbridge.contract.HardenedXmlInput;
import dev.sfbridge.contract.OutboundMessageParser;
import dev.sfbridge.model.Notification;
import dev.sfbridge.observability.JsonLog;
import dev.sfbridge.queue.BatchEnqueuer;
import dev.sfbridge.queue.DeadLetterQueue;
import dev.sfbridge.retry.Retry;
import dev.sfbridge.testing.EmbeddedSqs;
import dev.sfbridge.testing.OutboundMessages;
import dev.sfbridge.testing.RecordingMetrics;
import dev.sfbridge.testing.TestIds;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.retries.api.BackoffStrategy;

/**
 * Nothing is dropped for size: the body is bounded by what a synchronous Lambda invoke can carry, not by one queue
 * message, since each notification becomes a message of its own; a body at that limit is parsed and queued whole on
 * ElasticMQ's real limits, one byte more is a clear fault, and a notification too large for one message is a clear
 * fault of its own.
 */
class QueueMessageSizeTest {
    private static final int QUEUE_LIMIT = EmbeddedSqs.MAX_MESSAGE_CHARACTERS;

    private final EmbeddedSqs sqs = EmbeddedSqs.shared();
    private final String queueUrl = sqs.createQueue("sizes-" + UUID.randomUUID());
    private final List<String> logLines = new CopyOnWriteArrayList<>();
    private final RecordingMetrics metrics = new RecordingMetrics();

    @Test
    void theDefaultBodyLimitIsTheLargestBodyASynchronousInvokeCarriesBase64Encoded() {
        ListenerConfig config = ListenerConfig.from(env(Map.of()));

        assertEquals(1024 * 1024, config.queueMaxMessageBytes());
        assertEquals(1, config.notificationsPerMessage(), "packs are opt-in");
        assertEquals(10, ListenerConfig.from(env(Map.of("NOTIFICATIONS_PER_MESSAGE", "10"))).notificationsPerMessage());
        assertThrows(ConfigException.class, () -> ListenerConfig.from(env(Map.of("NOTIFICATIONS_PER_MESSAGE", "0"))));
        assertThrows(ConfigException.class, () -> ListenerConfig.from(env(Map.of("NOTIFICATIONS_PER_MESSAGE", "101"))));
        assertEquals(4_450_848, config.maxBodyBytes());
        assertEquals(ListenerConfig.DEFAULT_MAX_BODY_BYTES, config.maxBodyBytes());
        int eventBytes = Base64.getEncoder().encodeToString(new byte[config.maxBodyBytes()]).length() + 64 * 1024;
        assertTrue(eventBytes <= 6_000_000, eventBytes + " bytes of event");
        assertEquals(config.maxBodyBytes(), ListenerConfig.from(env(Map.of("QUEUE_MAX_MESSAGE_BYTES", "" + QUEUE_LIMIT))).maxBodyBytes(),
                "the queue's message size does not bound the body");
    }

    @Test
    void aBodyLimitOverWhatLambdaCanBeGivenIsRefusedAtStart() {
        int largest = ListenerConfig.LARGEST_INVOKE_BODY_BYTES;
        assertEquals(largest, ListenerConfig.from(env(Map.of("MAX_BODY_BYTES", "" + largest))).maxBodyBytes());
        assertEquals(1024 * 1024, ListenerConfig.from(env(Map.of("QUEUE_MAX_MESSAGE_BYTES", "" + QUEUE_LIMIT,
                "MAX_BODY_BYTES", "" + 1024 * 1024))).maxBodyBytes());

        ConfigException oneOver = assertThrows(ConfigException.class, () -> ListenerConfig.from(env(Map.of(
                "MAX_BODY_BYTES", "" + (largest + 1)))));
        assertTrue(oneOver.getMessage().contains("MAX_BODY_BYTES"), oneOver.getMessage());
        assertTrue(oneOver.getMessage().contains("" + largest), oneOver.getMessage());
        ConfigException built = assertThrows(ConfigException.class, () -> config(largest + 1, QUEUE_LIMIT));
        assertTrue(built.getMessage().contains("at most " + largest), built.getMessage());
        assertThrows(ConfigException.class, () -> ListenerConfig.from(env(Map.of("QUEUE_MAX_MESSAGE_BYTES", "" + (2 * 1024 * 1024)))));
    }

    /** 469 KB of body: refused as too large while the limit was one queue message's third, 349,184 bytes. */
    @Test
    void aBatchOfOrdinaryNotificationsWithALongTextFieldIsAcked() {
        OutboundMessages sent = OutboundMessages.message();
        for (int i = 1; i <= 100; i++) {
            Map<String, String> fields = new LinkedHashMap<>(OutboundMessages.opportunity(i).fields());
            fields.put("Description", "Renewal notes. ".repeat(267));
            sent.add(new OutboundMessages.Notification(TestIds.id("04l", i), "Opportunity", fields));
        }
        byte[] body = sent.xml().getBytes(StandardCharsets.UTF_8);
        assertTrue(body.length > 400_000, body.length + " bytes");

        ListenerResponse response = listener(ListenerConfig.DEFAULT_MAX_BODY_BYTES, QUEUE_LIMIT)
                .handle(base64(body));

        assertEquals(200, response.status(), response.body());
        assertEquals(100, sqs.drainNotifications(queueUrl).size());
    }

    /**
     * The largest body the listener takes, 100 notifications of quotes (each doubled by its JSON escape), parsed and
     * every notification queued within the function's memory and Timeout; one byte more is refused before parsing.
     */
    @Test
    void aHundredNotificationsAtTheBodyLimitAreAckedAndEveryOneIsQueuedAndOneByteMoreIsRefused() {
        int maxBody = ListenerConfig.DEFAULT_MAX_BODY_BYTES;
        OutboundMessages sent = bodyOf(maxBody);
        byte[] body = sent.xml().getBytes(StandardCharsets.UTF_8);
        assertEquals(maxBody, body.length);

        ListenerResponse response = listener(maxBody, QUEUE_LIMIT).handle(base64(body));

        assertEquals(200, response.status(), response.body());
        assertEquals(Map.of("Acks", 1L, "NotificationsEnqueued", 100L), metrics.emitted());
        // by ID: a call the SDK retried after its attempt timeout on a loaded machine may have queued a copy, which the
        // worker drops by notification ID; what counts here is that every notification is there, whole
        Map<String, Notification> queued = sqs.drainNotifications(queueUrl).stream()
                .collect(Collectors.toMap(Notification::notificationId, n -> n, (first, copy) -> first));
        assertEquals(sent.notifications().stream().map(OutboundMessages.Notification::id).collect(Collectors.toSet()), queued.keySet());
        sent.notifications().forEach(n -> assertEquals(n.fields().get("Description"), queued.get(n.id()).fields().get("Description"),
                "every field whole"));

        metrics.clear();
        ListenerResponse oneOver = listener(maxBody, QUEUE_LIMIT).handle(base64(bodyOf(maxBody + 1).xml().getBytes(StandardCharsets.UTF_8)));

        assertEquals(500, oneOver.status());
        assertTrue(oneOver.body().contains("<faultcode>soapenv:Client</faultcode>"), oneOver.body());
        assertTrue(oneOver.body().contains("the body is larger than " + maxBody + " bytes"), oneOver.body());
        assertEquals(Map.of("Faults[Reason=body_too_large]", 1L), metrics.emitted());
        assertEquals(List.of(), sqs.drain(queueUrl));
    }

    /** 100 notifications whose Descriptions of quotes make the UTF-8 body exactly {@code bytes} long. */
    private static OutboundMessages bodyOf(int bytes) {
        int padding = (bytes - OutboundMessages.closedWon(1, 100).xml().length()) / 100 - 40;
        List<Map<String, String>> fields = new ArrayList<>();
        for (int i = 1; i <= 100; i++) {
            Map<String, String> f = new LinkedHashMap<>(OutboundMessages.opportunity(i).fields());
            f.put("Description", "\"".repeat(padding));
            fields.add(f);
        }
        int shortBy = bytes - message(fields).xml().getBytes(StandardCharsets.UTF_8).length;
        fields.get(99).put("Description", "\"".repeat(padding + shortBy));
        return message(fields);
    }

    private static OutboundMessages message(List<Map<String, String>> fields) {
        OutboundMessages sent = OutboundMessages.message();
        for (int i = 1; i <= fields.size(); i++) {
            sent.add(new OutboundMessages.Notification(TestIds.id("04l", i), "Opportunity", fields.get(i - 1)));
        }
        return sent;
    }

    /**
     * A body well inside its limit can still hold one notification larger than a queue message (several long text
     * fields of one record): the fault says
     * which entry, its size and the limit, and nothing is queued, not even the notifications that fit.
     */
    @Test
    void aNotificationTooLargeForOneMessageIsAClearFaultAndNothingIsQueued() {
        OutboundMessages sent = OutboundMessages.closedWon(1, 3);
        Map<String, String> fields = new LinkedHashMap<>(OutboundMessages.opportunity(4).fields());
        for (int k = 1; k <= 5; k++) {
            fields.put("Long_Notes_" + k + "__c", "x".repeat(220_000)); // each under the parser's 256 KiB of text
        }
        sent.add(new OutboundMessages.Notification(TestIds.id("04l", 4), "Opportunity", fields));

        ListenerResponse response = listener(ListenerConfig.DEFAULT_MAX_BODY_BYTES, ListenerConfig.DEFAULT_QUEUE_MAX_MESSAGE_BYTES)
                .handle(base64(sent.xml().getBytes(StandardCharsets.UTF_8)));

        assertEquals(500, response.status());
        assertFalse(response.body().contains("<Ack>"));
        assertTrue(response.body().contains("retrying will not help"), response.body());
        assertTrue(response.body().contains("entry m1 is "), response.body());
        assertTrue(response.body().contains("more than the " + (1024 * 1024 - DeadLetterQueue.MAX_ATTRIBUTE_BYTES) + " a message may hold"),
                response.body());
        assertEquals(Map.of("Faults[Reason=enqueue_failed]", 1L), metrics.emitted());
        assertEquals(List.of(), sqs.drain(queueUrl), "not the three that fit either");
    }

    /**
     * A notification that fits a queue message but not with the worker's dead-letter attributes beside it could be
     * queued and never dead-lettered (SQS counts attributes toward the limit): refused as too large, while one that
     * leaves the attributes room is queued. Sizes are measured on a first notification's queued JSON (give or take the
     * receipt time's digits).
     */
    @Test
    void aNotificationIsQueuedOnlyWithRoomForTheDeadLetterReason() {
        OutboundMessageListener listener = listener(ListenerConfig.DEFAULT_MAX_BODY_BYTES, QUEUE_LIMIT);
        assertEquals(200, listener.handle(base64(withDescription(1, 1000))).status());
        int overhead = sqs.drain(queueUrl).getFirst().body().getBytes(StandardCharsets.UTF_8).length - 1000;

        ListenerResponse noRoom = listener.handle(base64(withDescription(2, QUEUE_LIMIT - 100 - overhead)));
        assertEquals(500, noRoom.status(), noRoom.body());
        assertTrue(noRoom.body().contains("more than the " + (QUEUE_LIMIT - DeadLetterQueue.MAX_ATTRIBUTE_BYTES)
                + " a message may hold"), noRoom.body());
        assertEquals(List.of(), sqs.drain(queueUrl));

        ListenerResponse room = listener.handle(base64(withDescription(3, QUEUE_LIMIT - DeadLetterQueue.MAX_ATTRIBUTE_BYTES - 100 - overhead)));
        assertEquals(200, room.status(), room.body());
        assertEquals(1, sqs.drainNotifications(queueUrl).size());
    }

    @Test
    void aQueueTooSmallForANotificationAndTheDeadLetterReasonIsRefusedAtStart() {
        assertEquals(1024, ListenerConfig.from(env(Map.of("QUEUE_MAX_MESSAGE_BYTES", "3072"))).largestEntryBytes());
        ConfigException tooSmall = assertThrows(ConfigException.class,
                () -> ListenerConfig.from(env(Map.of("QUEUE_MAX_MESSAGE_BYTES", "3071"))));
        assertTrue(tooSmall.getMessage().contains("3072 (room for a notification and the dead-letter reason)"), tooSmall.getMessage());
    }

    /** Notification {@code n} alone, its Description {@code chars} x's. */
    private static byte[] withDescription(int n, int chars) {
        Map<String, String> fields = new LinkedHashMap<>(OutboundMessages.opportunity(n).fields());
        fields.put("Description", "x".repeat(chars));
        return OutboundMessages.message().add(new OutboundMessages.Notification(TestIds.id("04l", n), "Opportunity", fields))
                .xml().getBytes(StandardCharsets.UTF_8);
    }

    private OutboundMessageListener listener(int maxBodyBytes, int queueMaxMessageBytes) {
        ListenerConfig config = config(maxBodyBytes, queueMaxMessageBytes);
        return new OutboundMessageListener(config, new OutboundMessageParser(new HardenedXmlInput(config.maxElementDepth())),
                new BatchEnqueuer(sqs.client(), new Retry(3, BackoffStrategy.retryImmediately(), d -> { }), config.largestEntryBytes()),
                SenderCheck.EDGE, new JsonLog(logLines::add, Clock.systemUTC()), metrics, Clock.systemUTC());
    }

    private ListenerConfig config(int maxBodyBytes, int queueMaxMessageBytes) {
        // packs of ten, the opt-in setting: the sizes of packs and of their batches are checked too
        return new ListenerConfig(queueUrl, OrganizationAllowlist.parse(TestIds.ORG), maxBodyBytes,
                ListenerConfig.DEFAULT_MAX_ELEMENT_DEPTH, 3, InstanceHosts.parse(InstanceHosts.DEFAULT), queueMaxMessageBytes,
                ListenerConfig.DEFAULT_MAX_CHANGE_TIME_AHEAD, 10);
    }

    private static ListenerRequest base64(byte[] body) {
        return new ListenerRequest("POST", "text/xml; charset=utf-8", Base64.getEncoder().encodeToString(body), true, "size");
    }

    private static Env env(Map<String, String> extra) {
        Map<String, String> variables = new LinkedHashMap<>(Map.of("NOTIFICATIONS_QUEUE_URL", "q", "ALLOWED_ORG_IDS", TestIds.ORG));
        variables.putAll(extra);
        return new Env(variables);
    }
}
