package dev.sfbridge.contract;

import dev.sfbridge.model.SessionId;
import java.util.List;

/**
 * A parsed, validated outbound message.
 *
 * @param sessionId     absent when the outbound message is not set to send one
 * @param notifications the notifications of a record, each with its record's ID
 * @param withoutRecord the IDs of the notifications that carry no record (no sObject, or one with no field at all): their
 *                      record was deleted before the message was delivered, so there is nothing to do for them
 */
public record OutboundMessage(
        String organizationId,
        String actionId,
        SessionId sessionId,
        String enterpriseUrl,
        String partnerUrl,
        List<SObjectNotification> notifications,
        List<String> withoutRecord) {

    public OutboundMessage {
        notifications = List.copyOf(notifications);
        withoutRecord = List.copyOf(withoutRecord);
    }

    /**
     * @param objectType the local name of the sObject's {@code xsi:type}, such as {@code Opportunity}
     * @param fields the fields exactly as sent, in document order; {@code null} values for {@code xsi:nil}
     */
    public record SObjectNotification(String notificationId, String objectType, String recordId,
                                      java.util.Map<String, String> fields) {}
}
