package dev.sfbridge.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.sfbridge.contract.OutboundMessage.SObjectNotification;
import dev.sfbridge.testing.OutboundMessages;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The outbound-message parser under Jazzer's coverage-guided fuzzing, beside the generated inputs of
 * {@link OutboundMessageParserFuzzTest}: whatever bytes arrive, the parser either returns a message or rejects
 * it with {@link OutboundMessageRejected}, the SOAP fault the listener answers with; any other exception fails.
 * A message it returns is read the same once written out again by the test builder, so what it keeps of a
 * notification is what the message said. A plain test run replays the committed inputs
 * ({@code OutboundMessageParserJazzerTestInputs/}); {@code ./dev fuzz soap} fuzzes (docs/reliability.md).
 */
class OutboundMessageParserJazzerTest {
    /** As the listener builds it (ListenerConfig's default depth). */
    private static final OutboundMessageParser PARSER = new OutboundMessageParser(new HardenedXmlInput(32));

    /** Tokens the fuzzer would take long to come upon byte by byte. */
    @DictionaryEntries({
            "xsi:type=\"", "xsi:nil=\"true\"", "xmlns:sf=\"urn:sobject.enterprise.soap.sforce.com\"",
            "xmlns=\"http://soap.sforce.com/2005/09/outbound\"", "soapenv:mustUnderstand=\"1\"", "<![CDATA[",
            "]]>", "&#x", "<!--"})
    @FuzzTest(maxDuration = "30s")
    void anyBodyIsAMessageOrARejection(byte[] body) {
        OutboundMessage message;
        try {
            message = PARSER.parse(body);
        } catch (OutboundMessageRejected rejected) {
            assertNotNull(rejected.faultCode());
            assertNotNull(rejected.reasonCode());
            assertNotNull(rejected.getMessage());
            return;
        }
        OutboundMessage again = parseWritten(message);
        assertEquals(message.organizationId(), again.organizationId());
        assertEquals(message.sessionId(), again.sessionId());
        assertEquals(message.notifications(), again.notifications());
        assertEquals(message.withoutRecord(), again.withoutRecord());
    }

    private static OutboundMessage parseWritten(OutboundMessage message) {
        OutboundMessages written = OutboundMessages.message().organizationId(message.organizationId())
                .sessionId(message.sessionId() == null ? null : message.sessionId().reveal());
        for (SObjectNotification n : message.notifications()) {
            written.add(new OutboundMessages.Notification(n.notificationId(), n.objectType(), n.fields()));
        }
        for (String notificationId : message.withoutRecord()) {
            // a deleted record's notification: an sObject with no data
            written.add(new OutboundMessages.Notification(notificationId, "Opportunity", Map.of()));
        }
        try {
            return PARSER.parse(written.xml().getBytes(StandardCharsets.UTF_8));
        } catch (OutboundMessageRejected rejected) {
            return fail("a message read once is refused when written out again: " + rejected.reasonCode(), rejected);
        }
    }
}
