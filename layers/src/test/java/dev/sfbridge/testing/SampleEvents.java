package dev.sfbridge.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The sample events in {@code events/}, made from {@link OutboundMessages} so that tests know what each
 * holds. {@code main} rewrites them; a test fails when a committed file differs from what this makes.
 */
public final class SampleEvents {
    public static final Map<String, OutboundMessages> OUTBOUND_MESSAGES = Map.of(
            "outbound-message-1.json", OutboundMessages.closedWon(1, 1),
            "outbound-message-100.json", OutboundMessages.closedWon(1, 100));

    /** The notifications of this message, as the listener queues them, feed the order worker's sample event. */
    public static final OutboundMessages ORDER_WORKER_NOTIFICATIONS = OutboundMessages.closedWon(1, 2);
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
        Map<String, Object> identity = new LinkedHashMap<>();
        identity.put("sourceIp", "13.108.0.1");
        identity.put("userAgent", "Jakarta Commons-HttpClient/3.1");
        Map<String, Object> requestContext = new LinkedHashMap<>();
        requestContext.put("resourcePath", "/outbound-messages");
        requestContext.put("httpMethod", "POST");
        requestContext.put("path", "/prod/outbound-messages");
        requestContext.put("stage", "prod");
        requestContext.put("requestId", "c6af9ac6-7b61-11e6-9a41-93e8deadbeef");
        requestContext.put("identity", identity);
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("resource", "/outbound-messages");
        event.put("path", "/outbound-messages");
        event.put("httpMethod", "POST");
        event.put("headers", headers);
        event.put("requestContext", requestContext);
        event.put("body", body);
        event.put("isBase64Encoded", false);
        try {
            return JSON.writeValueAsString(event) + "\n";
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An SQS event as Lambda's event source mapping delivers it, one record per body. */
    public static String sqsEvent(String queueName, java.util.List<String> bodies) {
        java.util.List<Map<String, Object>> records = new java.util.ArrayList<>();
        for (int i = 0; i < bodies.size(); i++) {
            Map<String, Object> record = new LinkedHashMap<>();
            record.put("messageId", "059f36b4-87a3-44ab-83d2-66197565810" + i);
            record.put("receiptHandle", "AQEBwJnKyrHigUMZj6rYigCgxlaS3SLy0a" + i);
            record.put("body", bodies.get(i));
            record.put("attributes", Map.of("ApproximateReceiveCount", "1", "SentTimestamp", "1763899200000",
                    "SenderId", "AROAEXAMPLE:outbound-listener", "ApproximateFirstReceiveTimestamp", "1763899200500"));
            record.put("messageAttributes", Map.of());
            record.put("md5OfBody", "");
            record.put("eventSource", "aws:sqs");
            record.put("eventSourceARN", "arn:aws:sqs:us-east-1:123456789012:" + queueName);
            record.put("awsRegion", "us-east-1");
            records.add(record);
        }
        try {
            return JSON.writeValueAsString(Map.of("Records", records)) + "\n";
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String orderWorkerEvent() {
        OutboundMessages message = ORDER_WORKER_NOTIFICATIONS;
        return sqsEvent("sfbridge-notifications", message.notifications().stream()
                .map(n -> dev.sfbridge.model.QueueJson.write(message.queued(n, java.time.Instant.parse("2026-11-23T12:00:00Z"))))
                .toList());
    }

    public static void main(String[] args) throws IOException {
        Path dir = args.length > 0 ? Path.of(args[0]) : directory();
        Files.createDirectories(dir);
        for (Map.Entry<String, OutboundMessages> e : OUTBOUND_MESSAGES.entrySet()) {
            Files.writeString(dir.resolve(e.getKey()), apiGatewayEvent(e.getValue().xml()));
        }
        Files.writeString(dir.resolve(ORDER_WORKER_EVENT), orderWorkerEvent());
    }
}
