package dev.sfbridge.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sfbridge.contract.SoapResponses;
import dev.sfbridge.testing.OutboundMessages;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The local stack end to end over real HTTP: what `./dev up` serves. */
class LocalPipelineTest {
    private static LocalPipeline pipeline;
    private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void start() throws Exception {
        pipeline = new LocalPipeline(LocalOptions.parse("--port", "0"));
    }

    @AfterAll
    static void stop() {
        pipeline.close();
    }

    @Test
    void acksAFullMessageOverHttpAfterQueueingAllOfIt() throws Exception {
        HttpResponse<String> response = post("text/xml; charset=utf-8", OutboundMessages.closedWon(1, 100).xml());

        assertEquals(200, response.statusCode());
        assertEquals(SoapResponses.ACK, response.body());
        assertEquals(100, pipeline.sqs().drain(pipeline.notificationsQueueUrl()).size());
    }

    @Test
    void answersAnUnknownOrganizationWithAFaultOverHttp() throws Exception {
        HttpResponse<String> response = post("text/xml", OutboundMessages.closedWon(1, 1)
                .organizationId(dev.sfbridge.testing.TestIds.OTHER_ORG).xml());

        assertEquals(500, response.statusCode());
        assertTrue(response.body().contains("<faultcode>soapenv:Client</faultcode>"), response.body());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("text/xml"));
    }

    @Test
    void refusesOtherMethodsAndUnknownPaths() throws Exception {
        HttpResponse<String> get = http.send(HttpRequest.newBuilder(pipeline.outboundMessagesEndpoint()).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(405, get.statusCode());
        assertEquals("POST", get.headers().firstValue("Allow").orElse(""));

        HttpResponse<String> elsewhere = http.send(HttpRequest.newBuilder(pipeline.outboundMessagesEndpoint()
                .resolve("/outbound-messages/x")).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(404, elsewhere.statusCode());
    }

    @Test
    void optionsHaveDefaultsAndClearErrors() {
        assertEquals(LocalOptions.DEFAULT_PORT, LocalOptions.parse().port());
        assertTrue(LocalOptions.parse("--help").help());
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> LocalOptions.parse("--port", "x"));
        assertTrue(bad.getMessage().contains("--port"));
        assertThrows(IllegalArgumentException.class, () -> LocalOptions.parse("--frobnicate"));
    }

    private static HttpResponse<String> post(String contentType, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(pipeline.outboundMessagesEndpoint())
                .header("Content-Type", contentType).header("SOAPAction", "\"\"")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
