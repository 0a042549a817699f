package dev.sfbridge.callback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sfbridge.config.Env;
import dev.sfbridge.testing.SalesforceSimulator;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The Salesforce side shipped in {@code salesforce/} agrees with the code: the outbound message sends the
 * WSDL's fields, the flow sends that outbound message when an opportunity becomes Closed Won, the custom
 * fields are the ones the callbacks write by default, and the integration user may write them; the platform event
 * has the fields the callbacks publish, and the integration user may publish it; the Lightning web component
 * subscribes to it, reads only fields that exist, and its users may read them.
 */
class SalesforceMetadataTest {
    private static final String METADATA_NS = "http://soap.sforce.com/2006/04/metadata";
    private static final Path SOURCE = Path.of(System.getProperty("sfbridge.salesforce.dir"), "force-app/main/default");

    @Test
    void everyFileIsMetadataXmlWithoutADoctype() throws Exception {
        try (Stream<Path> files = Files.walk(SOURCE)) {
            List<Path> metadata = files.filter(f -> f.toString().endsWith("-meta.xml")).toList();
            assertEquals(14, metadata.size(), metadata.toString());
            for (Path file : metadata) {
                assertEquals(METADATA_NS, read(file).getDocumentElement().getNamespaceURI(), file.toString());
            }
        }
    }

    @Test
    void theOutboundMessageSendsExactlyTheWsdlsFieldsWithTheSession() throws Exception {
        Element message = only(read(SOURCE.resolve("workflows/Opportunity.workflow-meta.xml")).getDocumentElement(), "outboundMessages");

        Set<String> wsdlFields = new TreeSet<>(opportunityElementsOfTheWsdl());
        wsdlFields.add("Id"); // on sObject, the type Opportunity extends
        assertEquals(wsdlFields, new TreeSet<>(texts(message, "fields")));
        assertEquals("true", text(message, "includeSessionId"), "the callbacks use the message's session first");
    }

    @Test
    void theFlowSendsThatOutboundMessageWhenAnOpportunityBecomesClosedWon() throws Exception {
        Element flow = read(SOURCE.resolve("flows/SFBridge_Opportunity_Closed_Won.flow-meta.xml")).getDocumentElement();
        Element message = only(read(SOURCE.resolve("workflows/Opportunity.workflow-meta.xml")).getDocumentElement(), "outboundMessages");
        Element start = only(flow, "start");
        Element action = only(flow, "actionCalls");

        assertEquals("Opportunity." + text(message, "fullName"), text(action, "actionName"));
        assertEquals("outboundMessage", text(action, "actionType"));
        assertEquals(text(action, "name"), text(only(start, "connector"), "targetReference"));
        assertEquals("Opportunity", text(start, "object"));
        assertEquals("RecordAfterSave", text(start, "triggerType"));
        assertEquals("true", text(start, "doesRequireRecordChangedToMeetCriteria"));
        Element filter = only(start, "filters");
        assertEquals(List.of("StageName", "EqualTo", "Closed Won"),
                List.of(text(filter, "field"), text(filter, "operator"), text(only(filter, "value"), "stringValue")));
        assertEquals("Active", text(flow, "status"));
    }

    @Test
    void theCustomFieldsAreTheOnesTheCallbacksWriteAndTheIntegrationUserMayEditThem() throws Exception {
        FieldMapping defaults = FieldMapping.from(new Env(Map.of()));
        Path fields = SOURCE.resolve("objects").resolve(defaults.objectType()).resolve("fields");
        Element permissions = read(SOURCE.resolve("permissionsets/SFBridge_Integration.permissionset-meta.xml")).getDocumentElement();

        for (String field : List.of(defaults.orderNumberField(), defaults.orderStatusField(), defaults.statusChangedAtField())) {
            Element definition = read(fields.resolve(field + ".field-meta.xml")).getDocumentElement();
            assertEquals(field, text(definition, "fullName"));
            if (field.equals(defaults.statusChangedAtField())) {
                assertEquals("DateTime", text(definition, "type"), "the validation rule compares it as a time");
            } else {
                assertEquals("Text", text(definition, "type"));
                assertTrue(Integer.parseInt(text(definition, "length")) >= 40, field + " holds an order number or status");
            }
            Element granted = children(permissions, "fieldPermissions").stream()
                    .filter(p -> text(p, "field").equals(defaults.objectType() + "." + field)).findFirst().orElse(null);
            assertNotNull(granted, field + " is not in the permission set");
            assertEquals("true", text(granted, "editable"), field);
        }
        Element object = objectPermissions(permissions, defaults.objectType());
        assertEquals(List.of("true", "true"), List.of(text(object, "allowRead"), text(object, "allowEdit")));
    }

    @Test
    void thePlatformEventHasExactlyTheFieldsTheCallbacksPublishAndTheIntegrationUserMayPublishIt() throws Exception {
        Path event = SOURCE.resolve("objects").resolve(OrderUpdateEvents.EVENT);
        Element definition = read(event.resolve(OrderUpdateEvents.EVENT + ".object-meta.xml")).getDocumentElement();
        assertEquals(List.of("HighVolume", "PublishImmediately", "Deployed"),
                List.of(text(definition, "eventType"), text(definition, "publishBehavior"), text(definition, "deploymentStatus")));

        FieldMapping defaults = FieldMapping.from(new Env(Map.of()));
        Path recordFields = SOURCE.resolve("objects").resolve(defaults.objectType()).resolve("fields");
        // each event field holds what the record's field holds: the same type, at least its length
        Map<String, String> heldLike = Map.of(OrderUpdateEvents.ORDER_NUMBER, defaults.orderNumberField(),
                OrderUpdateEvents.STATUS, defaults.orderStatusField(), OrderUpdateEvents.CHANGED_AT, defaults.statusChangedAtField());
        Set<String> published = Set.of(OrderUpdateEvents.RECORD_ID, OrderUpdateEvents.ORDER_NUMBER, OrderUpdateEvents.STATUS,
                OrderUpdateEvents.CHANGED_AT);
        try (Stream<Path> files = Files.list(event.resolve("fields"))) {
            Set<String> expected = published.stream().map(f -> f + ".field-meta.xml").collect(Collectors.toCollection(TreeSet::new));
            Set<String> found = files.map(f -> f.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
            assertEquals(expected, found, "no field the callbacks leave out, none they send that the event lacks");
        }
        for (String field : published) {
            Element eventField = read(event.resolve("fields").resolve(field + ".field-meta.xml")).getDocumentElement();
            assertEquals(field, text(eventField, "fullName"));
            assertTrue(Set.of("Checkbox", "Date", "DateTime", "Number", "Text", "LongTextArea").contains(text(eventField, "type")),
                    field + ": a type platform events support");
            // a required field the callbacks may leave out would make Salesforce refuse the event
            assertEquals(!field.equals(OrderUpdateEvents.STATUS), Boolean.parseBoolean(text(eventField, "required")), field);
            if (field.equals(OrderUpdateEvents.RECORD_ID)) {
                assertEquals(List.of("Text", "18"), List.of(text(eventField, "type"), text(eventField, "length")));
                continue;
            }
            Element recordField = read(recordFields.resolve(heldLike.get(field) + ".field-meta.xml")).getDocumentElement();
            assertEquals(text(recordField, "type"), text(eventField, "type"), field);
            if (text(recordField, "type").equals("Text")) {
                assertTrue(Integer.parseInt(text(eventField, "length")) >= Integer.parseInt(text(recordField, "length")), field);
            }
        }

        Element permissions = read(SOURCE.resolve("permissionsets/SFBridge_Integration.permissionset-meta.xml")).getDocumentElement();
        Element publish = objectPermissions(permissions, OrderUpdateEvents.EVENT);
        assertEquals(List.of("true", "true", "false", "false"), List.of(text(publish, "allowCreate"), text(publish, "allowRead"),
                text(publish, "allowEdit"), text(publish, "allowDelete")), "Create is what publishing takes; an event has no more");
    }

    @Test
    void theComponentSubscribesToTheEventAndReadsOnlyFieldsThatExistAndItsUsersMayRead() throws Exception {
        FieldMapping defaults = FieldMapping.from(new Env(Map.of()));
        Path bundle = SOURCE.resolve("lwc/erpOrderStatus");
        String js = Files.readString(bundle.resolve("erpOrderStatus.js"));

        assertTrue(js.contains("'/event/" + OrderUpdateEvents.EVENT + "'"), "the channel of the event the callbacks publish");
        assertEquals(new TreeSet<>(List.of(OrderUpdateEvents.RECORD_ID, OrderUpdateEvents.ORDER_NUMBER, OrderUpdateEvents.STATUS,
                OrderUpdateEvents.CHANGED_AT)), matches(js, "event\\.(\\w+__c)"), "the event's fields it reads, all of them published");
        Set<String> recordFields = new TreeSet<>(List.of(defaults.orderNumberField(), defaults.orderStatusField(), defaults.statusChangedAtField()));
        assertEquals(recordFields.stream().map(f -> defaults.objectType() + "." + f).collect(Collectors.toCollection(TreeSet::new)),
                matches(js, "@salesforce/schema/(\\w+\\.\\w+)"), "the record's fields it reads: the ones the callbacks write");

        Element meta = read(bundle.resolve("erpOrderStatus.js-meta.xml")).getDocumentElement();
        assertEquals("true", text(meta, "isExposed"));
        assertEquals("lightning__RecordPage", text(only(meta, "targets"), "target"));
        assertEquals(defaults.objectType(), text(only(only(only(meta, "targetConfigs"), "targetConfig"), "objects"), "object"));

        Element viewer = read(SOURCE.resolve("permissionsets/SFBridge_Order_Status_Viewer.permissionset-meta.xml")).getDocumentElement();
        Element subscribe = objectPermissions(viewer, OrderUpdateEvents.EVENT);
        assertEquals(List.of("true", "false"), List.of(text(subscribe, "allowRead"), text(subscribe, "allowCreate")),
                "subscribing takes Read; publishing is the integration user's");
        for (String field : recordFields) {
            Element granted = children(viewer, "fieldPermissions").stream()
                    .filter(p -> text(p, "field").equals(defaults.objectType() + "." + field)).findFirst().orElse(null);
            assertNotNull(granted, field + " is not readable with the viewer permission set");
            assertEquals(List.of("true", "false"), List.of(text(granted, "readable"), text(granted, "editable")), field);
        }
    }

    private static Set<String> matches(String text, String regex) {
        return Pattern.compile(regex).matcher(text).results().map(m -> m.group(1))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static Element objectPermissions(Element permissionSet, String object) {
        List<Element> granted = children(permissionSet, "objectPermissions").stream().filter(p -> text(p, "object").equals(object)).toList();
        assertEquals(1, granted.size(), "objectPermissions of " + object);
        return granted.getFirst();
    }

    @Test
    void aValidationRuleRefusesAnOlderStatusWithTheMessageTheCallbacksRecognise() throws Exception {
        FieldMapping defaults = FieldMapping.from(new Env(Map.of()));
        Element rule = read(SOURCE.resolve("objects").resolve(defaults.objectType())
                .resolve("validationRules/SFBridge_No_Older_ERP_Status.validationRule-meta.xml")).getDocumentElement();
        String field = defaults.statusChangedAtField();

        assertEquals("SFBridge_No_Older_ERP_Status", text(rule, "fullName"));
        assertEquals("true", text(rule, "active"));
        String formula = text(rule, "errorConditionFormula").replaceAll("\\s+", "");
        assertTrue(formula.contains("ISCHANGED(" + field + ")"), formula);
        assertTrue(formula.contains(field + "<PRIORVALUE(" + field + ")"), formula);
        assertEquals(field, text(rule, "errorDisplayField"));
        assertTrue(text(rule, "errorMessage").startsWith(StaleStatusRule.MARKER), "the callbacks count it as stale");
        assertEquals(SalesforceSimulator.STALE_STATUS_MESSAGE, text(rule, "errorMessage"), "the simulator answers the same");
        assertEquals(SalesforceSimulator.STATUS_CHANGED_AT, field);
    }

    private static List<String> opportunityElementsOfTheWsdl() throws Exception {
        try (InputStream wsdl = SalesforceMetadataTest.class.getResourceAsStream("/wsdl/opportunity-outbound-message.wsdl")) {
            assertNotNull(wsdl, "the layer's WSDL is on the class path");
            DocumentBuilderFactory factory = secureFactory();
            NodeList types = factory.newDocumentBuilder().parse(wsdl).getElementsByTagNameNS(XMLConstants.W3C_XML_SCHEMA_NS_URI, "complexType");
            Element opportunity = IntStream.range(0, types.getLength()).mapToObj(i -> (Element) types.item(i))
                    .filter(t -> "Opportunity".equals(t.getAttribute("name"))).findFirst().orElseThrow();
            NodeList elements = opportunity.getElementsByTagNameNS(XMLConstants.W3C_XML_SCHEMA_NS_URI, "element");
            return IntStream.range(0, elements.getLength()).mapToObj(i -> ((Element) elements.item(i)).getAttribute("name")).toList();
        }
    }

    private static Document read(Path file) throws Exception {
        return secureFactory().newDocumentBuilder().parse(file.toFile());
    }

    private static DocumentBuilderFactory secureFactory() throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return factory;
    }

    private static List<Element> children(Element parent, String name) {
        NodeList nodes = parent.getElementsByTagNameNS(METADATA_NS, name);
        return IntStream.range(0, nodes.getLength()).mapToObj(i -> (Element) nodes.item(i))
                .filter(e -> e.getParentNode() == parent).toList();
    }

    private static Element only(Element parent, String name) {
        List<Element> found = children(parent, name);
        assertEquals(1, found.size(), "one " + name + " in " + parent.getLocalName());
        return found.getFirst();
    }

    private static String text(Element parent, String name) {
        return only(parent, name).getTextContent().strip();
    }

    private static List<String> texts(Element parent, String name) {
        return children(parent, name).stream().map(e -> e.getTextContent().strip()).toList();
    }
}
