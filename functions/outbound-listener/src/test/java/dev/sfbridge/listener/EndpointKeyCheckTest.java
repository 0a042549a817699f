package dev.sfbridge.listener;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import dev.sfbridge.config.Env;
import dev.sfbridge.model.QueueJson;
import dev.sfbridge.observability.JsonLog;
import dev.sfbridge.testing.EmbeddedSqs;
import dev.sfbridge.testing.LogScrubbing;
import dev.sfbridge.testing.OutboundMessages;
import dev.sfbridge.testing.RecordingMetrics;
import dev.sfbridge.testing.StaticSecretsManager;
import dev.sfbridge.testing.TestIds;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code SENDER_VERIFICATION=url-secret} through the Lambda handler, as API Gateway calls it: the key comes in
 * the endpoint URL's query string, the keys from Secrets Manager. A message needs no session in this mode.
 */
class EndpointKeyCheckTest {
    private static final String SECRET = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:sfbridge/endpoint-keys";
    private static final String KEY = "k3y-of-the-allowed-org-0123456789abcdef";
    private static final String NEXT_KEY = "the-allowed-orgs-next-key-after-rotation";
    private static final String OTHER_ORGS_KEY = "k3y-of-another-org-0123456789abcdefghij";

    private final EmbeddedSqs sqs = EmbeddedSqs.shared();
    private final String queueUrl = sqs.createQueue("keys-" + UUID.randomUUID());
    private final StaticSecretsManager secrets = new StaticSecretsManager();
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final RecordingMetrics metrics = new RecordingMetrics();

    @AfterEach
    void noKeyReachedALogLine() {
        LogScrubbing.of().apiKey(KEY, NEXT_KEY, OTHER_ORGS_KEY).sessionId(OutboundMessages.SESSION_ID).assertNoneIn(lines);
    }

    @Test
    void theOrgsKeyInTheUrlIsAckedWithoutASession() {
        secrets.put(SECRET, QueueJson.write(Map.of(TestIds.ORG, KEY, TestIds.OTHER_ORG, OTHER_ORGS_KEY)));

        APIGatewayProxyResponseEvent response = handler().handleRequest(event(OutboundMessages.closedWon(1, 2).sessionId(null), KEY), null);

        assertEquals(200, response.getStatusCode(), response.getBody());
        assertEquals(2, sqs.drainNotifications(queueUrl).size());
    }

    @Test
    void aWrongMissingOrAnotherOrgsKeyIsRefusedAndNothingIsQueued() {
        secrets.put(SECRET, QueueJson.write(Map.of(TestIds.ORG, KEY, TestIds.OTHER_ORG, OTHER_ORGS_KEY)));
        OutboundMessageHandler handler = handler();
        Map<String, String> refusals = new HashMap<>();
        refusals.put(KEY.substring(0, KEY.length() - 1) + "X", "endpoint_key_mismatch");
        refusals.put(KEY + "X", "endpoint_key_mismatch");
        refusals.put(OTHER_ORGS_KEY, "endpoint_key_mismatch");
        refusals.put("", "endpoint_key_missing");
        refusals.put(null, "endpoint_key_missing");

        refusals.forEach((key, reason) -> {
            APIGatewayProxyResponseEvent response = handler.handleRequest(event(OutboundMessages.closedWon(1, 1), key), null);
            assertEquals(500, response.getStatusCode());
            assertTrue(response.getBody().contains("<faultcode>soapenv:Client</faultcode>"), response.getBody());
            assertTrue(lines.get(lines.size() - 1).contains("\"reason\":\"" + reason + "\""), lines.get(lines.size() - 1));
        });

        assertEquals(List.of(), sqs.drain(queueUrl));
        assertEquals(Map.of("Faults[Reason=endpoint_key_mismatch]", 3L, "Faults[Reason=endpoint_key_missing]", 2L), metrics.emitted());
    }

    @Test
    void anOrgWithoutAKeyInTheSecretIsRefused() {
        secrets.put(SECRET, QueueJson.write(Map.of(TestIds.OTHER_ORG, OTHER_ORGS_KEY)));

        APIGatewayProxyResponseEvent response = handler().handleRequest(event(OutboundMessages.closedWon(1, 1), OTHER_ORGS_KEY), null);

        assertEquals(500, response.getStatusCode());
        assertEquals(Map.of("Faults[Reason=endpoint_key_mismatch]", 1L), metrics.emitted());
    }

    @Test
    void whileAKeyIsRotatedTheOldAndTheNewAreBothTaken() {
        secrets.put(SECRET, "{\"" + TestIds.ORG.substring(0, 15) + "\": [\"" + NEXT_KEY + "\", \"" + KEY + "\"]}");
        OutboundMessageHandler handler = handler();

        assertEquals(200, handler.handleRequest(event(OutboundMessages.closedWon(1, 1), KEY), null).getStatusCode());
        assertEquals(200, handler.handleRequest(event(OutboundMessages.closedWon(2, 1), NEXT_KEY), null).getStatusCode());
        assertEquals(1, secrets.reads(), "the secret is read once for both");
    }

    @Test
    void keysThatCannotBeReadAreARetryableFaultThatNamesNoKey() {
        OutboundMessageHandler handler = handler();

        APIGatewayProxyResponseEvent missing = handler.handleRequest(event(OutboundMessages.closedWon(1, 1), KEY), null);
        secrets.put(SECRET, "[\"" + KEY + "\"]");
        APIGatewayProxyResponseEvent notAnObject = handler.handleRequest(event(OutboundMessages.closedWon(1, 1), KEY), null);

        for (APIGatewayProxyResponseEvent response : List.of(missing, notAnObject)) {
            assertEquals(500, response.getStatusCode());
            assertTrue(response.getBody().contains("<faultcode>soapenv:Server</faultcode>"), response.getBody());
            assertFalse(response.getBody().contains(KEY.substring(0, 8)), "no key in the fault");
        }
        assertTrue(missing.getBody().contains("ResourceNotFoundException"), missing.getBody());
        assertTrue(notAnObject.getBody().contains("not a JSON object of org IDs and their keys"), notAnObject.getBody());
        assertEquals(Map.of("Faults[Reason=endpoint_keys_unavailable]", 2L), metrics.emitted());
        assertEquals(List.of(), sqs.drain(queueUrl));
    }

    /** A weak key refuses its own org's messages as the secret's fault (delivered again once it is fixed), and only those. */
    @Test
    void anOrgsWeakKeyIsARetryableFaultForThatOrgAloneThatNamesNoOrgAndNoKeyDetail() {
        secrets.put(SECRET, "{\"" + TestIds.ORG + "\": \"" + KEY + "\", \"" + TestIds.OTHER_ORG + "\": \"" + "x".repeat(EndpointKeyCheck.MIN_KEY_LENGTH - 1) + "\"}");
        OutboundMessageHandler handler = handler();

        APIGatewayProxyResponseEvent weak = handler.handleRequest(event(otherOrgs(), "x".repeat(EndpointKeyCheck.MIN_KEY_LENGTH - 1)), null);
        APIGatewayProxyResponseEvent wrongKey = handler.handleRequest(event(OutboundMessages.closedWon(1, 1), OTHER_ORGS_KEY), null);

        assertEquals(500, weak.getStatusCode());
        assertTrue(weak.getBody().contains("<faultcode>soapenv:Server</faultcode>"), weak.getBody());
        assertTrue(weak.getBody().contains("deliver again"), weak.getBody());
        for (APIGatewayProxyResponseEvent response : List.of(weak, wrongKey)) {
            assertFalse(response.getBody().contains(TestIds.OTHER_ORG.substring(0, 15)), response.getBody());
            assertFalse(response.getBody().contains("characters") || response.getBody().contains("entry 2"), response.getBody());
        }
        assertFalse(weak.getBody().contains(TestIds.ORG.substring(0, 15)), weak.getBody());
        assertTrue(errorLines().stream().anyMatch(l -> l.contains("entry 2 of the secret") && l.contains(TestIds.OTHER_ORG)
                && l.contains("at least " + EndpointKeyCheck.MIN_KEY_LENGTH + " characters")), lines.toString());
        assertEquals(Map.of("Faults[Reason=endpoint_keys_unavailable]", 1L, "Faults[Reason=endpoint_key_mismatch]", 1L,
                "EndpointKeyEntriesUnusable", 1L), metrics.emitted());
        assertEquals(List.of(), sqs.drain(queueUrl));
    }

    @Test
    void oneOrgsBrokenEntryDoesNotLockOutAnotherOrg() {
        secrets.put(SECRET, QueueJson.write(Map.of(TestIds.ORG, KEY, TestIds.OTHER_ORG, "x".repeat(EndpointKeyCheck.MIN_KEY_LENGTH - 1))));

        APIGatewayProxyResponseEvent response = handler().handleRequest(event(OutboundMessages.closedWon(1, 1), KEY), null);

        assertEquals(200, response.getStatusCode(), response.getBody());
        assertEquals(1, sqs.drainNotifications(queueUrl).size());
    }

    @Test
    void anEntryNotNamedByAnOrgIdIsLoggedByItsPlaceNotByTheKeyItHoldsAndLocksOutNoOne() {
        // org B's key as the name, its org ID as the value: told in the log by its place; the other org keeps working
        secrets.put(SECRET, "{\"" + TestIds.ORG + "\": \"" + KEY + "\", \"" + OTHER_ORGS_KEY + "\": \"" + TestIds.OTHER_ORG + "\"}");
        OutboundMessageHandler handler = handler();

        APIGatewayProxyResponseEvent guess = handler.handleRequest(event(OutboundMessages.closedWon(1, 1), "a-guess"), null);
        APIGatewayProxyResponseEvent right = handler.handleRequest(event(OutboundMessages.closedWon(2, 1), KEY), null);

        assertEquals(500, guess.getStatusCode());
        assertFalse(guess.getBody().contains(OTHER_ORGS_KEY) || guess.getBody().contains("entry 2"), guess.getBody());
        assertEquals(200, right.getStatusCode(), right.getBody());
        assertTrue(errorLines().stream().anyMatch(l -> l.contains("entry 2 of the secret is not named by an org ID")), lines.toString());
        assertEquals(1, sqs.drainNotifications(queueUrl).size());
    }

    @Test
    void aSecondEntryForTheSameOrgDoesNotDropTheFirstsKey() {
        secrets.put(SECRET, "{\"" + TestIds.ORG + "\": \"" + KEY + "\", \"" + TestIds.ORG + "\": \"" + NEXT_KEY + "\"}");
        OutboundMessageHandler handler = handler();

        assertEquals(200, handler.handleRequest(event(OutboundMessages.closedWon(1, 1), KEY), null).getStatusCode());
        assertEquals(200, handler.handleRequest(event(OutboundMessages.closedWon(2, 1), NEXT_KEY), null).getStatusCode());
    }

    @Test
    void the15And18CharacterFormsOfOneOrgKeepBothKeys() {
        secrets.put(SECRET, "{\"" + TestIds.ORG.substring(0, 15) + "\": \"" + KEY + "\", \"" + TestIds.ORG + "\": \"" + NEXT_KEY + "\"}");
        OutboundMessageHandler handler = handler();

        assertEquals(200, handler.handleRequest(event(OutboundMessages.closedWon(1, 1), KEY), null).getStatusCode());
        assertEquals(200, handler.handleRequest(event(OutboundMessages.closedWon(2, 1), NEXT_KEY), null).getStatusCode());
        assertEquals(500, handler.handleRequest(event(OutboundMessages.closedWon(3, 1), OTHER_ORGS_KEY), null).getStatusCode());
    }

    private List<String> errorLines() {
        return lines.stream().filter(l -> l.contains("\"level\":\"ERROR\"")).toList();
    }

    /** A message of the other allowed org, without a session (a session names its org). */
    private static OutboundMessages otherOrgs() {
        return OutboundMessages.closedWon(1, 1).organizationId(TestIds.OTHER_ORG).sessionId(null);
    }

    private OutboundMessageHandler handler() {
        Env env = new Env(Map.of("NOTIFICATIONS_QUEUE_URL", queueUrl, "ALLOWED_ORG_IDS", TestIds.ORG + "," + TestIds.OTHER_ORG,
                "SENDER_VERIFICATION", "url-secret", "ENDPOINT_KEYS_SECRET_ARN", SECRET));
        return new OutboundMessageHandler(ListenerConfig.from(env), SenderVerification.from(env), sqs.client(), () -> secrets,
                new JsonLog(lines::add, Clock.systemUTC()), metrics);
    }

    private static APIGatewayProxyRequestEvent event(OutboundMessages message, String key) {
        return new APIGatewayProxyRequestEvent()
                .withHttpMethod("POST")
                .withHeaders(Map.of("Content-Type", "text/xml; charset=utf-8"))
                .withQueryStringParameters(key == null ? null : Map.of(EndpointKeyCheck.PARAMETER, key))
                .withBody(message.xml())
                .withIsBase64Encoded(false);
    }
}
