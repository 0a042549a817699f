package dev.sfbridge.contract;

import javax.xml.stream.Location;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * The SOAP 1.1 envelope around a body of one element, read by hand over a {@link HardenedXmlInput} reader: the
 * envelope's namespace, the header blocks (ignored unless one demands to be understood), the Body, and nothing after
 * its one element. What is inside that element is the caller's to read. Shared by the outbound-message listener and
 * the request-reply SOAP service.
 */
public final class SoapEnvelope {
    public static final String SOAP11_NS = "http://schemas.xmlsoap.org/soap/envelope/";
    public static final String SOAP12_NS = "http://www.w3.org/2003/05/soap-envelope";

    /** The envelope is not a SOAP 1.1 envelope with one body element; the reason never quotes the message. */
    public static final class Rejected extends Exception {
        private final FaultCode faultCode;
        private final String reasonCode;

        Rejected(FaultCode faultCode, String reasonCode, String reason) {
            super(reason, null, false, false);
            this.faultCode = faultCode;
            this.reasonCode = reasonCode;
        }

        public FaultCode faultCode() {
            return faultCode;
        }

        /** A short, stable token for logs and metrics, such as {@code soap_1_2}. */
        public String reasonCode() {
            return reasonCode;
        }
    }

    private SoapEnvelope() {}

    /**
     * Reads from the document's start into the Body, and leaves the reader on the event after its start tag: the
     * start of its first element, or its end when it is empty.
     *
     * @throws Rejected for another envelope version or namespace, a mustUnderstand header, no Body
     */
    public static void openBody(XMLStreamReader reader) throws XMLStreamException, Rejected {
        startEnvelope(reader);
        if (reader.nextTag() == XMLStreamConstants.START_ELEMENT && is(reader, SOAP11_NS, "Header")) {
            skipHeader(reader);
            reader.nextTag();
        }
        if (reader.getEventType() != XMLStreamConstants.START_ELEMENT || !is(reader, SOAP11_NS, "Body")) {
            throw new Rejected(FaultCode.CLIENT, "no_body", "the envelope has no soapenv:Body");
        }
        reader.nextTag();
    }

    /** The reader stands on the start of {@code namespace}'s element {@code localName}. */
    public static boolean at(XMLStreamReader reader, String namespace, String localName) {
        return reader.getEventType() == XMLStreamConstants.START_ELEMENT && is(reader, namespace, localName);
    }

    /** After the body's element: only the closing Body and Envelope tags, and no second element. */
    public static void expectOnlyClosingTags(XMLStreamReader reader) throws XMLStreamException, Rejected {
        for (int event = reader.getEventType(); event != XMLStreamConstants.END_DOCUMENT; event = reader.next()) {
            if (event == XMLStreamConstants.START_ELEMENT) {
                throw new Rejected(FaultCode.CLIENT, "extra_body_element", "the Body holds more than one element");
            }
        }
    }

    /** What a reader's failure says about the message, never quoting it: a DOCTYPE, too deep, or where it is not well-formed. */
    public static Rejected unreadable(XMLStreamException e) {
        if (e instanceof HardenedXmlInput.DoctypeNotAllowed) {
            return new Rejected(FaultCode.CLIENT, "doctype", e.getMessage());
        }
        if (e instanceof HardenedXmlInput.TooDeep) {
            return new Rejected(FaultCode.CLIENT, "too_deep", e.getMessage());
        }
        // parser messages can quote the input: say only where it broke
        Location at = e.getLocation();
        return new Rejected(FaultCode.CLIENT, "malformed_xml", at == null
                ? "the body is not well-formed XML"
                : "the body is not well-formed XML (line %d, column %d)".formatted(at.getLineNumber(), at.getColumnNumber()));
    }

    public static boolean is(XMLStreamReader reader, String namespace, String localName) {
        return localName.equals(reader.getLocalName()) && namespace.equals(reader.getNamespaceURI());
    }

    private static void startEnvelope(XMLStreamReader reader) throws XMLStreamException, Rejected {
        reader.nextTag();
        if (!"Envelope".equals(reader.getLocalName())) {
            throw new Rejected(FaultCode.CLIENT, "not_soap", "the body is not a SOAP envelope");
        }
        if (SOAP12_NS.equals(reader.getNamespaceURI())) {
            throw new Rejected(FaultCode.VERSION_MISMATCH, "soap_1_2", "SOAP 1.2 is not supported: send SOAP 1.1");
        }
        if (!SOAP11_NS.equals(reader.getNamespaceURI())) {
            throw new Rejected(FaultCode.VERSION_MISMATCH, "wrong_envelope_namespace",
                    "the envelope is not in the SOAP 1.1 namespace " + SOAP11_NS);
        }
    }

    /** Header blocks are ignored unless one demands to be understood (SOAP 1.1 section 4.2.3). */
    private static void skipHeader(XMLStreamReader reader) throws XMLStreamException, Rejected {
        int depth = 1;
        while (depth > 0) {
            int event = reader.next();
            if (event == XMLStreamConstants.START_ELEMENT) {
                if (depth == 1 && "1".equals(reader.getAttributeValue(SOAP11_NS, "mustUnderstand"))) {
                    throw new Rejected(FaultCode.MUST_UNDERSTAND, "must_understand",
                            "header " + reader.getLocalName() + " is marked mustUnderstand and is not understood");
                }
                depth++;
            } else if (event == XMLStreamConstants.END_ELEMENT) {
                depth--;
            }
        }
    }
}
