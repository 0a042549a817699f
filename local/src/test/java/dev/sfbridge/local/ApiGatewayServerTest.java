package dev.sfbridge.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import dev.sfbridge.model.Notification;
import dev.sfbridge.model.QueueJson;
import dev.sfbridge.observability.JsonLog;
import dev.sfbridge.testing.EmbeddedSqs;
import dev.sfbridge.testing.OutboundMessages;
import dev.sfbridge.testing.TestIds;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The local front passes a text/xml body as API Gateway does with text/xml among the API's binary media
 * types: in base64, the bytes as sent. So the listener behind it reads the encoding the XML declares, and
 * bytes that are not UTF-8 in a body declared UTF-8 are a fault, not replacement characters queued as data.
 */
class ApiGatewayServerTest {
    private static final String STAGE = "<sf:StageName>Closed Won</sf:StageName>";

    private final EmbeddedSqs sqs = EmbeddedSqs.shared();
    private final String queueUrl = sqs.createQueue("front-" + UUID.randomUUID());
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void invalidUtf8InAFieldIsAFaultAndNothingIsQueued() throws Exception {
        String xml = OutboundMessages.closedWon(1, 1).xml();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(xml.substring(0, xml.indexOf(STAGE) + "<sf:StageName>".length()).getBytes(StandardCharsets.UTF_8));
        body.writeBytes(new byte[] {'C', (byte) 0xE9, (byte) 0xFF});
        body.writeBytes(xml.substring(xml.indexOf(STAGE) + "<sf:StageName>Closed Won".length()).getBytes(StandardCharsets.UTF_8));
        List<String> log = new CopyOnWriteArrayList<>();

        try (ListenerServer listener = new ListenerServer(0, queueUrl, TestIds.ORG, sqs.client(), new JsonLog(log::add, Clock.systemUTC()))) {
            HttpResponse<String> response = post(listener.endpoint(), body.toByteArray());

            assertEquals(500, response.statusCode(), response.body());
            assertTrue(response.body().contains("<faultcode>soapenv:Client</faultcode>"), response.body());
            assertFalse(response.body().contains("<Ack>"));
            assertTrue(log.getLast().contains("\"reason\":\"malformed_xml\""), log.getLast());
            assertEquals(List.of(), sqs.drain(queueUrl));
        }
    }

    @Test
    void aBodyInTheEncodingItDeclaresIsQueuedAsTheTextSent() throws Exception {
        String xml = OutboundMessages.closedWon(1, 1).xml().replace("encoding=\"UTF-8\"", "encoding=\"ISO-8859-1\"")
                .replace(STAGE, "<sf:StageName>Clôturée gagnée</sf:StageName>");

        try (ListenerServer listener = new ListenerServer(0, queueUrl, TestIds.ORG, sqs.client(), new JsonLog(line -> { }, Clock.systemUTC()))) {
            HttpResponse<String> response = post(listener.endpoint(), xml.getBytes(StandardCharsets.ISO_8859_1), "text/xml; charset=ISO-8859-1");

            assertEquals(200, response.statusCode(), response.body());
            List<Message> queued = sqs.drain(queueUrl);
            assertEquals(1, queued.size());
            assertEquals("Clôturée gagnée", QueueJson.read(queued.getFirst().body(), Notification.class).fields().get("StageName"));
        }
    }

    @Test
    void onlyBinaryMediaTypesArriveInBase64() throws Exception {
        List<APIGatewayProxyRequestEvent> events = new CopyOnWriteArrayList<>();
        byte[] latin1 = "caf\u00e9".getBytes(StandardCharsets.ISO_8859_1);
        try (ApiGatewayServer api = recording("/echo", events)) {
            post(api.baseUri().resolve("/echo"), latin1, "Text/XML; charset=ISO-8859-1");
            post(api.baseUri().resolve("/echo"), "{\"a\":\"é\"}".getBytes(StandardCharsets.UTF_8), "application/json");
        }

        assertTrue(events.get(0).getIsBase64Encoded());
        assertEquals("Y2Fm6Q==", events.get(0).getBody());
        assertFalse(events.get(1).getIsBase64Encoded());
        assertEquals("{\"a\":\"é\"}", events.get(1).getBody());
    }

    /** The endpoint key of SENDER_VERIFICATION=url-secret arrives as API Gateway hands query parameters over: decoded. */
    @Test
    void queryParametersArriveDecodedAndNoneAsNull() throws Exception {
        List<APIGatewayProxyRequestEvent> events = new CopyOnWriteArrayList<>();
        try (ApiGatewayServer api = recording("/echo", events)) {
            post(api.baseUri().resolve("/echo?key=a%2Bb%3D&flag"), new byte[0], "text/xml");
            post(api.baseUri().resolve("/echo"), new byte[0], "text/xml");
        }

        assertEquals(Map.of("key", "a+b=", "flag", ""), events.get(0).getQueryStringParameters());
        assertEquals("/echo", events.get(0).getPath());
        assertEquals(null, events.get(1).getQueryStringParameters());
    }

    @Test
    void aPathParameterIsOneWholeSegmentAndArrivesDecodedWithTheResource() throws Exception {
        List<APIGatewayProxyRequestEvent> events = new CopyOnWriteArrayList<>();
        try (ApiGatewayServer api = recording("/accounts/{accountNumber}/billing-history", events)) {
            post(api.baseUri().resolve("/accounts/ACME%2D1/billing-history?pageSize=5"), new byte[0], "application/json");
            HttpResponse<String> twoSegments = post(api.baseUri().resolve("/accounts/A/B/billing-history"), new byte[0], "application/json");
            HttpResponse<String> none = post(api.baseUri().resolve("/accounts//billing-history"), new byte[0], "application/json");

            assertEquals(404, twoSegments.statusCode());
            assertEquals(404, none.statusCode());
        }

        assertEquals(1, events.size());
        assertEquals("/accounts/{accountNumber}/billing-history", events.getFirst().getResource());
        assertEquals(Map.of("accountNumber", "ACME-1"), events.getFirst().getPathParameters());
        assertEquals(Map.of("pageSize", "5"), events.getFirst().getQueryStringParameters());
    }

    @AfterEach
    void closeClient() {
        http.close();
    }

    /** A front whose one route records each event it is handed and answers 200. */
    private static ApiGatewayServer recording(String route, List<APIGatewayProxyRequestEvent> events) throws Exception {
        return new ApiGatewayServer(0, Map.of(route, (event, context) -> {
            events.add(event);
            return new APIGatewayProxyResponseEvent().withStatusCode(200);
        }));
    }

    private HttpResponse<String> post(URI uri, byte[] body) throws Exception {
        return post(uri, body, "text/xml; charset=utf-8");
    }

    private HttpResponse<String> post(URI uri, byte[] body, String contentType) throws Exception {
        return http.send(HttpRequest.newBuilder(uri).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
