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

    public static void main(String[] args) throws IOException {
        Path dir = args.length > 0 ? Path.of(args[0]) : directory();
        Files.createDirectories(dir);
        for (Map.Entry<String, OutboundMessages> e : OUTBOUND_MESSAGES.entrySet()) {
            Files.writeString(dir.resolve(e.getKey()), apiGatewayEvent(e.getValue().xml()));
        }
        CallbackSampleEvents.write(dir);
    }
}
