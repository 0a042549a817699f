package dev.sfbridge.contract;

/** The two answers Salesforce understands: the ack, and a SOAP 1.1 fault whose text an admin reads in Setup. */
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
        return """
                <?xml version="1.0" encoding="UTF-8"?>\
                <soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/">\
                <soapenv:Body>\
                <soapenv:Fault><faultcode>soapenv:%s</faultcode><faultstring>%s</faultstring></soapenv:Fault>\
                </soapenv:Body>\
                </soapenv:Envelope>""".formatted(code.localName(), escape(reason));
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
