package dev.sfbridge.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Several notifications in one queue message: a JSON array of {@link Notification} objects, in the order the
 * outbound message sent them. SQS is paid, and costs the listener's CPU, per call, not per byte: ten notifications
 * in one message make one {@code SendMessageBatch} of a 100-notification outbound message where one each made ten.
 * A message of one notification is that notification's object alone, the form every worker reads.
 */
public final class NotificationPack {
    /** Reads the array alone: anything after it makes the body not a pack. */
    private static final ObjectMapper TREES = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private NotificationPack() {}

    /**
     * The queue messages for {@code notifications} (each one's queue JSON), in order: packs of at most
     * {@code perMessage}, each at most {@code maxBytes} of UTF-8 unless one notification alone is more (that one is
     * a message of its own, which the enqueuer then refuses as too large). A message of one notification is its
     * object alone, as every message was before packs (and every one is with {@code perMessage} 1).
     */
    public static List<String> bodies(List<String> notifications, int perMessage, int maxBytes) {
        if (perMessage < 1) {
            throw new IllegalArgumentException("a message holds at least one notification, not " + perMessage);
        }
        if (perMessage == 1) {
            // each alone, the listener's default: nothing to measure, and the enqueuer sizes each message itself
            return List.copyOf(notifications);
        }
        List<String> bodies = new ArrayList<>();
        List<String> pack = new ArrayList<>(perMessage);
        long bytes = 0;
        for (String notification : notifications) {
            int size = notification.getBytes(StandardCharsets.UTF_8).length;
            // the brackets around the pack and a comma before each but the first
            if (!pack.isEmpty() && (pack.size() == perMessage || bytes + 1 + size > maxBytes)) {
                bodies.add(body(pack));
                pack.clear();
            }
            bytes = pack.isEmpty() ? 2 + size : bytes + 1 + size;
            pack.add(notification);
        }
        if (!pack.isEmpty()) {
            bodies.add(body(pack));
        }
        return bodies;
    }

    private static String body(List<String> pack) {
        return pack.size() == 1 ? pack.getFirst() : "[" + String.join(",", pack) + "]";
    }

    /**
     * The notifications' JSON in a queue message: each object of a pack, or the body itself when it is not a
     * non-empty array of objects (one notification's object, or something malformed, which its reader refuses whole).
     */
    public static List<String> parts(String body) {
        if (!body.stripLeading().startsWith("[")) {
            return List.of(body);
        }
        JsonNode tree;
        try {
            tree = TREES.readTree(body);
        } catch (JsonProcessingException notJson) {
            return List.of(body);
        }
        if (!(tree instanceof ArrayNode array) || array.isEmpty()) {
            return List.of(body);
        }
        List<String> parts = new ArrayList<>(array.size());
        for (JsonNode element : array) {
            if (!element.isObject()) {
                return List.of(body);
            }
            parts.add(write(element));
        }
        return parts;
    }

    /** The notifications a queue message carries. @throws UncheckedIOException when one is not a notification */
    public static List<Notification> notifications(String body) {
        return parts(body).stream().map(part -> QueueJson.read(part, Notification.class)).toList();
    }

    private static String write(JsonNode element) {
        try {
            return TREES.writeValueAsString(element);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
