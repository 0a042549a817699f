package dev.sfbridge.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sfbridge.contract.OutboundMessageParserFuzzTest.Mutation;
import dev.sfbridge.contract.OutboundMessageParserFuzzTest.Node;
import dev.sfbridge.testing.OutboundMessages;
import dev.sfbridge.testing.TestIds;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.constraints.IntRange;

/**
 * The one-pass reader against the reader it replaced ({@link TwoPassNotificationsReader}: JAXB's typed tree plus
 * the text tap), through the same parser. Everywhere, both must do what the listener acts on alike: accept the same
 * bodies as the same message, and refuse the others with the same fault code (Client or Server: whether Salesforce
 * sends again). On the test corpus (the hand-made cases below, the fuzzer's seed corpus) the rejection's reason must
 * be the same too. On the generated bodies the reason is not compared: a body the generators break in several places
 * is refused for one of them, and the two readers, which read in different orders, may name different ones (see
 * {@link #aBodyBrokenInSeveralPlacesIsRefusedForOneOfThem}).
 *
 * <p>Two known differences, both bodies the one-pass reader refuses as not the contract, where the two-pass reader
 * answered as it happened to (neither is anything Salesforce sends): an xsi:type on an sObject's field, or outside
 * the sObjects one that is not the element's own type; and an element after a Notification's sObject, which JAXB
 * skipped when it was of another namespace and the text tap blamed on the sObject's last field otherwise.
 */
class OnePassReaderEquivalenceTest {
    private static final OutboundMessageParser ONE_PASS = new OutboundMessageParser(new HardenedXmlInput(32));
    private static final OutboundMessageParser TWO_PASS =
            new OutboundMessageParser(new HardenedXmlInput(32), new TwoPassNotificationsReader());
    private static final OutboundMessageParserFuzzTest GENERATORS = new OutboundMessageParserFuzzTest();
    private static final Path SEED_CORPUS = Path.of("src", "test", "resources", "dev", "sfbridge", "contract",
            "OutboundMessageParserJazzerTestInputs", "anyBodyIsAMessageOrARejection");
    private static final String VALID = OutboundMessages.closedWon(1, 3).xml();
    private static final List<Object> NOT_THE_CONTRACT = List.of("contract_mismatch", FaultCode.CLIENT);
    private static final List<Object> NESTED_FIELD = List.of("nested_field", FaultCode.CLIENT);
    /** An xsi:type on an element other than an sObject. */
    private static final Pattern RETYPED = Pattern.compile("<(?:\\w+:)?(?!sObject\\b)\\w+\\s[^>]*xsi:type=");

    @Example
    void theHandMadeCorpusReadsTheSame() {
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put("three valid", VALID);
        cases.put("a hundred", OutboundMessages.closedWon(1, 100).xml());
        cases.put("a hundred and one", OutboundMessages.closedWon(1, 101).xml());
        cases.put("no xsi:type", VALID.replace(" xsi:type=\"sf:Opportunity\"", ""));
        cases.put("a foreign type", VALID.replace("sf:Opportunity", "sf:Account"));
        cases.put("the abstract base type", VALID.replace("sf:Opportunity", "sf:sObject"));
        cases.put("a type of another namespace", VALID.replace("xsi:type=\"sf:Opportunity\"", "xsi:type=\"Opportunity\""));
        cases.put("a field added after the WSDL", VALID.replace("<sf:StageName>", "<sf:Probability>100</sf:Probability><sf:StageName>"));
        cases.put("a field of another namespace", VALID.replace("<sf:StageName>", "<x:Note xmlns:x=\"urn:x\">n</x:Note><sf:StageName>"));
        cases.put("a bad amount", amount("lots"));
        cases.put("an empty amount", amount(""));
        cases.put("an amount with spaces", amount(" 12.5 "));
        cases.put("an amount of INF", amount("INF"));
        cases.put("an amount in hex", amount("0x1p3"));
        cases.put("an amount with a suffix", amount("12d"));
        cases.put("a bad close date", VALID.replaceFirst("<sf:CloseDate>[^<]*<", "<sf:CloseDate>2026-13-45<"));
        cases.put("a close date with a time", VALID.replaceFirst("<sf:CloseDate>[^<]*<", "<sf:CloseDate>2026-01-02T03:04:05Z<"));
        cases.put("a nil amount", VALID.replaceFirst("<sf:Amount>[^<]*</sf:Amount>", "<sf:Amount xsi:nil=\"true\"/>"));
        cases.put("a nil record Id", VALID.replaceFirst("<sf:Id>[^<]*</sf:Id>", "<sf:Id xsi:nil=\"true\"/>"));
        cases.put("a nested field", VALID.replaceFirst("<sf:Name>", "<sf:Name><sf:x>1</sf:x>"));
        cases.put("a nested foreign element", VALID.replaceFirst("<sf:Name>", "<x:y xmlns:x=\"urn:x\"><x:z/></x:y><sf:Name>"));
        cases.put("a nil session", VALID.replaceFirst("<SessionId>[^<]*</SessionId>", "<SessionId xsi:nil=\"true\"/>"));
        cases.put("no session", VALID.replaceFirst("<SessionId>[^<]*</SessionId>", ""));
        cases.put("no partner URL", VALID.replaceFirst("<PartnerUrl>[^<]*</PartnerUrl>", ""));
        cases.put("the header after the notifications", VALID.replaceFirst("(<OrganizationId>[^<]*</OrganizationId>)(.*)(</notifications>)", "$2$1$3"));
        cases.put("an organization twice", VALID.replaceFirst("<ActionId>", "<OrganizationId>" + TestIds.OTHER_ORG + "</OrganizationId><ActionId>"));
        cases.put("an unknown header element", VALID.replaceFirst("<ActionId>", "<Extra>1</Extra><ActionId>"));
        cases.put("an element inside the organization", VALID.replaceFirst("<OrganizationId>", "<OrganizationId><b/>"));
        cases.put("a nil notifications", VALID.replaceFirst("<notifications ", "<notifications xsi:nil=\"true\" "));
        cases.put("no notification", VALID.replaceAll("(?s)<Notification>.*</Notification>", ""));
        cases.put("a notification without sObject", VALID.replaceFirst("(?s)<sObject .*?</sObject>", ""));
        cases.put("a notification without Id", VALID.replaceFirst("<Id>[^<]*</Id>", ""));
        cases.put("an unknown element in a notification", VALID.replaceFirst("<sObject ", "<Other/><sObject "));
        cases.put("text between elements", VALID.replaceFirst("<ActionId>", "stray text<ActionId>"));
        cases.put("CDATA in a field", VALID.replaceFirst("<sf:Name>[^<]*<", "<sf:Name><![CDATA[A & <B>]]><"));
        cases.put("a comment in a field", VALID.replaceFirst("<sf:Name>", "<sf:Name>A<!-- c -->B"));
        cases.forEach((name, xml) -> assertSameReason(xml.getBytes(StandardCharsets.UTF_8), name));
    }

    @Example
    void anElementAfterTheSObjectIsNotTheContract() {
        // mutations the properties found: the first Notification's end tag broken, so the second begins inside it
        // (the tap blamed the sObject's last field); an element of another namespace there (JAXB skipped it)
        byte[] secondInside = VALID.replaceFirst("</Notification>", "\t/Notification>").getBytes(StandardCharsets.UTF_8);
        byte[] foreignAfter = VALID.replaceFirst("</sObject>", "</sObject><x:y xmlns:x=\"urn:x\"/>").getBytes(StandardCharsets.UTF_8);

        assertEquals(NOT_THE_CONTRACT, outcome(ONE_PASS, secondInside));
        assertEquals(NESTED_FIELD, outcome(TWO_PASS, secondInside));
        assertEquals(NOT_THE_CONTRACT, outcome(ONE_PASS, foreignAfter));
        assertTrue(outcome(TWO_PASS, foreignAfter) instanceof OutboundMessage);
        assertTrue(elementAfterTheSObject(secondInside) && elementAfterTheSObject(foreignAfter));
        assertTrue(!elementAfterTheSObject(VALID.replaceFirst("<sf:Name>", "<sf:Name><sf:x>1</sf:x>").getBytes(StandardCharsets.UTF_8)),
                "a field that holds an element is not after its sObject");
    }

    @Example
    void aBodyBrokenInSeveralPlacesIsRefusedForOneOfThem() {
        // found by the tree property in CI: notifications marked nil yet holding elements, a foreign element among
        // the headers, and an sObject type outside the sObject namespace. The one-pass reader names the first of
        // these it meets; the two-pass reader's JAXB tree let the first two pass and its tap named the third.
        byte[] body = VALID.replaceFirst("<notifications ", "<notifications xsi:nil=\"true\" ")
                .replaceFirst("<ActionId>", "<x:E xmlns:x=\"urn:x\"/><ActionId>")
                .replace("xsi:type=\"sf:Opportunity\"", "xsi:type=\"Opportunity\"")
                .getBytes(StandardCharsets.UTF_8);

        assertEquals(NOT_THE_CONTRACT, outcome(ONE_PASS, body));
        assertEquals(List.of("not_an_sobject_type", FaultCode.CLIENT), outcome(TWO_PASS, body));
        assertSameAction(body, "broken in three places");
    }

    @Example
    void theFuzzersSeedCorpusReadsTheSame() throws IOException {
        List<Path> seeds;
        try (Stream<Path> files = Files.list(SEED_CORPUS)) {
            seeds = files.sorted().toList();
        }
        assertTrue(seeds.size() >= 5, "the seed corpus is where it was: " + SEED_CORPUS.toAbsolutePath());
        seeds.forEach(seed -> {
            try {
                assertSameReason(Files.readAllBytes(seed), seed.getFileName().toString());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    @Property(tries = 1000)
    void mutatedValidMessagesReadTheSame(@ForAll @IntRange(min = 1, max = 3) int notifications,
                                         @ForAll("mutations") List<Mutation> mutations) {
        byte[] body = OutboundMessages.closedWon(1, notifications).xml().getBytes(StandardCharsets.UTF_8);
        for (Mutation mutation : mutations) {
            body = mutation.apply(body);
        }
        assertSameAction(body, mutations.toString());
    }

    @Property(tries = 1000, shrinking = ShrinkingMode.BOUNDED)
    void wellFormedTreesReadTheSame(@ForAll("trees") Node tree) {
        assertSameAction(tree.xml().getBytes(StandardCharsets.UTF_8), tree.xml());
    }

    @Provide
    Arbitrary<List<Mutation>> mutations() {
        return GENERATORS.mutations();
    }

    @Provide
    Arbitrary<Node> trees() {
        return GENERATORS.trees();
    }

    private static String amount(String text) {
        return VALID.replaceFirst("<sf:Amount>[^<]*<", "<sf:Amount>" + text + "<");
    }

    /** The same message, or a rejection with the same reason, but for the known differences. */
    private static void assertSameReason(byte[] body, String name) {
        Object after = outcome(ONE_PASS, body);
        if (!knownDifference(body, after)) {
            assertEquals(outcome(TWO_PASS, body), after, name);
        }
    }

    /** What the listener acts on alike: the same message, or a rejection with the same fault code. */
    private static void assertSameAction(byte[] body, String name) {
        Object after = outcome(ONE_PASS, body);
        if (!knownDifference(body, after)) {
            assertEquals(action(outcome(TWO_PASS, body)), action(after), name);
        }
    }

    /**
     * A body the one-pass reader refuses as not the contract for one of the known differences: an xsi:type where it
     * does not belong (JAXB's answer depended on the typo and the place: it took xsi:type=":" on OrganizationId and
     * refused xsi:type="" on Id), or an element after a Notification's sObject.
     */
    private static boolean knownDifference(byte[] body, Object onePassOutcome) {
        return onePassOutcome.equals(NOT_THE_CONTRACT)
                && (RETYPED.matcher(new String(body, StandardCharsets.UTF_8)).find() || elementAfterTheSObject(body));
    }

    private static Object action(Object outcome) {
        return outcome instanceof List<?> rejection ? rejection.get(1) : outcome;
    }

    /** Whether an element begins inside a Notification after its sObject has ended, as far as the body can be read. */
    private static boolean elementAfterTheSObject(byte[] body) {
        try {
            XMLStreamReader reader = XMLInputFactory.newDefaultFactory().createXMLStreamReader(new ByteArrayInputStream(body));
            Deque<String> open = new ArrayDeque<>();
            boolean sObjectEnded = false;
            while (reader.hasNext()) {
                int event = reader.next();
                if (event == XMLStreamConstants.START_ELEMENT) {
                    if (sObjectEnded && "Notification".equals(open.peek())) {
                        return true;
                    }
                    open.push(reader.getLocalName());
                } else if (event == XMLStreamConstants.END_ELEMENT) {
                    String ended = open.pop();
                    sObjectEnded = "sObject".equals(ended) || (sObjectEnded && !"Notification".equals(ended));
                }
            }
        } catch (XMLStreamException | RuntimeException e) {
            // read as far as it goes: what follows a break cannot be placed
        }
        return false;
    }

    /** The message read, or the rejection's codes: what the listener acts on. */
    private static Object outcome(OutboundMessageParser parser, byte[] body) {
        try {
            return parser.parse(body);
        } catch (OutboundMessageRejected rejected) {
            return List.of(rejected.reasonCode(), rejected.faultCode());
        }
    }
}
