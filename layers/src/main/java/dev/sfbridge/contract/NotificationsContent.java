package dev.sfbridge.contract;

import java.util.List;
import java.util.Map;

/**
 * What a {@code notifications} element held, as read, before any check of IDs or URLs: its header values
 * (null where absent or nil) and each Notification's ID and sObject.
 */
record NotificationsContent(String organizationId, String actionId, String sessionId, String enterpriseUrl,
                            String partnerUrl, List<Notification> notifications) {

    /**
     * @param objectType the local name of the sObject's type; null when the Notification holds no sObject
     * @param fields the sObject's fields as sent, in document order, null for {@code xsi:nil}
     */
    record Notification(String id, String objectType, Map<String, String> fields) {}

    /** Reads the element the reader stands on, {@code notifications}, through its end tag. */
    interface Reader {
        NotificationsContent read(javax.xml.stream.XMLStreamReader reader) throws javax.xml.stream.XMLStreamException,
                OutboundMessageRejected;
    }
}
