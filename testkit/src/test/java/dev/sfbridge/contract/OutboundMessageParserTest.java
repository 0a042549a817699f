package dev.sfbridge.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sfbridge.contract.OutboundMessage.SObjectNotification;
import dev.sfbridge.testing.OutboundMessages;
import dev.sfbridge.testing.TestIds;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class OutboundMessageParserTest {
    private final OutboundMessageParser parser = new OutboundMessageParser(new HardenedXmlInput(32));

    private OutboundMessage parse(String xml) throws OutboundMessageRejected {
        return parser.parse(xml.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsEveryPartOfAnOpportunityMessageExactlyAsSent() throws Exception {
        OutboundMessages sent = OutboundMessages.closedWon(1, 3);
        OutboundMessage message = parse(sent.xml());

        assertEquals(TestIds.ORG, message.organizationId());
        assertEquals(TestIds.ACTION, message.actionId());
        assertEquals(OutboundMessages.SESSION_ID, message.sessionId().reveal());
        assertEquals(sent.enterpriseUrl(), message.enterpriseUrl());
        assertEquals(3, message.notifications().size());
        for (int i = 0; i < 3; i++) {
            OutboundMessages.Notification expected = sent.notifications().get(i);
            SObjectNotification actual = message.notifications().get(i);
            assertEquals(expected.id(), actual.notificationId());
            assertEquals("Opportunity", actual.objectType());
            assertEquals(expected.fields().get("Id"), actual.recordId());
            assertEquals(List.copyOf(expected.fields().entrySet()), List.copyOf(actual.fields().entrySet()),
                    "fields in document order, text unescaped but otherwise untouched");
        }
        assertEquals("Deal 1 & Sons <Renewal>", message.notifications().get(0).fields().get("Name"));
    }

    @Test
    void readsAFullMessageOfOneHundred() throws Exception {
        OutboundMessage message = parse(OutboundMessages.closedWon(1, 100).xml());
        assertEquals(100, message.notifications().size());
        assertEquals(TestIds.id("04l", 100), message.notifications().get(99).notificationId());
    }

    @Test
    void keepsNilFieldsAsNullAndANilSessionAsAbsent() throws Exception {
        Map<String, String> fields = new LinkedHashMap<>(OutboundMessages.opportunity(5).fields());
        fields.put("Amount", null);
        OutboundMessage message = parse(OutboundMessages.message().sessionId(null)
                .add(new OutboundMessages.Notification(TestIds.id("04l", 5), "Opportunity", fields)).xml());

        assertNull(message.sessionId());
        assertTrue(message.notifications().get(0).fields().containsKey("Amount"));
        assertNull(message.notifications().get(0).fields().get("Amount"));
    }

    @Test
    void carriesObjectsWithoutAWsdlAsAFieldMapWithTheirType() throws Exception {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("Id", TestIds.id("001", 42));
        fields.put("Industry", "Energy");
        fields.put("AnnualRevenue", "not a number where Opportunity has none");
        fields.put("Name", "Acme");
        OutboundMessage message = parse(OutboundMessages.message()
                .add(new OutboundMessages.Notification(TestIds.id("04l", 1), "Account", fields)).xml());

        SObjectNotification account = message.notifications().get(0);
        assertEquals("Account", account.objectType());
        assertEquals(fields, account.fields());
    }

    @Test
    void keepsFieldsAddedToTheSelectionAfterTheWsdlWasGenerated() throws Exception {
        Map<String, String> fields = new LinkedHashMap<>(OutboundMessages.opportunity(1).fields());
        fields.put("Probability", "100");
        OutboundMessage message = parse(OutboundMessages.message()
                .add(new OutboundMessages.Notification(TestIds.id("04l", 1), "Opportunity", fields)).xml());
        assertEquals("100", message.notifications().get(0).fields().get("Probability"));
    }

    @Test
    void rejectsAKnownFieldWhoseValueDoesNotFitTheWsdlType() {
        Map<String, String> fields = new LinkedHashMap<>(OutboundMessages.opportunity(1).fields());
        fields.put("Amount", "lots");
        OutboundMessageRejected rejected = assertThrows(OutboundMessageRejected.class, () -> parse(
                OutboundMessages.message().add(new OutboundMessages.Notification(TestIds.id("04l", 1), "Opportunity", fields)).xml()));
        assertEquals("contract_mismatch", rejected.reasonCode());
        assertTrue(rejected.getMessage().contains("Amount"), rejected.getMessage());
        assertTrue(!rejected.getMessage().contains("lots"), "the reason never quotes a value");
    }

    @Test
    void readsAnSObjectWithoutXsiTypeAsTheDeclaredOpportunity() throws Exception {
        String xml = OutboundMessages.closedWon(1, 1).xml().replace(" xsi:type=\"sf:Opportunity\"", "");
        assertEquals("Opportunity", parse(xml).notifications().get(0).objectType());
    }

    /** Found by OutboundMessageParserJazzerTest: each of these passed for an Opportunity without its typed read. */
    @Test
    void rejectsAnSObjectTypeOutsideTheSObjectNamespace() {
        String plain = OutboundMessages.closedWon(1, 1).xml();
        for (String type : List.of("sfA:Opportunity", "Opportunity", "ob:Opportunity\" xmlns:ob=\"urn:x")) {
            OutboundMessageRejected rejected = assertThrows(OutboundMessageRejected.class,
                    () -> parse(plain.replace("xsi:type=\"sf:Opportunity\"", "xsi:type=\"" + type + "\"")), type);
            assertEquals("not_an_sobject_type", rejected.reasonCode(), type);
        }
    }

    @Test
    void acceptsA15CharacterOrganizationId() throws Exception {
        String org15 = TestIds.ORG.substring(0, 15);
        assertEquals(org15, parse(OutboundMessages.closedWon(1, 1).organizationId(org15).xml()).organizationId());
    }

    @Test
    void ignoresHeadersButRefusesOnesThatMustBeUnderstood() throws Exception {
        String plain = OutboundMessages.closedWon(1, 1).xml();
        String withHeader = plain.replace("<soapenv:Body>", "<soapenv:Header><x:Trace xmlns:x=\"urn:x\">1</x:Trace></soapenv:Header><soapenv:Body>");
        assertEquals(1, parse(withHeader).notifications().size());

        String mustUnderstand = plain.replace("<soapenv:Body>",
                "<soapenv:Header><x:Trace xmlns:x=\"urn:x\" soapenv:mustUnderstand=\"1\">1</x:Trace></soapenv:Header><soapenv:Body>");
        OutboundMessageRejected rejected = assertThrows(OutboundMessageRejected.class, () -> parse(mustUnderstand));
        assertEquals(FaultCode.MUST_UNDERSTAND, rejected.faultCode());
    }

    @Test
    void refusesTheHundredAndFirstNotification() {
        OutboundMessageRejected rejected = assertThrows(OutboundMessageRejected.class,
                () -> parse(OutboundMessages.closedWon(1, 101).xml()));
        assertEquals("too_many_notifications", rejected.reasonCode());
    }

    @Test
    void readsEachMessageOnItsOwnWhateverTheParserReadBefore() throws Exception {
        // the parser reuses its JAXB unmarshallers: nothing of one read may show in the next
        Map<String, String> misfit = new LinkedHashMap<>(OutboundMessages.opportunity(1).fields());
        misfit.put("Amount", "lots");
        assertThrows(OutboundMessageRejected.class, () -> parse(OutboundMessages.message()
                .add(new OutboundMessages.Notification(TestIds.id("04l", 1), "Opportunity", misfit)).xml()));
        Map<String, String> extra = new LinkedHashMap<>(OutboundMessages.opportunity(2).fields());
        extra.put("Probability", "100");
        parse(OutboundMessages.message().add(new OutboundMessages.Notification(TestIds.id("04l", 2), "Opportunity", extra)).xml());

        OutboundMessage next = parse(OutboundMessages.closedWon(7, 2).xml());

        assertEquals(List.of(TestIds.id("04l", 7), TestIds.id("04l", 8)),
                next.notifications().stream().map(SObjectNotification::notificationId).toList());
        assertEquals(OutboundMessages.opportunity(7).fields(), next.notifications().get(0).fields());
        assertFalse(next.notifications().get(0).fields().containsKey("Probability"));
    }

    @Test
    void parsesConcurrentlyEachCallGettingItsOwnMessage() throws Exception {
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            List<Future<OutboundMessage>> results = IntStream.range(0, 64)
                    .mapToObj(i -> pool.submit(() -> parse(OutboundMessages.closedWon(i * 10 + 1, 10).xml())))
                    .toList();
            for (int i = 0; i < results.size(); i++) {
                List<SObjectNotification> notifications = results.get(i).get().notifications();
                assertEquals(10, notifications.size());
                assertEquals(TestIds.id("04l", i * 10 + 1), notifications.get(0).notificationId());
                assertEquals(TestIds.id("006", i * 10 + 10), notifications.get(9).recordId());
            }
        }
    }
}
