package dev.sfbridge.listener;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sfbridge.contract.SoapResponses;
import dev.sfbridge.model.Notification;
import dev.sfbridge.model.QueueJson;
import dev.sfbridge.testing.FaultInjectingSqs;
import dev.sfbridge.testing.LogScrubbing;
import dev.sfbridge.testing.OutboundMessages;
import dev.sfbridge.testing.TestIds;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;

class ListenerWithQueueTest {
    private final ListenerFixture fixture = new ListenerFixture();

    @ParameterizedTest(name = "{0} notification(s)")
    @ValueSource(ints = {1, 100})
    void everyNotificationArrivesInTheQueueExactlyAsSentBeforeTheAck(int count) throws Exception {
        OutboundMessages sent = OutboundMessages.closedWon(1, count);
        ListenerResponse response = fixture.listener(fixture.sqs.client()).handle(ListenerFixture.post(sent.xml()));

        assertEquals(200, response.status());
        assertEquals(SoapResponses.ACK, response.body());
        Map<String, Notification> queued = fixture.sqs.drain(fixture.queueUrl).stream()
                .map(m -> QueueJson.read(m.body(), Notification.class))
                .collect(Collectors.toMap(Notification::notificationId, Function.identity()));
        assertEquals(count, queued.size(), "one message per notification, none twice");
        for (OutboundMessages.Notification expected : sent.notifications()) {
            Notification actual = queued.get(expected.id());
            assertNotNull(actual, "notification " + expected.id() + " is in the queue");
            assertEquals(Notification.SCHEMA_VERSION, actual.schemaVersion());
            assertEquals(TestIds.ORG, actual.organizationId());
            assertEquals(TestIds.ACTION, actual.actionId());
            assertEquals("Opportunity", actual.objectType());
            assertEquals(expected.fields().get("Id"), actual.recordId());
            assertEquals(expected.fields(), actual.fields());
            assertEquals("https://sfbridge-dev.my.salesforce.com", actual.instanceUrl().toString(),
                    "the instance the EnterpriseUrl names, checked by the listener");
            assertEquals(OutboundMessages.SESSION_ID, actual.sessionId().reveal());
            assertNotNull(actual.receivedAt());
        }
    }

    @Test
    void entriesTheQueueKeepsFailingYieldAFaultAndNoAck() {
        FaultInjectingSqs failing = new FaultInjectingSqs(fixture.sqs.client(),
                entry -> entry.id().equals("n3") || entry.id().equals("n57"), Integer.MAX_VALUE, false);

        ListenerResponse response = fixture.listener(failing.client()).handle(ListenerFixture.post(OutboundMessages.closedWon(1, 100).xml()));

        assertEquals(500, response.status());
        assertTrue(response.body().contains("<faultcode>soapenv:Server</faultcode>"), response.body());
        assertFalse(response.body().contains("<Ack>"), "no ack of any kind was sent");
        assertTrue(response.body().contains("2 of 100"), response.body());
        assertEquals(10 + 1 + 1, failing.batchCalls(), "ten chunks, then the two failed entries in one chunk, twice more");
        assertEquals("enqueue_failed", logLine().get("reason").asText());
        assertEquals(Map.of("Faults[Reason=enqueue_failed]", 1L), fixture.metrics.emitted(), "no ack, nothing counted as enqueued");
    }

    @Test
    void entriesThatFailOnceAreSentAgainAndThenAcked() {
        FaultInjectingSqs flaky = new FaultInjectingSqs(fixture.sqs.client(), entry -> entry.id().endsWith("7"), 2, false);

        ListenerResponse response = fixture.listener(flaky.client()).handle(ListenerFixture.post(OutboundMessages.closedWon(1, 100).xml()));

        assertEquals(200, response.status());
        assertEquals(Map.of("Acks", 1L, "NotificationsEnqueued", 100L), fixture.metrics.emitted());
        Set<String> ids = fixture.sqs.drain(fixture.queueUrl).stream().map(Message::body)
                .map(b -> QueueJson.read(b, Notification.class).notificationId()).collect(Collectors.toSet());
        assertEquals(100, ids.size());
    }

    @Test
    void entriesSqsRefusesAsTheSendersFaultAreNotRetried() {
        FaultInjectingSqs refusing = new FaultInjectingSqs(fixture.sqs.client(), entry -> entry.id().equals("n0"), 1, true);

        ListenerResponse response = fixture.listener(refusing.client()).handle(ListenerFixture.post(OutboundMessages.closedWon(1, 10).xml()));

        assertEquals(500, response.status());
        assertEquals(1, refusing.batchCalls());
        assertEquals(Map.of("Faults[Reason=enqueue_failed]", 1L), fixture.metrics.emitted());
        assertTrue(response.body().contains("retrying will not help"), response.body());
    }

    @Test
    void logsOneLineWithTheRequestsCorrelationIdsAndNeitherBodyNorSession() {
        OutboundMessages sent = OutboundMessages.closedWon(1, 5);
        fixture.listener(fixture.sqs.client()).handle(ListenerFixture.post(sent.xml()));

        assertEquals(1, fixture.logLines.size());
        JsonNode line = logLine();
        assertEquals("test-request", line.get("requestId").asText());
        assertEquals(TestIds.ORG, line.get("organizationId").asText());
        assertEquals(TestIds.ACTION, line.get("actionId").asText());
        assertEquals(5, line.get("notifications").asInt());
        assertEquals(sent.notifications().stream().map(OutboundMessages.Notification::id).toList(),
                textsOf(line.get("notificationIds")));
        assertEquals(sent.notifications().stream().map(n -> n.fields().get("Id")).toList(), textsOf(line.get("recordIds")));
        assertEquals("ack", line.get("outcome").asText());
        assertTrue(line.get("durationMs").isNumber());
        LogScrubbing.of().sessionId(OutboundMessages.SESSION_ID).messageBody(sent.xml()).assertNoneIn(fixture.logLines);
        assertFalse(fixture.logLines.get(0).contains("Closed Won"), "no field values");
        assertEquals(Map.of("Acks", 1L, "NotificationsEnqueued", 5L), fixture.metrics.emitted());
    }

    private static List<String> textsOf(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(node -> texts.add(node.asText()));
        return texts;
    }

    private JsonNode logLine() {
        try {
            return new ObjectMapper().readTree(fixture.logLines.get(fixture.logLines.size() - 1));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
