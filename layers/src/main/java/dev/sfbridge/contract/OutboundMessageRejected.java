package dev.sfbridge.contract;

import java.util.List;

/**
 * The message breaks the outbound-message contract. The reason is safe to send back to Salesforce
 * and to log: it never quotes field values or the session ID.
 */
public final class OutboundMessageRejected extends Exception {
    private final FaultCode faultCode;
    private final String reasonCode;
    private final String organizationId;
    private final List<String> notificationIds;

    public OutboundMessageRejected(FaultCode faultCode, String reasonCode, String reason) {
        this(faultCode, reasonCode, reason, null, List.of());
    }

    private OutboundMessageRejected(FaultCode faultCode, String reasonCode, String reason, String organizationId,
                                    List<String> notificationIds) {
        super(reason);
        this.faultCode = faultCode;
        this.reasonCode = reasonCode;
        this.organizationId = organizationId;
        this.notificationIds = List.copyOf(notificationIds);
    }

    /** The same refusal, naming the org and notifications of the message it refuses, so its retries can be found. */
    OutboundMessageRejected naming(String organizationId, List<String> notificationIds) {
        return new OutboundMessageRejected(faultCode, reasonCode, getMessage(), organizationId, notificationIds);
    }

    public OutboundMessageRejected(String reasonCode, String reason) {
        this(FaultCode.CLIENT, reasonCode, reason);
    }

    public FaultCode faultCode() {
        return faultCode;
    }

    /** The refused message's org, when it could be read as an org ID; else null. */
    public String organizationId() {
        return organizationId;
    }

    /** The refused message's notification IDs that could be read; empty when none could. */
    public List<String> notificationIds() {
        return notificationIds;
    }

    /** A short, stable token for logs and metrics, such as {@code too_many_notifications}. */
    public String reasonCode() {
        return reasonCode;
    }
}
