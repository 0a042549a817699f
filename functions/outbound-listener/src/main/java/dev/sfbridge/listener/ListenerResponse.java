package dev.sfbridge.listener;

import dev.sfbridge.contract.FaultCode;
import dev.sfbridge.contract.SoapResponses;
import java.util.Map;

/** An HTTP response: status, headers, body. */
public record ListenerResponse(int status, Map<String, String> headers, String body) {

    static ListenerResponse ack() {
        return new ListenerResponse(200, Map.of("Content-Type", SoapResponses.CONTENT_TYPE), SoapResponses.ACK);
    }

    /** SOAP 1.1 puts faults on HTTP 500 (SOAP 1.1 section 6.2); Salesforce shows the faultstring in Setup. */
    static ListenerResponse fault(FaultCode code, String reason) {
        return new ListenerResponse(500, Map.of("Content-Type", SoapResponses.CONTENT_TYPE), SoapResponses.fault(code, reason));
    }

    static ListenerResponse httpError(int status, String reason, Map<String, String> extraHeaders) {
        Map<String, String> headers = new java.util.HashMap<>(extraHeaders);
        headers.put("Content-Type", "text/plain; charset=utf-8");
        return new ListenerResponse(status, Map.copyOf(headers), reason);
    }
}
