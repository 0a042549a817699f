package dev.sfbridge.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One outbound-message notification as it travels on the notifications queue.
 *
 * @param fields the sObject's fields exactly as sent, in document order; {@code null} for {@code xsi:nil}
 * @param instanceUrl the org's instance, from the EnterpriseUrl the listener checked; absent when it was not an
 *                    http(s) URL. On the queue it keeps the field name {@code enterpriseUrl}, so a message is read
 *                    by the worker of the version before as well as after: that one took the instance from the
 *                    whole EnterpriseUrl, and takes it from {@code https://host} alike; this one reads either.
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
        @JsonProperty("enterpriseUrl") InstanceUrl instanceUrl,
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
