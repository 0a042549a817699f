package dev.sfbridge.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sfbridge.contract.SoapResponses;
import dev.sfbridge.testing.OutboundMessages;
import dev.sfbridge.testing.SalesforceSimulator;
import dev.sfbridge.testing.TestIds;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The stack started as {@code ./dev up --parameter SenderVerification=session --parameter AllowedSenderUserIds=…} starts
 * it, for a legacy org that still sends sessions, listing the simulated org's User to send as by its 15-character ID: the
 * template hands the parameter to the listener, which takes that user's session and refuses another API user's of the same org.
 */
class SenderUsersLocalTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path LOG = Path.of("target/sender-users-local-test.log");
    private static LocalPipeline pipeline;

    @BeforeAll
    static void start() throws IOException {
        pipeline = new LocalPipeline(LocalOptions.parse("--port", "0", "--status-port", "0", "--sqs-port", "0", "--dynamodb-port", "0",
                "--opportunities", "0", "--template", System.getProperty("sfbridge.template"), "--log-file", LOG.toString(),
                "--parameter", "SenderVerification=session",
                "--parameter", "AllowedSenderUserIds=" + SalesforceSimulator.INTEGRATION_USER.substring(0, 15)));
    }

    @AfterAll
    static void stop() {
        pipeline.close();
    }

    @Test
    void theListedUsersSessionIsAckedAndAnotherUsersOfTheOrgIsRefused() throws Exception {
        SalesforceSimulator org = pipeline.salesforce();
        String otherUser = TestIds.id("005", 7);

        HttpResponse<String> sentAs = post(org.newSession(), 1);
        HttpResponse<String> forged = post(org.newSessionOf(otherUser), 2);

        assertEquals(200, sentAs.statusCode(), sentAs.body());
        assertEquals(SoapResponses.ACK, sentAs.body());
        assertEquals(500, forged.statusCode());
        assertTrue(forged.body().contains("<faultcode>soapenv:Client</faultcode>"), forged.body());
        assertTrue(forged.body().contains("belongs to user " + otherUser), forged.body());
        List<JsonNode> lines = ListenerCalls.logLines(LOG);
        JsonNode started = lines.stream().filter(l -> l.path("message").asText().equals("listener start")).findFirst().orElseThrow();
        assertEquals("INFO", started.path("level").asText(), started.toString());
        assertEquals(JSON.valueToTree(List.of(SalesforceSimulator.INTEGRATION_USER)), started.path("senderUsers"));
        assertTrue(lines.stream().anyMatch(l -> l.path("reason").asText().equals("sender_user_not_allowed")), "the refusal is logged");
    }

    @Test
    void anOrgIdGivenForAUserIsRefusedByTheParametersPatternBeforeAnythingStarts() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> new LocalPipeline(LocalOptions.parse(
                "--port", "0", "--template", System.getProperty("sfbridge.template"),
                "--parameter", "AllowedSenderUserIds=" + TestIds.ORG)));
        assertTrue(refused.getMessage().startsWith("AllowedSenderUserIds must match "), refused.getMessage());
    }

    private static HttpResponse<String> post(String session, int opportunity) throws Exception {
        String xml = OutboundMessages.closedWon(opportunity, 1).organizationId(pipeline.salesforce().organizationId())
                .sessionId(session).instanceUrl(pipeline.salesforce().instanceUrl().toString()).xml();
        return ListenerCalls.post(pipeline.outboundMessagesEndpoint(), xml);
    }
}
