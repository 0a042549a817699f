package dev.sfbridge.listener;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sfbridge.apigateway.AnswerDeadline;
import dev.sfbridge.contract.SoapResponses;
import dev.sfbridge.model.Notification;
import dev.sfbridge.model.NotificationPack;
import dev.sfbridge.model.QueueJson;
import dev.sfbridge.queue.BatchEnqueuer;
import dev.sfbridge.testing.FaultInjectingSqs;
import dev.sfbridge.testing.LogScrubbing;
import dev.sfbridge.testing.OutboundMessages;
import dev.sfbridge.testing.TestIds;
import java.time.Duration;
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
        List<Message> messages = fixture.sqs.drain(fixture.queueUrl);
        assertEquals((count + 9) / 10, messages.size(), "ten notifications to a message");
        Map<String, Notification> queued = messages.stream().flatMap(m -> NotificationPack.notifications(m.body()).stream())
                .collect(Collectors.toMap(Notification::notificationId, Function.identity()));
        assertEquals(count, queued.size(), "every notification, none twice");
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
    void byDefaultEachNotificationIsAMessageOfItsOwnItsObjectAlone() {
        ListenerConfig byDefault = new ListenerConfig(fixture.queueUrl, OrganizationAllowlist.parse(TestIds.ORG),
                ListenerConfig.DEFAULT_MAX_BODY_BYTES, ListenerConfig.DEFAULT_MAX_ELEMENT_DEPTH, 3, InstanceHosts.parse(InstanceHosts.DEFAULT));
        OutboundMessages sent = OutboundMessages.closedWon(1, 12);

        assertEquals(200, fixture.listener(fixture.sqs.client(), byDefault).handle(ListenerFixture.post(sent.xml())).status());

        List<Message> messages = fixture.sqs.drain(fixture.queueUrl);
        assertEquals(12, messages.size());
        assertEquals(sent.notifications().stream().map(OutboundMessages.Notification::id).sorted().toList(),
                messages.stream().map(m -> QueueJson.read(m.body(), Notification.class).notificationId()).sorted().toList());
    }

    @Test
    void entriesTheQueueKeepsFailingYieldAFaultAndNoAck() {
        FaultInjectingSqs failing = new FaultInjectingSqs(fixture.sqs.client(),
                entry -> entry.id().equals("m3") || entry.id().equals("m5"), Integer.MAX_VALUE, false);

        ListenerResponse response = fixture.listener(failing.client()).handle(ListenerFixture.post(OutboundMessages.closedWon(1, 100).xml()));

        assertEquals(500, response.status());
        assertTrue(response.body().contains("<faultcode>soapenv:Server</faultcode>"), response.body());
        assertFalse(response.body().contains("<Ack>"), "no ack of any kind was sent");
        assertTrue(response.body().contains("2 of 10 messages"), response.body());
        assertEquals(1 + 1 + 1, failing.batchCalls(), "ten messages of ten in one call, then the two failed ones in one call, twice more");
        assertEquals("enqueue_failed", logLine().get("reason").asText());
        assertEquals(Map.of("Faults[Reason=enqueue_failed]", 1L), fixture.metrics.emitted(), "no ack, nothing counted as enqueued");
    }

    @Test
    void entriesThatFailOnceAreSentAgainAndThenAcked() {
        FaultInjectingSqs flaky = new FaultInjectingSqs(fixture.sqs.client(), entry -> entry.id().endsWith("7"), 2, false);

        ListenerResponse response = fixture.listener(flaky.client()).handle(ListenerFixture.post(OutboundMessages.closedWon(1, 100).xml()));

        assertEquals(200, response.status());
        assertEquals(Map.of("Acks", 1L, "NotificationsEnqueued", 100L), fixture.metrics.emitted());
        Set<String> ids = fixture.sqs.drainNotifications(fixture.queueUrl).stream()
                .map(Notification::notificationId).collect(Collectors.toSet());
        assertEquals(100, ids.size());
    }

    @Test
    void entriesSqsRefusesAsTheSendersFaultAreNotRetried() {
        FaultInjectingSqs refusing = new FaultInjectingSqs(fixture.sqs.client(), entry -> entry.id().equals("m0"), 1, true);

        ListenerResponse response = fixture.listener(refusing.client()).handle(ListenerFixture.post(OutboundMessages.closedWon(1, 10).xml()));

        assertEquals(500, response.status());
        assertEquals(1, refusing.batchCalls());
        assertEquals(Map.of("Faults[Reason=enqueue_failed]", 1L), fixture.metrics.emitted());
        assertTrue(response.body().contains("retrying will not help"), response.body());
    }

    /** With less time left than one SQS attempt and the answer take, the answer is the SOAP fault, not Lambda's timeout. */
    @Test
    void aRequestWithTooLittleOfTheFunctionsTimeLeftIsAFaultAndNothingIsSent() {
        FaultInjectingSqs counting = new FaultInjectingSqs(fixture.sqs.client(), entry -> false, 0, false);
        ListenerRequest late = new ListenerRequest(ListenerFixture.post(OutboundMessages.closedWon(1, 3).xml()).http(), null,
                BatchEnqueuer.SHORTEST_ATTEMPT.plus(AnswerDeadline.MARGIN).minusMillis(500));

        ListenerResponse response = fixture.listener(counting.client()).handle(late);

        assertEquals(500, response.status());
        assertTrue(response.body().contains("<faultcode>soapenv:Server</faultcode>"), response.body());
        assertTrue(response.body().contains("deliver again: 1 of 1 messages could not be enqueued before the caller's deadline<"), response.body());
        assertEquals(0, counting.batchCalls());
        assertEquals(Map.of("Faults[Reason=enqueue_failed]", 1L), fixture.metrics.emitted());
        assertEquals(List.of(), fixture.sqs.drain(fixture.queueUrl));

        ListenerRequest inTime = new ListenerRequest(late.http(), null, Duration.ofSeconds(20));
        assertEquals(200, fixture.listener(counting.client()).handle(inTime).status());
        assertEquals(3, fixture.sqs.drainNotifications(fixture.queueUrl).size());
    }

    /** The worker would drop the second copy, after a claim and a read of its own: it is not queued at all. */
    @Test
    void aNotificationRepeatedInOneMessageIsQueuedOnce() {
        OutboundMessages sent = OutboundMessages.message().add(OutboundMessages.opportunity(1)).add(OutboundMessages.opportunity(2))
                .add(OutboundMessages.opportunity(1));

        ListenerResponse response = fixture.listener(fixture.sqs.client()).handle(ListenerFixture.post(sent.xml()));

        assertEquals(200, response.status(), response.body());
        List<String> queued = fixture.sqs.drainNotifications(fixture.queueUrl).stream()
                .map(Notification::notificationId).sorted().toList();
        assertEquals(List.of(TestIds.id("04l", 1), TestIds.id("04l", 2)), queued);
        assertEquals(Map.of("Acks", 1L, "NotificationsEnqueued", 2L), fixture.metrics.emitted());
        assertEquals(List.of(TestIds.id("04l", 1), TestIds.id("04l", 2)), textsOf(logLine().get("notificationIds")));
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

    /**
     * Salesforce: "If the record is deleted before the notification is delivered, the notification contains no data"
     * (Considerations for Outbound Messages). Such a notification, with an empty sObject or none, is acked and not
     * queued, told at WARN and counted; the 98 others of its message are queued.
     */
    @Test
    void aDeletedRecordsEmptyNotificationDoesNotRefuseTheOthersInItsMessage() throws Exception {
        String emptySObject = TestIds.id("04l", 99);
        String noSObject = TestIds.id("04l", 100);
        OutboundMessages sent = OutboundMessages.closedWon(1, 98)
                .add(new OutboundMessages.Notification(emptySObject, "Opportunity", Map.of()))
                .add(new OutboundMessages.Notification(noSObject, null, Map.of()));

        ListenerResponse response = fixture.listener(fixture.sqs.client()).handle(ListenerFixture.post(sent.xml()));

        assertEquals(200, response.status(), response.body());
        Set<String> queued = fixture.sqs.drainNotifications(fixture.queueUrl).stream()
                .map(Notification::notificationId).collect(Collectors.toSet());
        assertEquals(98, queued.size());
        assertFalse(queued.contains(emptySObject) || queued.contains(noSObject), queued.toString());
        assertEquals(Map.of("Acks", 1L, "NotificationsEnqueued", 98L, "NotificationsWithoutRecord", 2L), fixture.metrics.emitted());
        List<JsonNode> warnings = new ArrayList<>();
        for (String text : fixture.logLines) {
            JsonNode line = new ObjectMapper().readTree(text);
            if ("WARN".equals(line.get("level").asText())) {
                warnings.add(line);
            }
        }
        assertEquals(List.of(emptySObject, noSObject), warnings.stream().map(w -> w.get("notificationId").asText()).toList());
        warnings.forEach(w -> assertEquals(TestIds.ORG, w.get("organizationId").asText()));
        JsonNode requestLine = new ObjectMapper().readTree(fixture.logLines.get(0));
        assertEquals("ack", requestLine.get("outcome").asText());
        assertEquals(List.of(emptySObject, noSObject), textsOf(requestLine.get("notificationsWithoutRecord")));
    }

    /** An Id that is there but is no record ID is a broken or forged message: refused, and its log line says whose. */
    @Test
    void aMalformedRecordIdRefusesItsMessageAndTheLogNamesTheOrgAndTheNotifications() {
        OutboundMessages sent = OutboundMessages.closedWon(1, 2);
        String xml = sent.xml().replace("<sf:Id>" + TestIds.id("006", 2) + "</sf:Id>",
                "<sf:Id>" + TestIds.id("006", 2).substring(0, 15) + "ZZZ</sf:Id>");

        ListenerResponse response = fixture.listener(fixture.sqs.client()).handle(ListenerFixture.post(xml));

        assertEquals(500, response.status());
        JsonNode line = logLine();
        assertEquals("invalid_record_id", line.get("reason").asText());
        assertEquals(TestIds.ORG, line.get("organizationId").asText());
        assertEquals(sent.notifications().stream().map(OutboundMessages.Notification::id).toList(), textsOf(line.get("notificationIds")));
        assertEquals(List.of(), fixture.sqs.drain(fixture.queueUrl));
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
