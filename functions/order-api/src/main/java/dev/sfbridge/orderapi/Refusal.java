package dev.sfbridge.orderapi;

import dev.sfbridge.contract.FaultCode;
import dev.sfbridge.contract.SoapEnvelope;
import java.util.Map;

/**
 * Why a request was not answered as asked: the HTTP status, a reason code (the answer's {@code error}, the log's
 * {@code reason}) and words a Salesforce user or admin can act on. Never quotes the body or a credential. Over SOAP,
 * the fault's code too: {@code Client} for a 4xx, {@code Server} for a 5xx, unless the envelope itself was wrong.
 */
final class Refusal extends Exception {
    private final int status;
    private final String reason;
    private final Map<String, String> headers;
    private final FaultCode faultCode;

    Refusal(int status, String reason, String message) {
        this(status, reason, message, Map.of());
    }

    Refusal(int status, String reason, String message, Map<String, String> headers) {
        this(status, reason, message, headers, status < 500 ? FaultCode.CLIENT : FaultCode.SERVER);
    }

    private Refusal(int status, String reason, String message, Map<String, String> headers, FaultCode faultCode) {
        super(message, null, false, false);
        this.status = status;
        this.reason = reason;
        this.headers = Map.copyOf(headers);
        this.faultCode = faultCode;
    }

    static Refusal badRequest(String reason, String message) {
        return new Refusal(400, reason, message);
    }

    /** A SOAP envelope that is not one, or not one this service reads: its fault code is the envelope's verdict. */
    static Refusal badEnvelope(SoapEnvelope.Rejected rejected) {
        return new Refusal(400, rejected.reasonCode(), rejected.getMessage(), Map.of(), rejected.faultCode());
    }

    int status() {
        return status;
    }

    String reason() {
        return reason;
    }

    Map<String, String> headers() {
        return headers;
    }

    FaultCode faultCode() {
        return faultCode;
    }
}
