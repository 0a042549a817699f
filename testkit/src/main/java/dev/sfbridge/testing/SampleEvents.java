package dev.sfbridge.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.sfbridge.model.NotificationPack;
import dev.sfbridge.model.QueueJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The sample events in {@code events/}, made from {@link OutboundMessages} so that tests know what each
 * holds. {@code main} rewrites them; a test fails when a committed file differs from what this makes.
 */
public final class SampleEvents {
    public static final Map<String, OutboundMessages> OUTBOUND_MESSAGES = Map.of(
            "outbound-message-1.json", OutboundMessages.closedWon(1, 1),
            "outbound-message-100.json", OutboundMessages.closedWon(1, 100));

    /**
     * The notifications of this message, as the listener queues them, feed the order worker's sample event: the first
     * two in one message, as a listener with packs queues them ({@link NotificationPack}), the third alone, as every
     * message is by default.
     */
    public static final OutboundMessages ORDER_WORKER_NOTIFICATIONS = OutboundMessages.closedWon(1, 3);
    public static final String ORDER_WORKER_EVENT = "order-worker-sqs.json";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private SampleEvents() {}

    public static Path directory() {
        return Path.of(System.getProperty("sfbridge.events.dir", "events"));
    }

    /** An API Gateway REST API proxy event of a POST to the listener route. */
    public static String apiGatewayEvent(String body) {
        Map<String, Object> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "text/xml; charset=utf-8");
        headers.put("SOAPAction", "\"\"");
        headers.put("User-Agent", "Jakarta Commons-HttpClient/3.1");
        return apiGatewayEvent("/outbound-messages", headers, "13.108.0.1", body);
    }

    /** An API Gateway REST API proxy event of a POST to {@code resource} on stage prod, from {@code sourceIp}. */
    public static String apiGatewayEvent(String resource, Map<String, Object> headers, String sourceIp, String body) {
        Map<String, Object> identity = new LinkedHashMap<>();
        identity.put("sourceIp", sourceIp);
        identity.put("userAgent", headers.get("User-Agent"));
        Map<String, Object> requestContext = new LinkedHashMap<>();
        requestContext.put("resourcePath", resource);
        requestContext.put("httpMethod", "POST");
        requestContext.put("path", "/prod" + resource);
        requestContext.put("stage", "prod");
        requestContext.put("requestId", "c6af9ac6-7b61-11e6-9a41-93e8deadbeef");
        requestContext.put("identity", identity);
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("resource", resource);
        event.put("path", resource);
        event.put("httpMethod", "POST");
        event.put("headers", headers);
        event.put("requestContext", requestContext);
        event.put("body", body);
        event.put("isBase64Encoded", false);
        return json(event);
    }

    static String json(Object event) {
        try {
            return JSON.writeValueAsString(event) + "\n";
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * An SQS event as Lambda's event source mapping delivers it, one record per body.
     *
     * @param senderId the role and session that sent the messages: the producing function
     */
    public static String sqsEvent(String queueName, String senderId, List<String> bodies) {
        List<Map<String, Object>> records = new ArrayList<>();
        for (int i = 0; i < bodies.size(); i++) {
            // ordered maps: Map.of's iteration order changes from one JVM to the next, and the file must not
            Map<String, Object> attributes = new LinkedHashMap<>();
            attributes.put("ApproximateReceiveCount", "1");
            attributes.put("SentTimestamp", "1795435190000");
            attributes.put("SenderId", senderId);
            attributes.put("ApproximateFirstReceiveTimestamp", "1795435190500");
            Map<String, Object> record = new LinkedHashMap<>();
            record.put("messageId", "0d5c1f2e-8a51-4b8e-9c1e-00000000000" + (i + 1));
            record.put("receiptHandle", "AQEBsample" + (i + 1));
            record.put("body", bodies.get(i));
            record.put("attributes", attributes);
            record.put("messageAttributes", Map.of());
            record.put("md5OfBody", md5(bodies.get(i)));
            record.put("eventSource", "aws:sqs");
            record.put("eventSourceARN", "arn:aws:sqs:us-east-1:123456789012:" + queueName);
            record.put("awsRegion", "us-east-1");
            records.add(record);
        }
        return json(Map.of("Records", records));
    }

    private static String md5(String body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(body.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String orderWorkerEvent() {
        OutboundMessages message = ORDER_WORKER_NOTIFICATIONS;
        List<String> queued = message.notifications().stream()
                .map(n -> QueueJson.write(message.queued(n, Instant.parse("2026-11-23T12:00:00Z")))).toList();
        List<String> bodies = new ArrayList<>(NotificationPack.bodies(queued.subList(0, 2), 10, Integer.MAX_VALUE));
        bodies.add(queued.get(2));
        return sqsEvent("sfbridge-notifications", "AROAEXAMPLE:sfbridge-outbound-listener", bodies);
    }

    public static void main(String[] args) throws IOException {
        Path dir = args.length > 0 ? Path.of(args[0]) : directory();
        Files.createDirectories(dir);
        for (Map.Entry<String, OutboundMessages> e : OUTBOUND_MESSAGES.entrySet()) {
            Files.writeString(dir.resolve(e.getKey()), apiGatewayEvent(e.getValue().xml()));
        }
        Files.writeString(dir.resolve(ORDER_WORKER_EVENT), orderWorkerEvent());
        CallbackSampleEvents.write(dir);
    }
}
