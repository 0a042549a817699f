package dev.sfbridge.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the two baseline listeners put on the queue for one notification: its IDs and the record's fields as
 * JSON, written with a plain {@link ObjectMapper} as a developer's first version would. About the size of
 * sfbridge's own queue message, so the queue's share of the cost is alike in all three.
 */
final class NaiveQueueMessage {
    private static final ObjectMapper JSON = new ObjectMapper();

    private NaiveQueueMessage() {}

    static String json(String organizationId, String notificationId, Map<String, String> fields) {
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("organizationId", organizationId);
        message.put("notificationId", notificationId);
        message.put("fields", fields);
        try {
            return JSON.writeValueAsString(message);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a map of strings always writes as JSON", e);
        }
    }
}
