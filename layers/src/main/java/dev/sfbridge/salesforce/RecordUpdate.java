package dev.sfbridge.salesforce;

import java.util.Map;
import java.util.Objects;

/** New values for some fields of one record: field API names to values, strings or numbers (a Number field's). */
public record RecordUpdate(String objectType, String id, Map<String, Object> fields) {
    public RecordUpdate {
        Objects.requireNonNull(objectType, "objectType");
        Objects.requireNonNull(id, "id");
        fields = Map.copyOf(fields);
    }
}
