package dev.sfbridge.contract;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.xml.XMLConstants;
import javax.xml.namespace.QName;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import javax.xml.stream.util.StreamReaderDelegate;

/**
 * The parser's text tap before the one-pass reader, kept as the reference that reader is compared with
 * ({@link TwoPassNotificationsReader}). Sits between the StAX reader and JAXB while JAXB reads {@code notifications}, and keeps what JAXB's
 * typed view cannot: every sObject's {@code xsi:type} and its fields as the exact text sent, for objects
 * with and without a WSDL in the project alike. It also stops the read at the 101st notification.
 */
final class SObjectTap extends StreamReaderDelegate {
    private static final String XSI = XMLConstants.W3C_XML_SCHEMA_INSTANCE_NS_URI;

    private final Set<QName> knownTypes;
    private final QName declaredType;
    private final int maxNotifications;
    private final List<Captured> captured = new ArrayList<>();

    /** Depth below {@code notifications}: 1 = Notification, 2 = sObject, 3 = a field. */
    private int depth;
    private Captured current;
    private String fieldName;
    private boolean fieldNil;
    private StringBuilder fieldText;

    /** @param declaredType the sObject type the WSDL declares, which applies where no xsi:type is sent */
    SObjectTap(XMLStreamReader reader, Set<QName> knownTypes, QName declaredType, int maxNotifications) {
        super(reader);
        this.knownTypes = knownTypes;
        this.declaredType = declaredType;
        this.maxNotifications = maxNotifications;
    }

    /** True while JAXB reads inside an sObject, where a typed view may meet fields it does not know. */
    boolean insideSObject() {
        return current != null && current.objectType != null && depth >= 2;
    }

    /** True while inside an sObject whose type no WSDL of the project declares. */
    boolean insideForeignSObject() {
        return insideSObject() && !current.known;
    }

    /** The field read last, to name it when its value does not fit its type. */
    String currentField() {
        return fieldName;
    }

    List<Captured> captured() {
        return captured;
    }

    @Override
    public int next() throws XMLStreamException {
        int event = super.next();
        switch (event) {
            case XMLStreamConstants.START_ELEMENT -> started();
            case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE -> {
                if (fieldText != null) {
                    fieldText.append(getText());
                }
            }
            case XMLStreamConstants.END_ELEMENT -> ended();
            default -> { }
        }
        return event;
    }

    private void started() throws XMLStreamException {
        depth++;
        boolean sObjectNs = OutboundMessageParser.SOBJECT_NS.equals(getNamespaceURI());
        boolean outboundNs = OutboundMessageParser.OUTBOUND_NS.equals(getNamespaceURI());
        if (depth == 1 && outboundNs && "Notification".equals(getLocalName())) {
            if (captured.size() == maxNotifications) {
                throw new OnePassNotificationsReader.TooManyNotifications();
            }
            current = new Captured();
            captured.add(current);
        } else if (depth == 2 && current != null && outboundNs && "sObject".equals(getLocalName())) {
            QName type = xsiType();
            if (!OutboundMessageParser.SOBJECT_NS.equals(type.getNamespaceURI())) {
                // the type's name alone travels on: an "Opportunity" of another namespace (an undeclared prefix
                // included) would pass for one downstream without the typed read an Opportunity gets here
                throw new OnePassNotificationsReader.NotAnSObjectType();
            }
            current.objectType = type.getLocalPart();
            current.known = knownTypes.contains(type);
        } else if (depth == 3 && insideSObject() && sObjectNs) {
            fieldName = getLocalName();
            fieldNil = "true".equals(getAttributeValue(XSI, "nil"));
            fieldText = new StringBuilder();
        } else if (depth > 3 && insideSObject()) {
            throw new OnePassNotificationsReader.NestedField(fieldName);
        }
    }

    private void ended() {
        if (depth == 3 && fieldText != null) {
            current.fields.put(fieldName, fieldNil ? null : fieldText.toString());
            fieldText = null;
        }
        depth--;
    }

    private QName xsiType() {
        String value = getAttributeValue(XSI, "type");
        if (value == null) {
            return declaredType;
        }
        int colon = value.indexOf(':');
        String prefix = colon < 0 ? XMLConstants.DEFAULT_NS_PREFIX : value.substring(0, colon);
        String namespace = getNamespaceURI(prefix);
        return new QName(namespace == null ? "" : namespace, value.substring(colon + 1));
    }

    /** What the tap saw of one Notification. */
    static final class Captured {
        String objectType;
        boolean known;
        final Map<String, String> fields = new LinkedHashMap<>();

    }
}
