package dev.sfbridge.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

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

    /**
     * The org's instance URL, {@code https://<host>}, from the EnterpriseUrl Salesforce sent (its REST API
     * lives on the same host); absent when that is not an absolute https or http URL.
     */
    @JsonIgnore
    public Optional<String> instanceUrl() {
        try {
            URI uri = enterpriseUrl == null ? null : new URI(enterpriseUrl);
            if (uri == null || uri.getHost() == null || !("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))) {
                return Optional.empty();
            }
            return Optional.of(uri.getScheme() + "://" + uri.getRawAuthority());
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }

    /** Everything but the session ID: records print in exceptions and debuggers. */
    @Override
    public String toString() {
        return "Notification[notificationId=%s, organizationId=%s, objectType=%s, recordId=%s, fields=%s]"
                .formatted(notificationId, organizationId, objectType, recordId, fields.keySet());
    }
}
