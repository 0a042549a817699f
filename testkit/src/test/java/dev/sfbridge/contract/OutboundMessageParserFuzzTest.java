package dev.sfbridge.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sfbridge.contract.OutboundMessage.SObjectNotification;
import dev.sfbridge.model.SalesforceIds;
import dev.sfbridge.testing.OutboundMessages;
import dev.sfbridge.testing.TestIds;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import javax.xml.XMLConstants;
import javax.xml.namespace.QName;
import javax.xml.stream.XMLResolver;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.statistics.Statistics;

/**
 * Whatever bytes arrive, {@link OutboundMessageParser#parse} either returns a message that keeps the
 * contract or throws {@link OutboundMessageRejected}: no other exception, no error, no external resource
 * consulted. A runtime exception here would become a Server fault, and Salesforce would redeliver a
 * message that can never parse for 24 hours.
 */
class OutboundMessageParserFuzzTest {
    private static final String SOAP11 = OutboundMessageParser.SOAP11_NS;
    private static final String SOAP12 = OutboundMessageParser.SOAP12_NS;
    private static final String OUTBOUND = OutboundMessageParser.OUTBOUND_NS;
    private static final String SOBJECT = OutboundMessageParser.SOBJECT_NS;
    private static final String XSI = XMLConstants.W3C_XML_SCHEMA_INSTANCE_NS_URI;
    private static final String FOREIGN = "urn:x";

    /** Prefixes the generated trees use, all declared on the root (xsd is not, on purpose). */
    private static final Map<String, String> PREFIXES = Map.of(
            SOAP11, "soapenv", SOAP12, "env", OUTBOUND, "ob", SOBJECT, "sf", XSI, "xsi", FOREIGN, "x");

    private static final AtomicInteger RESOLVER_CALLS = new AtomicInteger();
    private static final XMLResolver COUNTING_RESOLVER = (publicId, systemId, baseUri, namespace) -> {
        RESOLVER_CALLS.incrementAndGet();
        return null;
    };
    private static final OutboundMessageParser PARSER = new OutboundMessageParser(new HardenedXmlInput(32, COUNTING_RESOLVER));

    private static final byte[][] VALID = {
            OutboundMessages.closedWon(1, 1).xml().getBytes(StandardCharsets.UTF_8),
            OutboundMessages.closedWon(1, 2).xml().getBytes(StandardCharsets.UTF_8),
            OutboundMessages.closedWon(1, 3).xml().getBytes(StandardCharsets.UTF_8),
    };

    // ------------------------------------------------------------------ (a) arbitrary bytes

    @Property(tries = 1000)
    void arbitraryBytesAreAMessageOrARejection(@ForAll @Size(max = 2048) byte[] body) {
        parseKeepingTheContract(body);
    }

    /** Bytes drawn mostly from XML's own alphabet, so more of them get past the first character. */
    @Property(tries = 1000)
    void arbitraryMarkupIsAMessageOrARejection(@ForAll("markupSoup") String soup) {
        parseKeepingTheContract(soup.getBytes(StandardCharsets.UTF_8));
    }

    @Provide
    Arbitrary<String> markupSoup() {
        Arbitrary<String> token = Arbitraries.oneOf(
                Arbitraries.of("<", ">", "</", "/>", "&", ";", "\"", "'", "=", " ", "\n", "?", "!", "[", "]", ":",
                        "<?xml version=\"1.0\"?>", "<!DOCTYPE x>", "<![CDATA[", "]]>", "<!--", "-->", "&amp;",
                        "&#0;", "&#x10FFFF;", "&lol;", "xmlns=\"\"", "xmlns:soapenv=\"" + SOAP11 + "\"",
                        "soapenv:Envelope", "soapenv:Body", "notifications", "xmlns=\"" + OUTBOUND + "\"",
                        "Notification", "sObject", TestIds.ORG, "\u0000", "\uFEFF", "\uD800"),
                Arbitraries.strings().ofMaxLength(8));
        return token.list().ofMaxSize(60).map(tokens -> String.join("", tokens));
    }

    // ------------------------------------------------------------------ (b) mutations of a valid message

    @Property(tries = 1000)
    void mutatedValidMessagesAreAMessageOrARejection(@ForAll @IntRange(min = 1, max = 3) int notifications,
                                                      @ForAll("mutations") List<Mutation> mutations) {
        byte[] body = VALID[notifications - 1];
        for (Mutation mutation : mutations) {
            body = mutation.apply(body);
        }
        Statistics.label("outcome").collect(parseKeepingTheContract(body));
    }

    /** One edit of the body; offsets are taken modulo its length, so any int names a place in it. */
    sealed interface Mutation {
        byte[] apply(byte[] body);
    }

    record ReplaceByte(int offset, byte value) implements Mutation {
        public byte[] apply(byte[] body) {
            if (body.length == 0) {
                return body;
            }
            byte[] out = body.clone();
            out[offset % body.length] = value;
            return out;
        }
    }

    record DeleteByte(int offset) implements Mutation {
        public byte[] apply(byte[] body) {
            if (body.length == 0) {
                return body;
            }
            int at = offset % body.length;
            return concat(Arrays.copyOfRange(body, 0, at), Arrays.copyOfRange(body, at + 1, body.length));
        }
    }

    record Truncate(int offset) implements Mutation {
        public byte[] apply(byte[] body) {
            return Arrays.copyOf(body, offset % (body.length + 1));
        }
    }

    record Insert(int offset, String text) implements Mutation {
        public byte[] apply(byte[] body) {
            int at = offset % (body.length + 1);
            return concat(Arrays.copyOfRange(body, 0, at), text.getBytes(StandardCharsets.UTF_8),
                    Arrays.copyOfRange(body, at, body.length));
        }
    }

    record InsertRawBytes(int offset, byte[] bytes) implements Mutation {
        public byte[] apply(byte[] body) {
            int at = offset % (body.length + 1);
            return concat(Arrays.copyOfRange(body, 0, at), bytes, Arrays.copyOfRange(body, at, body.length));
        }

        @Override
        public String toString() {
            return "InsertRawBytes[offset=" + offset + ", bytes=" + Arrays.toString(bytes) + "]";
        }
    }

    @Provide
    Arbitrary<List<Mutation>> mutations() {
        Arbitrary<Integer> offset = Arbitraries.integers().between(0, Integer.MAX_VALUE);
        Arbitrary<String> metacharacters = Arbitraries.of("<", ">", "&", "\"", "'", "/", "=", ";", "<>", "</", "/>",
                "]]>", "<![CDATA[", "<!--", "-->", "<?", "?>", "<!DOCTYPE x>",
                "<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>", "&e;", "&amp;", "&#0;", "&#x1F600;",
                "&#xD800;", "<a>", "</a>", "<sf:a>", "<x:y xmlns:x=\"urn:x\"/>", " xmlns=\"\"", " xmlns:sf=\"urn:evil\"",
                " xsi:nil=\"true\"", " xsi:type=\"sf:Account\"", " xsi:type=\"\"", " xsi:type=\"zz:ID\"", " soapenv:mustUnderstand=\"1\"", "\u0000", "\uFEFF",
                "<Notification><Id>" + TestIds.id("04l", 9) + "</Id></Notification>");
        Arbitrary<byte[]> rawBytes = Arbitraries.of(
                new byte[] {(byte) 0xC3, 0x28}, new byte[] {(byte) 0xC0, (byte) 0xBC}, new byte[] {(byte) 0xFF},
                new byte[] {(byte) 0xFE, (byte) 0xFF}, new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
                new byte[] {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, new byte[] {(byte) 0xE2, (byte) 0x82});
        Arbitrary<Mutation> mutation = Arbitraries.oneOf(
                Combinators.combine(offset, Arbitraries.bytes()).as(ReplaceByte::new),
                offset.map(DeleteByte::new),
                offset.map(Truncate::new),
                Combinators.combine(offset, metacharacters).as(Insert::new),
                Combinators.combine(offset, rawBytes).as(InsertRawBytes::new));
        return mutation.list().ofMinSize(1).ofMaxSize(4);
    }

    // ------------------------------------------------------------------ (c) random well-formed trees

    @Property(tries = 600, shrinking = ShrinkingMode.BOUNDED)
    void wellFormedTreesAreAMessageOrARejection(@ForAll("trees") Node tree) {
        String outcome = parseKeepingTheContract(tree.xml().getBytes(StandardCharsets.UTF_8));
        Statistics.label("outcome").collect(outcome)
                // the guided trees must reach the accepting path often enough for its checks to mean something
                .coverage(coverage -> coverage.check("accepted").percentage(p -> p >= 2.0));
    }

    /** An element: a name, attributes, and either text or children. */
    record Node(QName name, Map<QName, String> attributes, String text, List<Node> children) {

        static Node element(QName name, Map<QName, String> attributes, List<Node> children) {
            return new Node(name, attributes, null, children);
        }

        static Node leaf(QName name, Map<QName, String> attributes, String text) {
            return new Node(name, attributes, text, List.of());
        }

        String xml() {
            StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
            write(xml, true);
            return xml.toString();
        }

        private void write(StringBuilder xml, boolean root) {
            xml.append('<').append(qualified(name));
            if (root) {
                PREFIXES.forEach((namespace, prefix) ->
                        xml.append(" xmlns:").append(prefix).append("=\"").append(namespace).append('"'));
            }
            attributes.forEach((attribute, value) ->
                    xml.append(' ').append(qualified(attribute)).append("=\"").append(escape(value)).append('"'));
            if (text == null && children.isEmpty()) {
                xml.append("/>");
                return;
            }
            xml.append('>');
            if (text != null) {
                xml.append(escape(text));
            }
            children.forEach(child -> child.write(xml, false));
            xml.append("</").append(qualified(name)).append('>');
        }

        private static String qualified(QName name) {
            return name.getNamespaceURI().isEmpty()
                    ? name.getLocalPart()
                    : PREFIXES.get(name.getNamespaceURI()) + ":" + name.getLocalPart();
        }

        private static String escape(String text) {
            return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
        }
    }

    @Provide
    Arbitrary<Node> trees() {
        return Arbitraries.frequencyOf(
                Tuple.of(6, envelope()),
                Tuple.of(1, anyTree(5)));
    }

    private static final List<QName> ALL_NAMES = List.of(
            q(SOAP11, "Envelope"), q(SOAP11, "Header"), q(SOAP11, "Body"), q(SOAP11, "Fault"),
            q(SOAP12, "Envelope"), q(SOAP12, "Body"),
            q(OUTBOUND, "notifications"), q(OUTBOUND, "OrganizationId"), q(OUTBOUND, "ActionId"),
            q(OUTBOUND, "SessionId"), q(OUTBOUND, "EnterpriseUrl"), q(OUTBOUND, "PartnerUrl"),
            q(OUTBOUND, "Notification"), q(OUTBOUND, "Id"), q(OUTBOUND, "sObject"),
            q(OUTBOUND, "notificationsResponse"), q(OUTBOUND, "Ack"),
            q(SOBJECT, "Id"), q(SOBJECT, "Amount"), q(SOBJECT, "Name"), q(SOBJECT, "StageName"),
            q(SOBJECT, "CloseDate"), q(SOBJECT, "LastModifiedDate"), q(SOBJECT, "AccountId"),
            q(SOBJECT, "fieldsToNull"), q(SOBJECT, "Opportunity"), q(SOBJECT, "sObject"),
            q("", "Envelope"), q("", "notifications"), q(FOREIGN, "Trace"));

    private static QName q(String namespace, String localName) {
        return new QName(namespace, localName);
    }

    /** Any names nested any way, up to {@code depth} levels. */
    private static Arbitrary<Node> anyTree(int depth) {
        Arbitrary<QName> name = Arbitraries.of(ALL_NAMES);
        Arbitrary<Node> leaf = Combinators.combine(name, attributes(), text()).as(Node::leaf);
        if (depth <= 1) {
            return leaf;
        }
        Arbitrary<Node> element = Combinators.combine(name, attributes(), anyTree(depth - 1).list().ofMaxSize(4))
                .as(Node::element);
        return Arbitraries.frequencyOf(Tuple.of(1, leaf), Tuple.of(2, element));
    }

    /** Shaped like an outbound message, with a deviation now and then at every level. */
    private static Arbitrary<Node> envelope() {
        Arbitrary<QName> name = Arbitraries.frequency(
                Tuple.of(12, q(SOAP11, "Envelope")), Tuple.of(1, q(SOAP12, "Envelope")),
                Tuple.of(1, q("", "Envelope")), Tuple.of(1, q(OUTBOUND, "notifications")));
        Arbitrary<Optional<Node>> header = Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.just(Optional.<Node>empty())),
                Tuple.of(2, anyTree(3).list().ofMaxSize(3)
                        .map(children -> Optional.of(Node.element(q(SOAP11, "Header"), Map.of(), children)))),
                Tuple.of(1, Arbitraries.of("0", "1", "true").map(flag -> Optional.of(Node.element(q(SOAP11, "Header"),
                        Map.of(), List.of(Node.leaf(q(FOREIGN, "Trace"), Map.of(q(SOAP11, "mustUnderstand"), flag), "t")))))));
        Arbitrary<Node> bodyContent = Arbitraries.frequencyOf(Tuple.of(12, notifications()), Tuple.of(1, anyTree(3)));
        Arbitrary<List<Node>> extra = Arbitraries.frequencyOf(
                Tuple.of(12, Arbitraries.just(List.<Node>of())), Tuple.of(1, anyTree(2).list().ofMinSize(1).ofMaxSize(2)));
        Arbitrary<QName> bodyName = Arbitraries.frequency(Tuple.of(15, q(SOAP11, "Body")), Tuple.of(1, q(SOAP12, "Body")));
        return Combinators.combine(name, header, bodyName, bodyContent, extra).as((envelope, head, body, content, more) -> {
            List<Node> bodyChildren = new ArrayList<>();
            bodyChildren.add(content);
            bodyChildren.addAll(more);
            List<Node> children = new ArrayList<>();
            head.ifPresent(children::add);
            children.add(Node.element(body, Map.of(), bodyChildren));
            return Node.element(envelope, Map.of(), children);
        });
    }

    private static Arbitrary<Node> notifications() {
        Arbitrary<List<Node>> notificationList = Arbitraries.frequencyOf(
                Tuple.of(10, notification().list().ofMinSize(1).ofMaxSize(3)),
                Tuple.of(1, Arbitraries.just(List.<Node>of())));
        Arbitrary<Optional<Node>> stray = Arbitraries.frequencyOf(
                Tuple.of(12, Arbitraries.just(Optional.<Node>empty())), Tuple.of(1, anyTree(3).map(Optional::of)));
        Arbitrary<Node> notifications = Combinators.combine(
                optionalLeaf(q(OUTBOUND, "OrganizationId"), idText("00D")),
                optionalLeaf(q(OUTBOUND, "ActionId"), idText("04k")),
                optionalLeaf(q(OUTBOUND, "SessionId"), Arbitraries.of(OutboundMessages.SESSION_ID, "", " ")),
                optionalLeaf(q(OUTBOUND, "EnterpriseUrl"), urlText()),
                optionalLeaf(q(OUTBOUND, "PartnerUrl"), urlText()),
                notificationList, stray, Arbitraries.integers().between(0, 20)
        ).as((org, action, session, enterprise, partner, list, extra, shuffle) -> {
            List<Node> children = new ArrayList<>();
            org.ifPresent(children::add);
            action.ifPresent(children::add);
            session.ifPresent(children::add);
            enterprise.ifPresent(children::add);
            partner.ifPresent(children::add);
            children.addAll(list);
            extra.ifPresent(node -> children.add(shuffle % (children.size() + 1), node));
            if (shuffle == 0 && children.size() > 1) {
                children.add(children.remove(0));
            }
            return Node.element(q(OUTBOUND, "notifications"), Map.of(), children);
        });
        Arbitrary<Map<QName, String>> nil = Arbitraries.frequency(
                Tuple.of(20, Map.<QName, String>of()), Tuple.of(1, Map.of(q(XSI, "nil"), "true")));
        return Combinators.combine(notifications, nil)
                .as((element, attributes) -> new Node(element.name(), attributes, element.text(), element.children()));
    }

    private static Arbitrary<Node> notification() {
        Arbitrary<Optional<Node>> sObject = Arbitraries.frequencyOf(
                Tuple.of(12, sObject().map(Optional::of)), Tuple.of(1, Arbitraries.just(Optional.<Node>empty())));
        return Combinators.combine(optionalLeaf(q(OUTBOUND, "Id"), idText("04l")), sObject).as((id, object) -> {
            List<Node> children = new ArrayList<>();
            id.ifPresent(children::add);
            object.ifPresent(children::add);
            return Node.element(q(OUTBOUND, "Notification"), Map.of(), children);
        });
    }

    private static Arbitrary<Node> sObject() {
        Arbitrary<Map<QName, String>> type = Arbitraries.frequencyOf(
                Tuple.of(8, Arbitraries.just(Map.of(q(XSI, "type"), "sf:Opportunity"))),
                Tuple.of(3, Arbitraries.of("sf:Account", "sf:Case", "Opportunity", "ob:OpportunityNotification",
                        "sf:sObject", "", "zz:Nope", ":").map(t -> Map.of(q(XSI, "type"), t))),
                Tuple.of(2, Arbitraries.just(Map.<QName, String>of())));
        Arbitrary<Optional<Node>> recordId = optionalLeaf(q(SOBJECT, "Id"), idText("006"));
        Arbitrary<List<Node>> fields = field().list().ofMaxSize(5);
        return Combinators.combine(type, recordId, fields).as((attributes, id, more) -> {
            List<Node> children = new ArrayList<>();
            id.ifPresent(children::add);
            children.addAll(more);
            return Node.element(q(OUTBOUND, "sObject"), attributes, children);
        });
    }

    private static Arbitrary<Node> field() {
        Arbitrary<Node> typed = Arbitraries.oneOf(
                leaf(q(SOBJECT, "Amount"), Arbitraries.frequencyOf(Tuple.of(8, Arbitraries.of("1001.50", "0", "-3.5E2", "NaN")),
                        Tuple.of(1, Arbitraries.of("lots", "", "1,000.50", "0x10")))),
                leaf(q(SOBJECT, "CloseDate"), Arbitraries.frequencyOf(Tuple.of(8, Arbitraries.of("2026-11-02", "1999-01-31Z")),
                        Tuple.of(1, Arbitraries.of("2026-13-45", "tomorrow", "")))),
                leaf(q(SOBJECT, "LastModifiedDate"), Arbitraries.of("2026-11-20T10:00:01.000Z", "2026-11-20T10:00:01+02:00", "noon")),
                leaf(q(SOBJECT, "AccountId"), idText("001")),
                leaf(q(SOBJECT, "Name"), text()),
                leaf(q(SOBJECT, "StageName"), text()),
                leaf(q(SOBJECT, "Probability"), text()),
                Arbitraries.of("true", "false").map(nil -> Node.leaf(q(SOBJECT, "Amount"), Map.of(q(XSI, "nil"), nil), "")));
        Arbitrary<Node> nested = anyTree(2).map(child -> Node.element(q(SOBJECT, "Name"), Map.of(), List.of(child)));
        return Arbitraries.frequencyOf(Tuple.of(20, typed), Tuple.of(1, nested));
    }

    private static Arbitrary<Node> leaf(QName name, Arbitrary<String> text) {
        return text.map(value -> Node.leaf(name, Map.of(), value));
    }

    /** The element with a value, left out, nil, or with an xsi:type that names nothing. */
    private static Arbitrary<Optional<Node>> optionalLeaf(QName name, Arbitrary<String> text) {
        return Arbitraries.frequencyOf(
                Tuple.of(12, leaf(name, text).map(Optional::of)),
                Tuple.of(1, Arbitraries.just(Optional.<Node>empty())),
                Tuple.of(1, Arbitraries.just(Optional.of(Node.leaf(name, Map.of(q(XSI, "nil"), "true"), null)))),
                Tuple.of(1, Combinators.combine(text, Arbitraries.of(BAD_XSI_TYPES))
                        .as((value, type) -> Optional.of(Node.leaf(name, Map.of(q(XSI, "type"), type), value)))));
    }

    /** xsi:type values that resolve to no type: empty, an unbound prefix (xsd is not declared here), malformed. */
    private static final List<String> BAD_XSI_TYPES = List.of("", " ", "xsd:string", "zz:ID", "a:b:c", ":", "sf:");

    /** Mostly valid IDs with the given key prefix (15 and 18 characters), sometimes broken ones. */
    private static Arbitrary<String> idText(String keyPrefix) {
        Arbitrary<String> valid = Arbitraries.longs().between(0, 999_999_999_999L).map(n -> TestIds.id(keyPrefix, n));
        return Arbitraries.frequencyOf(
                Tuple.of(10, valid),
                Tuple.of(1, valid.map(id -> id.substring(0, 15))),
                Tuple.of(1, valid.map(id -> " " + id + "\n")),
                Tuple.of(1, valid.map(id -> id.substring(0, 17))),
                Tuple.of(1, valid.map(id -> id.substring(0, 15) + "ZZZ")),
                Tuple.of(1, text()));
    }

    private static Arbitrary<String> urlText() {
        return Arbitraries.frequencyOf(
                Tuple.of(10, Arbitraries.just("https://sfbridge-dev.my.salesforce.com/services/Soap/c/62.0/00D000000000001")),
                Tuple.of(1, Arbitraries.of("", "  ", "javascript:alert(1)")),
                Tuple.of(1, text()));
    }

    /** Text that XML can carry (no control characters, no lone surrogates); markup characters are escaped. */
    private static Arbitrary<String> text() {
        return Arbitraries.strings().withCharRange(' ', '\uD7FF').withChars('\t', '\n', '<', '&', ']', '>')
                .ofMaxLength(24);
    }

    private static Arbitrary<Map<QName, String>> attributes() {
        Arbitrary<Map<QName, String>> one = Arbitraries.of(
                Map.of(q(XSI, "type"), "sf:Opportunity"), Map.of(q(XSI, "type"), "sf:Account"),
                Map.of(q(XSI, "type"), "ob:OpportunityNotification"), Map.of(q(XSI, "type"), "xsd:string"),
                Map.of(q(XSI, "nil"), "true"), Map.of(q(SOAP11, "mustUnderstand"), "1"),
                Map.of(q(SOAP11, "mustUnderstand"), "0"), Map.of(q(FOREIGN, "a"), "<&\">"));
        return Arbitraries.frequencyOf(Tuple.of(4, Arbitraries.just(Map.<QName, String>of())), Tuple.of(1, one));
    }

    // ------------------------------------------------------------------ the property all of them share

    /** @return "accepted" or the reason code, for the statistics */
    private static String parseKeepingTheContract(byte[] body) {
        int resolverCallsBefore = RESOLVER_CALLS.get();
        String outcome;
        try {
            OutboundMessage message = PARSER.parse(body);
            assertKeepsTheContract(message);
            outcome = "accepted";
        } catch (OutboundMessageRejected rejected) {
            assertNotNull(rejected.faultCode());
            assertNotNull(rejected.reasonCode());
            assertNotNull(rejected.getMessage());
            assertFalse(rejected.getMessage().contains(OutboundMessages.SESSION_ID), "a reason never quotes the session ID");
            outcome = rejected.reasonCode();
        }
        // anything else (a runtime exception, an error) escapes and fails the property
        assertEquals(resolverCallsBefore, RESOLVER_CALLS.get(), "no external resource is ever resolved");
        return outcome;
    }

    private static void assertKeepsTheContract(OutboundMessage message) {
        assertTrue(SalesforceIds.isValid(message.organizationId()), () -> "organization " + message.organizationId());
        assertTrue(SalesforceIds.isValid(message.actionId()), () -> "action " + message.actionId());
        assertFalse(message.enterpriseUrl() == null || message.enterpriseUrl().isBlank(), "enterprise URL");
        List<SObjectNotification> notifications = message.notifications();
        int read = notifications.size() + message.withoutRecord().size();
        assertTrue(read >= 1 && read <= OutboundMessageParser.MAX_NOTIFICATIONS,
                () -> notifications.size() + " notifications and " + message.withoutRecord().size() + " without a record");
        message.withoutRecord().forEach(id -> assertTrue(SalesforceIds.isValid(id), () -> "notification " + id));
        for (SObjectNotification n : notifications) {
            assertTrue(SalesforceIds.isValid(n.notificationId()), () -> "notification " + n.notificationId());
            assertTrue(SalesforceIds.isValid(n.recordId()), () -> "record " + n.recordId());
            assertEquals(n.recordId(), n.fields().get("Id"), "the record ID is the sObject's Id field");
        }
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
