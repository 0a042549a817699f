package dev.sfbridge.contract;

import dev.sfbridge.contract.NotificationsContent.Notification;
import dev.sfbridge.contract.generated.outbound.Notifications;
import dev.sfbridge.contract.generated.outbound.OpportunityNotification;
import dev.sfbridge.contract.generated.sobject.SObject;
import jakarta.xml.bind.annotation.XmlElement;
import jakarta.xml.bind.annotation.XmlSeeAlso;
import jakarta.xml.bind.annotation.XmlType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import javax.xml.XMLConstants;
import javax.xml.namespace.QName;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Reads {@code notifications} in one pass over the StAX events: each value is read once, as the text sent, and
 * the text of a field that the WSDL's generated types declare is checked against its declared type
 * ({@link WsdlFieldTypes}) as it goes by. No JAXB object tree is built and no event is read twice. What the
 * generated types define stays the contract: the header elements, a Notification's Id and sObject, the sObject
 * types with a WSDL here and their fields' types. Elements the contract does not have are refused outside
 * sObjects; inside one, fields a known type gained after its WSDL was generated, and every field of a type
 * without a WSDL here, are carried as sent. Fields are flat: an element inside a field is refused. Thread-safe.
 */
final class OnePassNotificationsReader implements NotificationsContent.Reader {
    private static final String XSI = XMLConstants.W3C_XML_SCHEMA_INSTANCE_NS_URI;
    private static final String OUTBOUND_NS = OutboundMessageParser.OUTBOUND_NS;
    private static final String SOBJECT_NS = OutboundMessageParser.SOBJECT_NS;
    private static final QName XSD_STRING = new QName(XMLConstants.W3C_XML_SCHEMA_NS_URI, "string");

    /** The sObject types of the WSDL (the subtypes the generated base declares) and their fields' types. */
    private final Map<QName, WsdlFieldTypes> knownTypes = Arrays.stream(SObject.class.getAnnotation(XmlSeeAlso.class).value())
            .collect(Collectors.toUnmodifiableMap(type -> new QName(SOBJECT_NS, type.getAnnotation(XmlType.class).name()),
                    WsdlFieldTypes::of));
    /** The type a Notification's sObject has when it names none: the WSDL's declared type. */
    private final QName declaredType = typeName(OpportunityNotification.class, "sObject");
    private final QName notificationType = new QName(OUTBOUND_NS, OpportunityNotification.class.getAnnotation(XmlType.class).name());
    /** The header's elements: the text-valued elements of the generated Notifications class. */
    private final Set<String> headerElements = Arrays.stream(Notifications.class.getDeclaredFields())
            .filter(field -> field.getType() == String.class)
            .map(field -> field.getAnnotation(XmlElement.class).name())
            .collect(Collectors.toUnmodifiableSet());
    private final int maxNotifications;

    OnePassNotificationsReader(int maxNotifications) {
        this.maxNotifications = maxNotifications;
    }

    @Override
    public NotificationsContent read(XMLStreamReader reader) throws XMLStreamException, OutboundMessageRejected {
        boolean nilled = nil(reader);
        requireDeclaredType(reader, null);
        Map<String, String> header = new HashMap<>();
        List<Notification> notifications = new ArrayList<>();
        while (nextTag(reader) == XMLStreamConstants.START_ELEMENT) {
            if (!OUTBOUND_NS.equals(reader.getNamespaceURI())) {
                throw notTheContract();
            }
            String name = reader.getLocalName();
            if (headerElements.contains(name)) {
                requireDeclaredType(reader, XSD_STRING);
                boolean nil = nil(reader);
                String text = leaf(reader, false, name);
                header.put(name, nil ? null : text);
            } else if ("Notification".equals(name)) {
                if (notifications.size() == maxNotifications) {
                    throw new TooManyNotifications();
                }
                requireDeclaredType(reader, notificationType);
                notifications.add(notification(reader));
            } else {
                throw notTheContract();
            }
        }
        if (nilled) {
            // xsi:nil="true" on notifications, which the WSDL does not declare nillable; what is wrong inside it is
            // told first, as the typed read told it
            throw new OutboundMessageRejected("contract_mismatch", "the notifications element is nil");
        }
        return new NotificationsContent(header.get("OrganizationId"), header.get("ActionId"), header.get("SessionId"),
                header.get("EnterpriseUrl"), header.get("PartnerUrl"), notifications);
    }

    private Notification notification(XMLStreamReader reader) throws XMLStreamException, OutboundMessageRejected {
        String id = null;
        String objectType = null;
        Map<String, String> fields = new LinkedHashMap<>();
        while (nextTag(reader) == XMLStreamConstants.START_ELEMENT) {
            if (is(reader, OUTBOUND_NS, "Id")) {
                requireDeclaredType(reader, XSD_STRING);
                id = leaf(reader, false, "Id");
            } else if (is(reader, OUTBOUND_NS, "sObject")) {
                objectType = sObject(reader, fields);
            } else {
                throw notTheContract();
            }
        }
        return new Notification(id, objectType, fields);
    }

    /** Reads the sObject's fields into {@code fields}; returns its type's local name. */
    private String sObject(XMLStreamReader reader, Map<String, String> fields) throws XMLStreamException, OutboundMessageRejected {
        QName type = xsiType(reader);
        if (!SOBJECT_NS.equals(type.getNamespaceURI())) {
            // the type's name alone travels on: an "Opportunity" of another namespace (an undeclared prefix
            // included) would pass for one downstream without the typed read an Opportunity gets here
            throw new NotAnSObjectType();
        }
        WsdlFieldTypes declared = knownTypes.get(type);
        String lastField = null;
        while (nextTag(reader) == XMLStreamConstants.START_ELEMENT) {
            if (!SOBJECT_NS.equals(reader.getNamespaceURI())) {
                // not a field of any sObject: skipped, as the typed read skips an element it does not know
                leaf(reader, true, lastField);
                continue;
            }
            lastField = reader.getLocalName();
            boolean nil = nil(reader);
            // fields are typed by their sObject's type alone: Salesforce sends no xsi:type on them
            boolean retyped = reader.getAttributeValue(XSI, "type") != null;
            String text = leaf(reader, true, lastField);
            if (retyped || (!nil && declared != null && !declared.check(lastField, text))) {
                throw new OutboundMessageRejected("contract_mismatch",
                        "sObject field " + lastField + " does not match its type in the WSDL");
            }
            fields.put(lastField, nil ? null : text);
        }
        return type.getLocalPart();
    }

    /**
     * The text of the element the reader stands on, through its end tag. An element inside it is refused:
     * inside an sObject as a nested field ({@code field}, the last field begun, names it), elsewhere as not the contract.
     */
    private static String leaf(XMLStreamReader reader, boolean inSObject, String field)
            throws XMLStreamException, OutboundMessageRejected {
        // a value is one text event but where a comment, CDATA or an entity splits it: only then are texts joined
        String first = "";
        StringBuilder joined = null;
        for (int event = reader.next(); event != XMLStreamConstants.END_ELEMENT; event = reader.next()) {
            switch (event) {
                case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE -> {
                    if (joined != null) {
                        joined.append(reader.getText());
                    } else if (first.isEmpty()) {
                        first = reader.getText();
                    } else {
                        joined = new StringBuilder(first).append(reader.getText());
                    }
                }
                case XMLStreamConstants.START_ELEMENT -> {
                    if (inSObject) {
                        throw new NestedField(field);
                    }
                    throw notTheContract();
                }
                default -> { }
            }
        }
        return joined == null ? first : joined.toString();
    }

    /** The next start or end tag; text between elements of a structure is ignored, as JAXB ignores it. */
    private static int nextTag(XMLStreamReader reader) throws XMLStreamException {
        int event = reader.next();
        while (event != XMLStreamConstants.START_ELEMENT && event != XMLStreamConstants.END_ELEMENT) {
            event = reader.next();
        }
        return event;
    }

    private QName xsiType(XMLStreamReader reader) {
        String value = reader.getAttributeValue(XSI, "type");
        return value == null ? declaredType : resolve(reader, value);
    }

    /** A QName's text as an attribute value, its prefix resolved where it stands; "" for an unbound prefix. */
    private static QName resolve(XMLStreamReader reader, String value) {
        int colon = value.indexOf(':');
        String prefix = colon < 0 ? XMLConstants.DEFAULT_NS_PREFIX : value.substring(0, colon);
        String namespace = reader.getNamespaceURI(prefix);
        return new QName(namespace == null ? "" : namespace, value.substring(colon + 1));
    }

    /**
     * Outside sObjects an {@code xsi:type} may only name the type the element has anyway (for text, xsd:string):
     * the contract has no subtypes there, and a type it does not know is not the contract.
     * @param declared null where no xsi:type is allowed at all
     */
    private static void requireDeclaredType(XMLStreamReader reader, QName declared) throws OutboundMessageRejected {
        String value = reader.getAttributeValue(XSI, "type");
        if (value != null && (declared == null || !declared.equals(resolve(reader, value)))) {
            throw notTheContract();
        }
    }

    private static boolean nil(XMLStreamReader reader) {
        return "true".equals(reader.getAttributeValue(XSI, "nil"));
    }

    private static boolean is(XMLStreamReader reader, String namespace, String localName) {
        return localName.equals(reader.getLocalName()) && namespace.equals(reader.getNamespaceURI());
    }

    private static OutboundMessageRejected notTheContract() {
        return new OutboundMessageRejected("contract_mismatch", "the notifications element does not match the WSDL contract");
    }

    static final class TooManyNotifications extends XMLStreamException {
        TooManyNotifications() {
            super("more notifications than an outbound message may carry");
        }
    }

    static final class NotAnSObjectType extends XMLStreamException {
        NotAnSObjectType() {
            super("an sObject's xsi:type must name a type of " + SOBJECT_NS);
        }
    }

    static final class NestedField extends XMLStreamException {
        NestedField(String field) {
            super("field " + field + " holds elements; outbound-message fields are flat");
        }
    }

    private static QName typeName(Class<?> owner, String field) {
        try {
            return new QName(SOBJECT_NS, owner.getDeclaredField(field).getType().getAnnotation(XmlType.class).name());
        } catch (NoSuchFieldException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
