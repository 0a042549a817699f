package dev.sfbridge.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sfbridge.contract.SoapResponses;
import dev.sfbridge.testing.OutboundMessages;
import dev.sfbridge.testing.TestIds;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The stack as {@code ./dev up} starts it with the template's defaults: SenderVerification url-secret and no
 * EndpointKeysSecretArn, so it creates the endpoint keys' secret with a generated key for the simulated org, which
 * sends its messages without a session (as Salesforce does since February 2026) to the Endpoint URL with that key.
 * A message with the key is acked and ends as orders, the key in no log line; one without it, or with another, is
 * refused, end to end.
 */
class EndpointKeysLocalTest {
    private static final Path LOG = Path.of("target/endpoint-keys-local-test.log");
    private static LocalPipeline pipeline;

    /** With the template's defaults: no SenderVerification, no EndpointKeysSecretArn. */
    @BeforeAll
    static void start() throws IOException {
        pipeline = new LocalPipeline(LocalOptions.parse("--template", System.getProperty("sfbridge.template"), "--log-file", LOG.toString(),
                "--port", "0", "--status-port", "0", "--sqs-port", "0", "--dynamodb-port", "0", "--opportunities", "0"));
    }

    @AfterAll
    static void stop() {
        pipeline.close();
    }

    @Test
    void theOrgsEndpointUrlCarriesAGeneratedKeyAndItsMessagesNoSession() {
        String query = pipeline.outboundMessagesEndpoint().getRawQuery();

        assertTrue(query != null && query.matches("key=[A-Za-z0-9]{48}"), "the Endpoint URL: " + pipeline.outboundMessagesEndpoint());
        assertFalse(pipeline.orgSendsSessions());
    }

    @Test
    void aMessageWithTheKeyAndNoSessionIsAckedAndEndsAsOrdersWithTheirNumbersInTheOrg() throws Exception {
        List<String> ids = IntStream.rangeClosed(3001, 3005).mapToObj(n -> TestIds.id("006", n)).toList();
        ids.forEach(id -> pipeline.salesforce().addRecord("Opportunity", id));

        HttpResponse<String> response = post(pipeline.outboundMessagesEndpoint(), message(3001, 5));

        assertEquals(200, response.statusCode(), response.body());
        assertEquals(SoapResponses.ACK, response.body());
        Await.until(Duration.ofSeconds(60), () -> pipeline.reconcile(ids).passed(), () -> pipeline.reconcile(ids).report());
        assertTrue(pipeline.salesforce().tokenRequests() >= 1, "without a session the callbacks log in with OAuth");
        String key = pipeline.outboundMessagesEndpoint().getRawQuery().substring("key=".length());
        List<String> lines = Files.readAllLines(LOG);
        assertTrue(lines.stream().anyMatch(l -> l.contains("\"organizationId\"")), "the functions' lines were captured");
        assertTrue(lines.stream().noneMatch(l -> l.contains(key)), "a log line holds the endpoint key");
    }

    @Test
    void aMessageWithoutTheKeyOrWithAnotherIsRefusedSayingWhich() throws Exception {
        URI route = pipeline.outboundMessagesEndpoint().resolve(LocalPipeline.OUTBOUND_MESSAGES_ROUTE);
        URI otherKey = URI.create(route + "?key=" + "x".repeat(48));

        HttpResponse<String> missing = post(route, message(3101, 1));
        HttpResponse<String> mismatched = post(otherKey, message(3102, 1));

        for (HttpResponse<String> refused : List.of(missing, mismatched)) {
            assertEquals(500, refused.statusCode());
            assertTrue(refused.body().contains("<faultcode>soapenv:Client</faultcode>"), refused.body());
        }
        List<String> reasons = ListenerCalls.logLines(LOG).stream().map(line -> line.path("reason").asText()).filter(reason -> reason.startsWith("endpoint_key_")).toList();
        assertTrue(reasons.containsAll(List.of("endpoint_key_missing", "endpoint_key_mismatch")), reasons.toString());
    }

    private static String message(int first, int count) {
        return OutboundMessages.closedWon(first, count).organizationId(pipeline.salesforce().organizationId()).sessionId(null)
                .instanceUrl(pipeline.salesforce().instanceUrl().toString()).xml();
    }

    private static HttpResponse<String> post(URI endpoint, String xml) throws Exception {
        return ListenerCalls.post(endpoint, xml);
    }
}
