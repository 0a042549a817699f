package dev.sfbridge.contract;

/**
 * The listener's two answers Salesforce understands, the ack and a SOAP 1.1 fault whose text an admin reads in Setup;
 * and the envelope and fault the request-reply SOAP service answers with.
 */
public final class SoapResponses {
    public static final String CONTENT_TYPE = "text/xml; charset=utf-8";

    /** The exact acknowledgement of the outbound-message WSDL's notificationsResponse. */
    public static final String ACK = """
            <?xml version="1.0" encoding="UTF-8"?>\
            <soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/">\
            <soapenv:Body>\
            <notificationsResponse xmlns="http://soap.sforce.com/2005/09/outbound"><Ack>true</Ack></notificationsResponse>\
            </soapenv:Body>\
            </soapenv:Envelope>""";

    private SoapResponses() {}

    public static String fault(FaultCode code, String reason) {
        return fault(code, reason, "");
    }

    /** @param detail the fault's {@code detail} element's content, XML as the WSDL declares it; empty for none */
    public static String fault(FaultCode code, String reason, String detail) {
        return envelope("<soapenv:Fault><faultcode>soapenv:%s</faultcode><faultstring>%s</faultstring>%s</soapenv:Fault>"
                .formatted(code.localName(), escape(reason), detail.isEmpty() ? "" : "<detail>" + detail + "</detail>"));
    }

    /** A SOAP 1.1 envelope whose Body holds {@code body}, XML. */
    public static String envelope(String body) {
        return """
                <?xml version="1.0" encoding="UTF-8"?>\
                <soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/">\
                <soapenv:Body>%s</soapenv:Body>\
                </soapenv:Envelope>""".formatted(body);
    }

    private static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                default -> out.append(c < 0x20 && c != '\t' && c != '\n' && c != '\r' ? '?' : c);
            }
        }
        return out.toString();
    }
}
