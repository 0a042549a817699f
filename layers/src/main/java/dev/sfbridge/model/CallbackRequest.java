package dev.sfbridge.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.Objects;

/**
 * An order number and status to write back onto a Salesforce record: what the callbacks queue carries,
 * from the order worker and from ERP status events alike.
 *
 * @param notificationId  the outbound-message notification it answers; absent for ERP status events
 * @param statusChangedAt when the ERP's status took effect: a newer status is never overwritten by an older one
 * @param instanceUrl     where the org's REST API is (taken from the message's EnterpriseUrl); absent for ERP events
 * @param sessionId       the outbound message's session, tried before OAuth; absent when none was sent
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CallbackRequest(
        int schemaVersion,
        String notificationId,
        String organizationId,
        String objectType,
        String recordId,
        String orderNumber,
        String orderStatus,
        Instant statusChangedAt,
        String instanceUrl,
        SessionId sessionId) {

    public static final int SCHEMA_VERSION = 1;

    public CallbackRequest {
        Objects.requireNonNull(recordId, "recordId");
        Objects.requireNonNull(orderNumber, "orderNumber");
        Objects.requireNonNull(statusChangedAt, "statusChangedAt");
    }

    /** Everything but the session ID. */
    @Override
    public String toString() {
        return "CallbackRequest[recordId=%s, orderNumber=%s, orderStatus=%s, statusChangedAt=%s]"
                .formatted(recordId, orderNumber, orderStatus, statusChangedAt);
    }
}
