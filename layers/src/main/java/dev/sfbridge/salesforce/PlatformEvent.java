package dev.sfbridge.salesforce;

import java.util.Map;
import java.util.Objects;

/** One platform event message to publish: its event's API name ({@code …__e}) and field values by API name, strings or numbers. */
public record PlatformEvent(String eventType, Map<String, Object> fields) {
    public PlatformEvent {
        Objects.requireNonNull(eventType, "eventType");
        if (!eventType.endsWith("__e")) {
            throw new IllegalArgumentException("a platform event's API name ends in __e, not " + eventType);
        }
        fields = Map.copyOf(fields);
    }
}
