package dev.sfbridge.listener;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sfbridge.contract.FaultCode;
import dev.sfbridge.contract.HardenedXmlInput;
import dev.sfbridge.contract.OutboundMessageParser;
import dev.sfbridge.model.Notification;
import dev.sfbridge.model.QueueJson;
import dev.sfbridge.model.SalesforceIds;
import dev.sfbridge.observability.JsonLog;
import dev.sfbridge.queue.BatchEnqueuer;
import dev.sfbridge.retry.Retry;
import dev.sfbridge.testing.EmbeddedSqs;
import dev.sfbridge.testing.LogScrubbing;
import dev.sfbridge.testing.RecordingMetrics;
import dev.sfbridge.testing.FaultInjectingSqs;
import dev.sfbridge.testing.OutboundMessages;
import dev.sfbridge.testing.SalesforceSimulator;
import dev.sfbridge.testing.TestIds;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import javax.xml.stream.XMLResolver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * Hostile and invalid requests against the whole listener, over the real parser and a real (embedded)
 * queue. Every one must end in a refusal with the expected status, fault code and reason, with nothing
 * queued, no external resource consulted, nothing thrown, and no secret or body in the log.
 *
 * <p>Only refusals belong in the corpus: what the listener accepts (a processing instruction before the
 * root, a UTF-8 byte-order mark, markup inside CDATA) is not an attack on it and is tested apart.
 */
class HostileInputCorpusTest {
    private static final int MAX_BODY_BYTES = 64 * 1024;
    private static final int MAX_DEPTH = 32;
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String SOAP11 = OutboundMessageParser.SOAP11_NS;
    private static final String SOAP12 = OutboundMessageParser.SOAP12_NS;
    private static final String OUTBOUND = OutboundMessageParser.OUTBOUND_NS;
    private static final String TEXT_XML = "text/xml; charset=utf-8";

    /** One Closed Won opportunity, exactly as Salesforce sends it; most attacks are edits of it. */
    private static final String VALID = OutboundMessages.closedWon(1, 1).xml();
    private static final String XML_DECLARATION = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
    private static final String ORG_ELEMENT = "<OrganizationId>" + TestIds.ORG + "</OrganizationId>";
    private static final String STAGE_ELEMENT = "<sf:StageName>Closed Won</sf:StageName>";
    private static final String ORG_PREFIX = TestIds.ORG.substring(0, 15) + "!";
    /** A live session of another org: it begins with that org's ID, as all of its sessions do. */
    private static final String FOREIGN_SESSION = TestIds.OTHER_ORG.substring(0, 15) + "!AQforeignOrgsOwnLiveSession0123456789";
    /** A string another org's instance takes, made to begin with the allowed org's ID. */
    private static final String FORGED_SESSION = ORG_PREFIX + "AQforgedButLiveOnTheOtherOrgsInstance";
    /** A live session of the allowed org, of an API user who is not its outbound messages' User to send as. */
    private static final String OTHER_USERS_SESSION = ORG_PREFIX + "AQanotherApiUsersOwnLiveSession012345";

    private static SimulatedInstances salesforce;

    /**
     * @param faultCode the SOAP fault code of a 500, or null for an HTTP-level refusal (405, 415)
     * @param reason the reason code the listener logs
     */
    record Attack(ListenerRequest request, int status, FaultCode faultCode, String reason) {}

    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final RecordingMetrics metrics = new RecordingMetrics();
    private final List<String> resolverCalls = new CopyOnWriteArrayList<>();
    private final XMLResolver recordingResolver = (publicId, systemId, baseUri, namespace) -> {
        resolverCalls.add("publicId=" + publicId + " systemId=" + systemId + " base=" + baseUri + " namespace=" + namespace);
        return null;
    };
    private FaultInjectingSqs recordingSqs;
    private String queueUrl;
    private OutboundMessageListener listener;

    @BeforeAll
    static void startSalesforce() {
        salesforce = new SimulatedInstances();
        salesforce.otherOrg.acceptBearer(FOREIGN_SESSION);
        salesforce.otherOrg.acceptBearer(FORGED_SESSION);
        salesforce.org.acceptBearer(OTHER_USERS_SESSION, TestIds.id("005", 2));
    }

    @AfterAll
    static void stopSalesforce() {
        salesforce.close();
    }

    @BeforeEach
    void newListenerAndQueue() {
        EmbeddedSqs sqs = EmbeddedSqs.shared();
        queueUrl = sqs.createQueue("hostile-" + UUID.randomUUID());
        recordingSqs = FaultInjectingSqs.recording(sqs.client());
        ListenerConfig config = new ListenerConfig(queueUrl, OrganizationAllowlist.parse(TestIds.ORG),
                MAX_BODY_BYTES, MAX_DEPTH, 3, InstanceHosts.parse(InstanceHosts.DEFAULT), EmbeddedSqs.MAX_MESSAGE_CHARACTERS);
        listener = new OutboundMessageListener(config,
                new OutboundMessageParser(new HardenedXmlInput(MAX_DEPTH, recordingResolver)),
                new BatchEnqueuer(recordingSqs.client(), new Retry(3, BackoffStrategy.retryImmediately(), d -> { })),
                salesforce.sessionCheck(SenderUserAllowlist.parse(SalesforceSimulator.INTEGRATION_USER)),
                new JsonLog(lines::add, Clock.systemUTC()), metrics, Clock.systemUTC());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    @Timeout(10)
    void refusesWithoutSideEffects(String name, Attack attack) throws Exception {
        ListenerResponse response = assertDoesNotThrow(() -> listener.handle(attack.request()),
                "handle() must turn every input into a response");

        assertEquals(attack.status(), response.status(), () -> "status; response: " + response.body());
        assertNotNull(response.body());
        assertFalse(response.body().contains("<Ack>true</Ack>"), "never acked");
        for (String session : List.of(OutboundMessages.SESSION_ID, FOREIGN_SESSION, FORGED_SESSION, OTHER_USERS_SESSION)) {
            assertFalse(response.body().contains(session), "a session ID is never echoed");
        }
        if (attack.faultCode() != null) {
            assertEquals(500, attack.status(), "a SOAP fault travels on HTTP 500");
            assertTrue(response.headers().getOrDefault("Content-Type", "").startsWith("text/xml"),
                    () -> "fault content type: " + response.headers());
            assertTrue(response.body().contains("<faultcode>soapenv:" + attack.faultCode().localName() + "</faultcode>"),
                    () -> "fault code " + attack.faultCode().localName() + " in " + response.body());
        } else {
            assertTrue(response.headers().getOrDefault("Content-Type", "").startsWith("text/plain"),
                    () -> "HTTP refusal content type: " + response.headers());
            if (attack.status() == 405) {
                assertEquals("POST", response.headers().get("Allow"), "405 names the allowed method");
            }
        }

        assertEquals(1, lines.size(), () -> "one log line per request: " + lines);
        JsonNode line = JSON.readTree(lines.get(0));
        assertEquals(attack.reason(), line.path("reason").asText(null), () -> "reason code in " + lines.get(0));
        assertEquals(attack.faultCode() != null ? "fault" : "http_" + attack.status(), line.path("outcome").asText(null));
        assertEquals("ERROR", line.path("level").asText(null));
        String body = attack.request().http().body();
        LogScrubbing secrets = LogScrubbing.of().sessionId(OutboundMessages.SESSION_ID, FOREIGN_SESSION, FORGED_SESSION, OTHER_USERS_SESSION);
        if (body != null && body.strip().length() >= 16) {
            secrets.messageBody(body);
        }
        secrets.assertNoneIn(lines);
        assertEquals(Map.of("Faults[Reason=" + attack.reason() + "]", 1L), metrics.emitted());

        assertEquals(List.of(), resolverCalls, "no external resource, DTD or entity is ever resolved");
        assertEquals(0, recordingSqs.batchCalls(), "nothing is sent to SQS");
        assertEquals(List.of(), EmbeddedSqs.shared().drain(queueUrl), "the queue stays empty");
    }

    /** CDATA is text: markup inside it, a DOCTYPE and an entity included, reaches the queue as literal characters. */
    @Test
    void enqueuesADoctypeSmuggledInCdataAsLiteralText() throws Exception {
        String smuggled = "<!DOCTYPE x [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]><x>&xxe;</x>";
        String xml = edit(VALID, STAGE_ELEMENT, "<sf:StageName><![CDATA[" + smuggled + "]]></sf:StageName>");

        ListenerResponse response = listener.handle(post(xml));

        assertEquals(200, response.status(), response.body());
        assertTrue(response.body().contains("<Ack>true</Ack>"));
        assertEquals(List.of(), resolverCalls);
        List<Message> queued = EmbeddedSqs.shared().drain(queueUrl);
        assertEquals(1, queued.size());
        Notification notification = QueueJson.read(queued.get(0).body(), Notification.class);
        assertEquals(smuggled, notification.fields().get("StageName"), "kept as the exact text sent, never parsed");
        assertEquals(TestIds.id("006", 1), notification.recordId());
    }

    /**
     * The control for the corpus: the message every attack is made from goes through this very listener,
     * and so do the harmless variants left out of the corpus on purpose (a processing instruction before
     * the root, a UTF-8 byte-order mark): the parser accepts them, so they are not attacks on it.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("acceptedVariants")
    void acksTheMessagesTheCorpusIsNot(String name, String xml) {
        ListenerResponse response = listener.handle(post(xml));

        assertEquals(200, response.status(), response.body());
        assertTrue(response.body().contains("<Ack>true</Ack>"));
        assertEquals(1, recordingSqs.batchCalls());
        assertEquals(1, EmbeddedSqs.shared().drainNotifications(queueUrl).size());
        assertEquals(List.of(), resolverCalls);
        assertFalse(lines.get(0).contains(OutboundMessages.SESSION_ID));
    }

    /**
     * API Gateway passes text/xml in base64 (the API's BinaryMediaTypes), so the parser reads the bytes sent
     * in the encoding the XML declares: a field in ISO-8859-1 reaches the queue as the text it was. A
     * content type in another case, with its parameters, is still text/xml.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("encodedBodies")
    void readsTheBytesSentInTheEncodingTheXmlDeclares(String name, String contentType, byte[] body) throws Exception {
        ListenerResponse response = listener.handle(new ListenerRequest("POST", contentType,
                Base64.getEncoder().encodeToString(body), true, "encoded"));

        assertEquals(200, response.status(), response.body());
        List<Message> queued = EmbeddedSqs.shared().drain(queueUrl);
        assertEquals(1, queued.size());
        assertEquals("Crème brûlée & Söhne", QueueJson.read(queued.get(0).body(), Notification.class).fields().get("StageName"));
    }

    static Stream<Arguments> encodedBodies() {
        String xml = edit(VALID, STAGE_ELEMENT, "<sf:StageName>Crème brûlée &amp; Söhne</sf:StageName>");
        return Stream.of(
                Arguments.of("UTF-8", TEXT_XML, xml.getBytes(StandardCharsets.UTF_8)),
                Arguments.of("ISO-8859-1 declared", "text/xml",
                        edit(xml, "encoding=\"UTF-8\"", "encoding=\"ISO-8859-1\"").getBytes(StandardCharsets.ISO_8859_1)),
                Arguments.of("UTF-16 with its byte-order mark", "Text/XML; Charset=UTF-16",
                        edit(xml, "encoding=\"UTF-8\"", "encoding=\"UTF-16\"").getBytes(StandardCharsets.UTF_16)));
    }

    static Stream<Arguments> acceptedVariants() {
        return Stream.of(
                Arguments.of("the untampered message", VALID),
                Arguments.of("a processing instruction before the root",
                        edit(VALID, "<soapenv:Envelope", "<?xml-stylesheet href=\"x.xsl\"?><soapenv:Envelope")),
                Arguments.of("a UTF-8 byte-order mark", "\uFEFF" + VALID));
    }

    static Stream<Arguments> corpus() {
        List<Arguments> cases = new ArrayList<>();

        // --- DTDs and entities: SOAP forbids a DOCTYPE; it is refused before any of it is read ---
        cases.add(client("XXE: external entity with a file: system ID used in OrganizationId", "doctype",
                withDoctype("<!DOCTYPE soapenv:Envelope [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>",
                        edit(VALID, ORG_ELEMENT, "<OrganizationId>&xxe;</OrganizationId>"))));
        cases.add(client("XXE: external entity with an http: system ID (SSRF)", "doctype",
                withDoctype("<!DOCTYPE soapenv:Envelope [<!ENTITY xxe SYSTEM \"http://127.0.0.1:1/xxe\">]>",
                        edit(VALID, ORG_ELEMENT, "<OrganizationId>&xxe;</OrganizationId>"))));
        cases.add(client("XXE: external entity expanded inside an sObject field", "doctype",
                withDoctype("<!DOCTYPE soapenv:Envelope [<!ENTITY xxe SYSTEM \"file:///etc/hostname\">]>",
                        edit(VALID, STAGE_ELEMENT, "<sf:StageName>&xxe;</sf:StageName>"))));
        cases.add(client("external DTD subset by SYSTEM ID", "doctype",
                withDoctype("<!DOCTYPE x SYSTEM \"http://127.0.0.1:1/evil.dtd\">", VALID)));
        cases.add(client("external DTD subset by PUBLIC ID", "doctype",
                withDoctype("<!DOCTYPE x PUBLIC \"-//EVIL//DTD Evil 1.0//EN\" \"http://127.0.0.1:1/public.dtd\">", VALID)));
        cases.add(client("parameter entity pulling an external DTD (%p;)", "doctype",
                withDoctype("<!DOCTYPE x [<!ENTITY % p SYSTEM \"http://127.0.0.1:1/p.dtd\"> %p;]>", VALID)));
        cases.add(client("out-of-band exfiltration via nested parameter entities", "doctype",
                withDoctype("<!DOCTYPE x [<!ENTITY % file SYSTEM \"file:///etc/passwd\">"
                        + "<!ENTITY % dtd SYSTEM \"http://127.0.0.1:1/oob.dtd\"> %dtd; %send;]>", VALID)));
        cases.add(client("billion laughs: 10 levels of tenfold entity expansion", "doctype",
                withDoctype(billionLaughs(10), edit(VALID, ORG_ELEMENT, "<OrganizationId>&lol9;</OrganizationId>"))));
        cases.add(client("quadratic blowup: one 50 KB entity referenced 4,000 times (under the body limit)", "doctype",
                quadraticBlowup()));
        cases.add(client("internal DOCTYPE without entities", "doctype",
                withDoctype("<!DOCTYPE soapenv:Envelope>", VALID)));
        cases.add(client("DOCTYPE hidden after a comment and a processing instruction", "doctype",
                withDoctype("<!-- innocent --><?pi data?><!DOCTYPE x [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>",
                        edit(VALID, ORG_ELEMENT, "<OrganizationId>&xxe;</OrganizationId>"))));
        cases.add(client("undeclared entity reference in OrganizationId", "malformed_xml",
                edit(VALID, ORG_ELEMENT, "<OrganizationId>&undeclared;</OrganizationId>")));
        cases.add(client("undeclared entity reference in an sObject field", "malformed_xml",
                edit(VALID, STAGE_ELEMENT, "<sf:StageName>&foo;</sf:StageName>")));
        cases.add(client("character reference to NUL in a field", "malformed_xml",
                edit(VALID, STAGE_ELEMENT, "<sf:StageName>Closed&#0;Won</sf:StageName>")));
        cases.add(client("bare ampersand in a field", "malformed_xml",
                edit(VALID, STAGE_ELEMENT, "<sf:StageName>Closed & Won</sf:StageName>")));

        // --- depth ---
        cases.add(client("10,000-deep nesting as the Body's content", "wrong_body_element",
                edit(VALID, "<soapenv:Body>", "<soapenv:Body>" + "<a>".repeat(10_000))));
        cases.add(client("10,000-deep nesting inside notifications", "contract_mismatch",
                edit(VALID, "<Notification>", "<a>".repeat(10_000) + "<Notification>")));
        cases.add(client("10,000-deep nesting inside an sObject field", "nested_field",
                edit(VALID, STAGE_ELEMENT, "<sf:StageName>" + "<sf:a>".repeat(10_000) + "</sf:StageName>")));
        cases.add(client("10,000-deep nesting inside a SOAP header", "too_deep",
                edit(VALID, "<soapenv:Body>", "<soapenv:Header>" + "<a>".repeat(10_000) + "</soapenv:Header><soapenv:Body>")));
        cases.add(client("header nesting one level past the depth limit", "too_deep",
                edit(VALID, "<soapenv:Body>", "<soapenv:Header>" + "<a>".repeat(MAX_DEPTH - 1)
                        + "</a>".repeat(MAX_DEPTH - 1) + "</soapenv:Header><soapenv:Body>")));
        cases.add(client("10,000-deep nesting as the whole document", "not_soap", "<a>".repeat(10_000)));

        // --- size ---
        cases.add(client("body one byte over the limit", "body_too_large", padTo(MAX_BODY_BYTES + 1)));
        cases.add(client("body under the limit in characters but over it in UTF-8 bytes", "body_too_large",
                edit(VALID, "Closed Won", "é".repeat(MAX_BODY_BYTES / 2))));
        cases.add(base64("base64 body far over the limit", "body_too_large",
                padTo(4 * MAX_BODY_BYTES).getBytes(StandardCharsets.UTF_8)));
        cases.add(base64("base64 body that decodes to one byte over the limit", "body_too_large",
                padTo(MAX_BODY_BYTES + 1).getBytes(StandardCharsets.UTF_8)));
        cases.add(client("101 notifications", "too_many_notifications", compact(101)));

        // --- SOAP envelope ---
        cases.add(fault("SOAP 1.2 envelope sent as text/xml", FaultCode.VERSION_MISMATCH, "soap_1_2",
                post(edit(VALID, SOAP11, SOAP12))));
        cases.add(http("SOAP 1.2 content type application/soap+xml", 415, "unsupported_media_type",
                new ListenerRequest("POST", "application/soap+xml; charset=utf-8; action=\"\"",
                        edit(VALID, SOAP11, SOAP12), false, "hostile")));
        cases.add(fault("envelope in a foreign namespace", FaultCode.VERSION_MISMATCH, "wrong_envelope_namespace",
                post(edit(VALID, SOAP11, "urn:evil:envelope"))));
        cases.add(fault("envelope in no namespace", FaultCode.VERSION_MISMATCH, "wrong_envelope_namespace",
                post(XML_DECLARATION + "<Envelope><Body><notifications xmlns=\"" + OUTBOUND + "\"/></Body></Envelope>")));
        cases.add(client("non-SOAP root: bare notifications without an envelope", "not_soap",
                XML_DECLARATION + VALID.substring(VALID.indexOf("<notifications"), VALID.indexOf("</notifications>"))
                        + "</notifications>"));
        cases.add(client("non-SOAP root: an HTML page", "not_soap", "<html><body><h1>hello</h1></body></html>"));
        cases.add(client("envelope without a Body", "no_body", edit(VALID, "soapenv:Body", "soapenv:Corpse")));
        cases.add(client("notifications in a wrong namespace", "wrong_body_element",
                edit(VALID, OUTBOUND, "http://soap.sforce.com/2005/09/inbound")));
        cases.add(client("notifications missing from the Body", "wrong_body_element",
                VALID.replaceAll("(?s)<notifications.*</notifications>", "")));
        cases.add(client("second notifications element after the first", "extra_body_element",
                edit(VALID, "</notifications>", "</notifications><notifications xmlns=\"" + OUTBOUND + "\"/>")));
        cases.add(client("extra element after notifications", "extra_body_element",
                edit(VALID, "</notifications>", "</notifications><x:Extra xmlns:x=\"urn:x\">1</x:Extra>")));
        cases.add(fault("header block with soapenv:mustUnderstand=\"1\"", FaultCode.MUST_UNDERSTAND, "must_understand",
                post(edit(VALID, "<soapenv:Body>", "<soapenv:Header><x:Security xmlns:x=\"urn:x\" "
                        + "soapenv:mustUnderstand=\"1\">token</x:Security></soapenv:Header><soapenv:Body>"))));
        cases.add(client("two root elements", "malformed_xml",
                VALID + "<soapenv:Envelope xmlns:soapenv=\"" + SOAP11 + "\"/>"));
        cases.add(client("truncated XML", "malformed_xml", VALID.substring(0, VALID.indexOf(STAGE_ELEMENT))));

        // --- the notifications contract ---
        cases.add(client("zero notifications", "no_notifications", OutboundMessages.message().xml()));
        cases.add(client("OrganizationId missing", "invalid_organization_id", edit(VALID, ORG_ELEMENT, "")));
        cases.add(client("OrganizationId blank", "invalid_organization_id",
                edit(VALID, ORG_ELEMENT, "<OrganizationId>   </OrganizationId>")));
        cases.add(client("OrganizationId of 17 characters", "invalid_organization_id",
                organizationId(TestIds.ORG.substring(0, 17))));
        cases.add(client("OrganizationId of 18 characters with a wrong checksum", "invalid_organization_id",
                organizationId(TestIds.ORG.substring(0, 15) + "AAB")));
        cases.add(client("OrganizationId carrying SQL injection", "invalid_organization_id",
                organizationId("00D' OR '1'='1")));
        cases.add(client("ActionId missing", "invalid_action_id",
                VALID.replaceAll("<ActionId>[^<]*</ActionId>", "")));
        cases.add(client("EnterpriseUrl missing", "missing_enterprise_url",
                VALID.replaceAll("<EnterpriseUrl>[^<]*</EnterpriseUrl>", "")));
        cases.add(client("Notification/Id missing", "invalid_notification_id",
                edit(VALID, "<Id>" + TestIds.id("04l", 1) + "</Id>", "")));
        cases.add(client("Notification/Id malformed", "invalid_notification_id",
                edit(VALID, "<Id>" + TestIds.id("04l", 1) + "</Id>", "<Id>04l00000000000?AAA</Id>")));
        // no sObject, or one with no field at all, is a deleted record's notification: acked (ListenerWithQueueTest);
        // fields without an Id are a broken message
        cases.add(client("sObject/Id missing beside other fields", "invalid_record_id",
                edit(VALID, "<sf:Id>" + TestIds.id("006", 1) + "</sf:Id>", "")));
        cases.add(client("sObject/Id with a wrong checksum", "invalid_record_id",
                edit(VALID, "<sf:Id>" + TestIds.id("006", 1) + "</sf:Id>",
                        "<sf:Id>" + TestIds.id("006", 1).substring(0, 15) + "ZZZ</sf:Id>")));
        cases.add(client("nested elements inside a field", "nested_field",
                edit(VALID, STAGE_ELEMENT, "<sf:StageName><sf:Evil>Closed Won</sf:Evil></sf:StageName>")));
        cases.add(client("non-numeric Amount on an Opportunity", "contract_mismatch",
                edit(VALID, "<sf:Amount>1001.50</sf:Amount>", "<sf:Amount>one thousand</sf:Amount>")));
        cases.add(client("notifications marked xsi:nil", "contract_mismatch",
                edit(VALID, "<notifications ", "<notifications xsi:nil=\"true\" ")));
        cases.add(client("xsi:type with an unbound prefix on OrganizationId", "contract_mismatch",
                edit(VALID, "<OrganizationId>", "<OrganizationId xsi:type=\"zz:ID\">")));
        cases.add(client("empty xsi:type on an sObject field", "contract_mismatch",
                edit(VALID, "<sf:Amount>", "<sf:Amount xsi:type=\"\">")));
        cases.add(client("unknown element inside notifications", "contract_mismatch",
                edit(VALID, "<Notification>", "<Evil>payload</Evil><Notification>")));
        cases.add(fault("organization not in the allowlist", FaultCode.CLIENT, "unknown_organization",
                post(OutboundMessages.closedWon(1, 1).organizationId(TestIds.OTHER_ORG).xml())));
        cases.add(fault("15-character ID of an organization not in the allowlist", FaultCode.CLIENT, "unknown_organization",
                post(OutboundMessages.closedWon(1, 1).organizationId(TestIds.OTHER_ORG.substring(0, 15)).xml())));
        for (String host : List.of("https://attacker.example", "https://salesforce.com.attacker.example",
                "https://attackersalesforce.com", "http://sfbridge-dev.my.salesforce.com",
                "https://attacker.example@sfbridge-dev.my.salesforce.com", "https://169.254.169.254",
                "https://127.0.0.1:9001")) {
            cases.add(fault("EnterpriseUrl and PartnerUrl on " + host, FaultCode.CLIENT, "unknown_instance_host",
                    post(OutboundMessages.closedWon(1, 1).instanceUrl(host).xml())));
        }
        cases.add(fault("PartnerUrl alone on another host", FaultCode.CLIENT, "unknown_instance_host",
                post(OutboundMessages.closedWon(1, 1).xml().replaceAll("<PartnerUrl>https://[^/]+",
                        "<PartnerUrl>https://attacker.example"))));

        // --- the sender: the session's shape, the change times, then the session checked with Salesforce ---
        cases.add(client("a foreign org's real session in a message naming the allowed org", "session_org_mismatch",
                OutboundMessages.closedWon(1, 1).sessionId(FOREIGN_SESSION).xml()));
        cases.add(client("a session without the org ID in front", "session_org_mismatch",
                OutboundMessages.closedWon(1, 1).sessionId("AQ4AQSessionIdWithoutItsOrg").xml()));
        cases.add(client("a session with the org ID but no '!'", "session_org_mismatch",
                OutboundMessages.closedWon(1, 1).sessionId(TestIds.ORG.substring(0, 15) + "AQ4AQnoBang").xml()));
        cases.add(client("a session with a line break and a header after it", "invalid_session",
                OutboundMessages.closedWon(1, 1).sessionId(ORG_PREFIX + "AQ4\nX-Injected: 1").xml()));
        cases.add(client("a session with a space", "invalid_session",
                OutboundMessages.closedWon(1, 1).sessionId(ORG_PREFIX + "AQ4 AQ").xml()));
        cases.add(client("a session with a character outside ASCII", "invalid_session",
                OutboundMessages.closedWon(1, 1).sessionId(ORG_PREFIX + "AQ4\u00e9").xml()));
        cases.add(client("a session of 4,097 characters", "invalid_session",
                OutboundMessages.closedWon(1, 1).sessionId(ORG_PREFIX + "A".repeat(SessionFormat.MAX_LENGTH + 1 - ORG_PREFIX.length())).xml()));
        cases.add(client("SystemModstamp in 2099", "change_time_in_future",
                changed("SystemModstamp", "2099-01-01T00:00:00.000Z")));
        cases.add(client("LastModifiedDate ten minutes after receipt", "change_time_in_future",
                changed("LastModifiedDate", java.time.Instant.now().plus(java.time.Duration.ofMinutes(10)).toString())));
        cases.add(client("SystemModstamp six minutes after receipt in another offset", "change_time_in_future",
                changed("SystemModstamp", java.time.OffsetDateTime.now(java.time.ZoneOffset.ofHours(-8)).plusMinutes(6).toString())));
        cases.add(client("no session, with the endpoint verifying sessions", "missing_session",
                OutboundMessages.closedWon(1, 1).sessionId(null).xml()));
        cases.add(client("a session in the org's shape that its instance does not take", "session_refused",
                OutboundMessages.closedWon(1, 1).sessionId(ORG_PREFIX + "AQ4neverIssuedByTheOrg").xml()));
        cases.add(client("the org's live session on another org's instance", "session_refused",
                OutboundMessages.closedWon(1, 1).instanceUrl("https://" + SimulatedInstances.OTHER_HOST).xml()));
        cases.add(client("a session in the org's shape that another org's instance says is its own", "foreign_session",
                OutboundMessages.closedWon(1, 1).sessionId(FORGED_SESSION).instanceUrl("https://" + SimulatedInstances.OTHER_HOST).xml()));
        cases.add(client("another API user's live session of the org, the users allowed to send listed", "sender_user_not_allowed",
                OutboundMessages.closedWon(1, 1).sessionId(OTHER_USERS_SESSION).xml()));

        // --- encodings ---
        cases.add(base64("invalid UTF-8 bytes in a field", "malformed_xml",
                splice(VALID, "Won</sf:StageName>", (byte) 0xC3, (byte) 0x28)));
        cases.add(base64("invalid UTF-8 byte in OrganizationId", "malformed_xml",
                splice(VALID, TestIds.ORG + "</OrganizationId>", (byte) 0xFF)));
        cases.add(base64("a field written in ISO-8859-1 in a body declared UTF-8", "malformed_xml",
                splice(VALID, "Won</sf:StageName>", (byte) 'C', (byte) 0xE9, (byte) ' ')));
        cases.add(base64("a truncated UTF-8 sequence at the end of a field", "malformed_xml",
                splice(VALID, "</sf:StageName>", (byte) 0xE2, (byte) 0x82)));
        cases.add(base64("overlong UTF-8 encoding of '<' in a field", "malformed_xml",
                splice(VALID, "Won</sf:StageName>", (byte) 0xC0, (byte) 0xBC)));
        cases.add(base64("UTF-16 big-endian BOM before a body declared and written as UTF-8", "malformed_xml",
                concat(new byte[] {(byte) 0xFE, (byte) 0xFF}, VALID.getBytes(StandardCharsets.UTF_8))));
        cases.add(base64("UTF-16 little-endian BOM before a body declared and written as UTF-8", "malformed_xml",
                concat(new byte[] {(byte) 0xFF, (byte) 0xFE}, VALID.getBytes(StandardCharsets.UTF_8))));
        cases.add(client("declared UTF-16 but written as UTF-8", "malformed_xml", edit(VALID, "UTF-8", "UTF-16")));
        cases.add(client("control character U+0001 in a field", "malformed_xml",
                edit(VALID, STAGE_ELEMENT, "<sf:StageName>Closed\u0001Won</sf:StageName>")));

        // --- not XML at all ---
        cases.add(client("plain text body", "malformed_xml", "Hello, this is not a SOAP message at all."));
        cases.add(client("JSON body", "malformed_xml",
                "{\"OrganizationId\":\"" + TestIds.ORG + "\",\"Notification\":[{\"Id\":\"" + TestIds.id("04l", 1) + "\"}]}"));
        cases.add(client("empty body", "empty_body", ""));
        cases.add(fault("null body", FaultCode.CLIENT, "empty_body",
                new ListenerRequest("POST", TEXT_XML, null, false, "hostile")));
        cases.add(client("whitespace-only body", "malformed_xml", " \r\n\t \n"));
        cases.add(fault("body marked base64 that is not base64", FaultCode.CLIENT, "bad_base64",
                new ListenerRequest("POST", TEXT_XML, "!!!not base64!!!", true, "hostile")));
        cases.add(fault("body marked base64 with broken padding", FaultCode.CLIENT, "bad_base64",
                new ListenerRequest("POST", TEXT_XML, "PD94bWw=PD94", true, "hostile")));
        // the MIME decoder the listener once used skipped these characters and read an empty body
        cases.add(fault("body marked base64 of characters outside the alphabet only", FaultCode.CLIENT, "bad_base64",
                new ListenerRequest("POST", TEXT_XML, "%%%%", true, "hostile")));
        cases.add(fault("body marked base64 wrapped in lines, as MIME would", FaultCode.CLIENT, "bad_base64",
                new ListenerRequest("POST", TEXT_XML, Base64.getMimeEncoder().encodeToString(VALID.getBytes(StandardCharsets.UTF_8)), true, "hostile")));
        cases.add(fault("body marked base64 in the URL-safe alphabet", FaultCode.CLIENT, "bad_base64",
                new ListenerRequest("POST", TEXT_XML, Base64.getUrlEncoder().encodeToString(VALID.getBytes(StandardCharsets.UTF_8)), true, "hostile")));

        // --- HTTP ---
        for (String method : new String[] {"GET", "PUT", "DELETE", "PATCH", "OPTIONS"}) {
            cases.add(http(method + " method", 405, "method_not_allowed",
                    new ListenerRequest(method, TEXT_XML, VALID, false, "hostile")));
        }
        cases.add(http("lower-case post (methods are case-sensitive)", 405, "method_not_allowed",
                new ListenerRequest("post", TEXT_XML, VALID, false, "hostile")));
        cases.add(http("no method", 405, "method_not_allowed", new ListenerRequest(null, TEXT_XML, VALID, false, "hostile")));
        cases.add(http("missing content type", 415, "unsupported_media_type",
                new ListenerRequest("POST", null, VALID, false, "hostile")));
        cases.add(http("application/json content type", 415, "unsupported_media_type",
                new ListenerRequest("POST", "application/json", VALID, false, "hostile")));
        cases.add(http("text/html content type", 415, "unsupported_media_type",
                new ListenerRequest("POST", "text/html; charset=utf-8", VALID, false, "hostile")));
        cases.add(http("SOAP 1.2 content type", 415, "unsupported_media_type",
                new ListenerRequest("POST", "application/soap+xml; charset=utf-8", VALID, false, "hostile")));
        cases.add(http("content type that only starts like text/xml", 415, "unsupported_media_type",
                new ListenerRequest("POST", "text/xmlx", VALID, false, "hostile")));
        return cases.stream();
    }

    // --- building the cases ---

    private static Arguments client(String name, String reason, String body) {
        return fault(name, FaultCode.CLIENT, reason, post(body));
    }

    private static Arguments base64(String name, String reason, byte[] bytes) {
        return fault(name, FaultCode.CLIENT, reason,
                new ListenerRequest("POST", TEXT_XML, Base64.getEncoder().encodeToString(bytes), true, "hostile"));
    }

    private static Arguments fault(String name, FaultCode code, String reason, ListenerRequest request) {
        return Arguments.of(name, new Attack(request, 500, code, reason));
    }

    private static Arguments http(String name, int status, String reason, ListenerRequest request) {
        return Arguments.of(name, new Attack(request, status, null, reason));
    }

    private static ListenerRequest post(String body) {
        return new ListenerRequest("POST", TEXT_XML, body, false, "hostile");
    }

    /** Replaces every occurrence of {@code target}; a target that is not there is a broken case, not a pass. */
    private static String edit(String xml, String target, String replacement) {
        if (!xml.contains(target)) {
            throw new IllegalStateException("the case edits '" + target + "', which the message does not contain");
        }
        return xml.replace(target, replacement);
    }

    /** The valid message with one field of its notification set to {@code value}. */
    private static String changed(String field, String value) {
        Map<String, String> fields = new java.util.LinkedHashMap<>(OutboundMessages.opportunity(1).fields());
        fields.put(field, value);
        return OutboundMessages.message().add(new OutboundMessages.Notification(TestIds.id("04l", 1), "Opportunity", fields)).xml();
    }

    private static String withDoctype(String doctype, String xml) {
        return edit(xml, XML_DECLARATION, XML_DECLARATION + doctype + "\n");
    }

    private static String organizationId(String id) {
        if (SalesforceIds.isValid(id)) {
            throw new IllegalStateException(id + " is a valid ID");
        }
        return edit(VALID, ORG_ELEMENT, "<OrganizationId>" + id + "</OrganizationId>");
    }

    private static String billionLaughs(int levels) {
        StringBuilder dtd = new StringBuilder("<!DOCTYPE soapenv:Envelope [<!ENTITY lol0 \"lol\">");
        for (int i = 1; i < levels; i++) {
            dtd.append("<!ENTITY lol").append(i).append(" \"").append(("&lol" + (i - 1) + ";").repeat(10)).append("\">");
        }
        return dtd.append("]>").toString();
    }

    /** Kept under the body limit on purpose, so the parser, not the size check, is what refuses it. */
    private static String quadraticBlowup() {
        String xml = withDoctype("<!DOCTYPE soapenv:Envelope [<!ENTITY a \"" + "A".repeat(50_000) + "\">]>",
                edit(VALID, STAGE_ELEMENT, "<sf:StageName>" + "&a;".repeat(4_000) + "</sf:StageName>"));
        if (xml.getBytes(StandardCharsets.UTF_8).length >= MAX_BODY_BYTES) {
            throw new IllegalStateException("the quadratic blowup must stay under the body limit");
        }
        return xml;
    }

    /** The valid message grown to exactly {@code bytes} bytes with a trailing comment. */
    private static String padTo(int bytes) {
        int padding = bytes - VALID.length() - "<!--".length() - "-->".length();
        return VALID + "<!--" + "x".repeat(padding) + "-->";
    }

    /** {@code count} notifications with only their Id field, so 101 of them stay under the body limit. */
    private static String compact(int count) {
        OutboundMessages message = OutboundMessages.message();
        for (int i = 1; i <= count; i++) {
            message.add(new OutboundMessages.Notification(TestIds.id("04l", i), "Opportunity",
                    Map.of("Id", TestIds.id("006", i))));
        }
        String xml = message.xml();
        if (xml.length() >= MAX_BODY_BYTES) {
            throw new IllegalStateException("the message must stay under the body limit");
        }
        return xml;
    }

    private static byte[] splice(String xml, String before, byte... bytes) {
        int at = edit(xml, before, before).indexOf(before);
        return concat(xml.substring(0, at).getBytes(StandardCharsets.UTF_8), bytes,
                xml.substring(at).getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    @Test
    void theCorpusIsLargeAndEveryNameIsUnique() {
        List<String> names = corpus().map(arguments -> (String) arguments.get()[0]).toList();
        assertTrue(names.size() >= 45, "at least 45 attacks, found " + names.size());
        assertEquals(names.size(), names.stream().distinct().count(), "duplicate case names");
    }
}
