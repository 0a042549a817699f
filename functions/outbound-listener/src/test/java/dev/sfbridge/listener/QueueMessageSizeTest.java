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
import dev.sfbridge.model.QueueJson;
import dev.sfbridge.observability.JsonLog;
import dev.sfbridge.queue.BatchEnqueuer;
import dev.sfbridge.retry.Retry;
import dev.sfbridge.testing.EmbeddedSqs;
import dev.sfbridge.testing.OutboundMessages;
import dev.sfbridge.testing.RecordingMetrics;
import dev.sfbridge.testing.TestIds;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * Nothing is dropped for size: MAX_BODY_BYTES is refused at start when an accepted body could make a queue
 * message larger than the queue takes, a message near the body limit is queued whole on ElasticMQ's real
 * limits, and a notification too large for one message is a clear fault.
 */
class QueueMessageSizeTest {
    private static final int QUEUE_LIMIT = EmbeddedSqs.MAX_MESSAGE_CHARACTERS;

    private final EmbeddedSqs sqs = EmbeddedSqs.shared();
    private final String queueUrl = sqs.createQueue("sizes-" + UUID.randomUUID());
    private final List<String> logLines = new CopyOnWriteArrayList<>();
    private final RecordingMetrics metrics = new RecordingMetrics();

    @Test
    void theDefaultBodyLimitIsTheLargestThatFitsTheDefaultQueue() {
        ListenerConfig config = ListenerConfig.from(env(Map.of()));

        assertEquals(1024 * 1024, config.queueMaxMessageBytes());
        assertEquals((1024 * 1024 - 1024) / 3, config.maxBodyBytes());
        assertEquals(ListenerConfig.DEFAULT_MAX_BODY_BYTES, config.maxBodyBytes());
        assertEquals((QUEUE_LIMIT - 1024) / 3, ListenerConfig.from(env(Map.of("QUEUE_MAX_MESSAGE_BYTES", "" + QUEUE_LIMIT))).maxBodyBytes());
    }

    @Test
    void aBodyLimitThatCouldOverflowTheQueueIsRefusedAtStart() {
        int largest = ListenerConfig.largestBodyFor(QUEUE_LIMIT);
        assertEquals(largest, ListenerConfig.from(env(Map.of("QUEUE_MAX_MESSAGE_BYTES", "" + QUEUE_LIMIT,
                "MAX_BODY_BYTES", "" + largest))).maxBodyBytes());

        ConfigException oneOver = assertThrows(ConfigException.class, () -> ListenerConfig.from(env(Map.of(
                "QUEUE_MAX_MESSAGE_BYTES", "" + QUEUE_LIMIT, "MAX_BODY_BYTES", "" + (largest + 1)))));
        assertTrue(oneOver.getMessage().contains("MAX_BODY_BYTES " + (largest + 1)), oneOver.getMessage());
        assertTrue(oneOver.getMessage().contains("at most " + largest), oneOver.getMessage());
        // the old default, 1 MiB, on a queue of SQS's largest messages
        assertThrows(ConfigException.class, () -> ListenerConfig.from(env(Map.of("MAX_BODY_BYTES", "" + 1024 * 1024))));
        assertThrows(ConfigException.class, () -> ListenerConfig.from(env(Map.of("QUEUE_MAX_MESSAGE_BYTES", "" + (2 * 1024 * 1024)))));
    }

    /**
     * The bound the start check relies on, against the bodies that grow most on their way into the queue: a
     * field of quotes or tabs (two-byte JSON escapes), of characters a single-byte encoding holds in one byte
     * and UTF-8 in three (windows-1252's euro sign) or two (ISO-8859-1). The last shows that a factor of two
     * would not hold.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("growingBodies")
    void noBodyGrowsMoreThanTheBoundIntoItsQueueMessage(String name, byte[] body, double atLeast) {
        ListenerResponse response = listener(ListenerConfig.largestBodyFor(QUEUE_LIMIT), QUEUE_LIMIT).handle(base64(body));

        assertEquals(200, response.status(), response.body());
        List<Message> queued = sqs.drain(queueUrl);
        assertEquals(1, queued.size());
        int messageBytes = queued.get(0).body().getBytes(StandardCharsets.UTF_8).length;
        assertTrue(messageBytes <= ListenerConfig.QUEUE_BYTES_PER_BODY_BYTE * body.length + ListenerConfig.QUEUE_MESSAGE_ENVELOPE_BYTES,
                () -> messageBytes + " bytes of message from " + body.length + " bytes of body");
        assertTrue(messageBytes >= atLeast * body.length, () -> "the case grows as it should: " + messageBytes + " from " + body.length);
    }

    static Stream<Arguments> growingBodies() {
        return Stream.of(
                Arguments.of("quotes", body("\"".repeat(20_000), StandardCharsets.UTF_8), 1.8),
                Arguments.of("tabs", body("\t".repeat(20_000), StandardCharsets.UTF_8), 1.8),
                Arguments.of("ISO-8859-1 letters", body("ÿ".repeat(20_000), StandardCharsets.ISO_8859_1), 1.8),
                Arguments.of("windows-1252 euro signs", body("€".repeat(20_000), Charset.forName("windows-1252")), 2.5));
    }

    @Test
    void aHundredNotificationsNearTheBodyLimitAreAckedAndEveryOneIsQueuedOnElasticMq() {
        int maxBody = ListenerConfig.largestBodyFor(QUEUE_LIMIT);
        OutboundMessages sent = OutboundMessages.message();
        int padding = (maxBody - OutboundMessages.closedWon(1, 100).xml().length()) / 100 - 40;
        for (int i = 1; i <= 100; i++) {
            Map<String, String> fields = new LinkedHashMap<>(OutboundMessages.opportunity(i).fields());
            fields.put("Description", "\"".repeat(padding));
            sent.add(new OutboundMessages.Notification(TestIds.id("04l", i), "Opportunity", fields));
        }
        byte[] body = sent.xml().getBytes(StandardCharsets.UTF_8);
        assertTrue(body.length <= maxBody && body.length > maxBody - 4096, () -> body.length + " bytes, the limit " + maxBody);

        ListenerResponse response = listener(maxBody, QUEUE_LIMIT).handle(base64(body));

        assertEquals(200, response.status(), response.body());
        assertEquals(Map.of("Acks", 1L, "NotificationsEnqueued", 100L), metrics.emitted());
        List<Notification> queued = sqs.drain(queueUrl).stream().map(m -> QueueJson.read(m.body(), Notification.class)).toList();
        assertEquals(sent.notifications().stream().map(OutboundMessages.Notification::id).collect(Collectors.toSet()),
                queued.stream().map(Notification::notificationId).collect(Collectors.toSet()));
        assertEquals(100, queued.size(), "none twice");
        assertTrue(queued.stream().allMatch(n -> n.fields().get("Description").length() == padding), "every field whole");
    }

    /**
     * The start check keeps this from happening with the listener's own enqueuer; an enqueuer on a queue
     * smaller than the listener was told shows what happens if it ever did: a fault that says why, nothing queued.
     */
    @Test
    void aNotificationTooLargeForOneMessageIsAClearFaultAndNothingIsQueued() {
        OutboundMessages sent = OutboundMessages.closedWon(1, 3);
        Map<String, String> fields = new LinkedHashMap<>(OutboundMessages.opportunity(4).fields());
        fields.put("Description", "x".repeat(5000));
        sent.add(new OutboundMessages.Notification(TestIds.id("04l", 4), "Opportunity", fields));
        ListenerConfig config = config(ListenerConfig.DEFAULT_MAX_BODY_BYTES, ListenerConfig.DEFAULT_QUEUE_MAX_MESSAGE_BYTES);
        OutboundMessageListener listener = new OutboundMessageListener(config,
                new OutboundMessageParser(new HardenedXmlInput(config.maxElementDepth())),
                new BatchEnqueuer(sqs.client(), new Retry(3, BackoffStrategy.retryImmediately(), d -> { }), 4096),
                SenderCheck.EDGE, new JsonLog(logLines::add, Clock.systemUTC()), metrics, Clock.systemUTC());

        ListenerResponse response = listener.handle(base64(sent.xml().getBytes(StandardCharsets.UTF_8)));

        assertEquals(500, response.status());
        assertFalse(response.body().contains("<Ack>"));
        assertTrue(response.body().contains("retrying will not help"), response.body());
        assertTrue(response.body().contains("entry n3 is "), response.body());
        assertTrue(response.body().contains("more than the 4096 a message may hold"), response.body());
        assertEquals(Map.of("Faults[Reason=enqueue_failed]", 1L), metrics.emitted());
        assertEquals(List.of(), sqs.drain(queueUrl), "not the three that fit either");
    }

    private static byte[] body(String stageName, Charset charset) {
        String xml = OutboundMessages.closedWon(1, 1).xml()
                .replace("encoding=\"UTF-8\"", "encoding=\"" + charset.name() + "\"")
                .replace("<sf:StageName>Closed Won</sf:StageName>", "<sf:StageName>" + stageName + "</sf:StageName>");
        return xml.getBytes(charset);
    }

    private OutboundMessageListener listener(int maxBodyBytes, int queueMaxMessageBytes) {
        ListenerConfig config = config(maxBodyBytes, queueMaxMessageBytes);
        return new OutboundMessageListener(config, new OutboundMessageParser(new HardenedXmlInput(config.maxElementDepth())),
                new BatchEnqueuer(sqs.client(), new Retry(3, BackoffStrategy.retryImmediately(), d -> { }), config.queueMaxMessageBytes()),
                SenderCheck.EDGE, new JsonLog(logLines::add, Clock.systemUTC()), metrics, Clock.systemUTC());
    }

    private ListenerConfig config(int maxBodyBytes, int queueMaxMessageBytes) {
        return new ListenerConfig(queueUrl, OrganizationAllowlist.parse(TestIds.ORG), maxBodyBytes,
                ListenerConfig.DEFAULT_MAX_ELEMENT_DEPTH, 3, InstanceHosts.parse(InstanceHosts.DEFAULT), queueMaxMessageBytes);
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
