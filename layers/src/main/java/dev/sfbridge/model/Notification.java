package dev.sfbridge.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One outbound-message notification as it travels on the notifications queue.
 *
 * @param fields the sObject's fields exactly as sent, in document order; {@code null} for {@code xsi:nil}
 * @param sessionId absent when the outbound message does not send one
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Notification(
        int schemaVersion,
        String notificationId,
        String organizationId,
        String actionId,
        String objectType,
        String recordId,
        Map<String, String> fields,
        Instant receivedAt,
        String enterpriseUrl,
        SessionId sessionId) {

    public static final int SCHEMA_VERSION = 1;

    public Notification {
        Objects.requireNonNull(notificationId, "notificationId");
        Objects.requireNonNull(organizationId, "organizationId");
        Objects.requireNonNull(recordId, "recordId");
        fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    /** Everything but the session ID: records print in exceptions and debuggers. */
    @Override
    public String toString() {
        return "Notification[notificationId=%s, organizationId=%s, objectType=%s, recordId=%s, fields=%s]"
                .formatted(notificationId, organizationId, objectType, recordId, fields.keySet());
    }
}
