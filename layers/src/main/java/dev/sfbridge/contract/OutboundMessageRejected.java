package dev.sfbridge.contract;

/**
 * The message breaks the outbound-message contract. The reason is safe to send back to Salesforce
 * and to log: it never quotes field values or the session ID.
 */
public final class OutboundMessageRejected extends Exception {
    private final FaultCode faultCode;
    private final String reasonCode;

    public OutboundMessageRejected(FaultCode faultCode, String reasonCode, String reason) {
        super(reason);
        this.faultCode = faultCode;
        this.reasonCode = reasonCode;
    }

    public OutboundMessageRejected(String reasonCode, String reason) {
        this(FaultCode.CLIENT, reasonCode, reason);
    }

    public FaultCode faultCode() {
        return faultCode;
    }

    /** A short, stable token for logs and metrics, such as {@code too_many_notifications}. */
    public String reasonCode() {
        return reasonCode;
    }
}
