package dev.sfbridge.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Objects;

/**
 * The API session of the user an outbound message runs as: a live credential. It serialises to its
 * value only inside queue messages; {@link #toString()} never shows it, so it cannot reach a log by accident.
 */
public final class SessionId {
    private final String value;

    @JsonCreator
    public SessionId(String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("a session ID must not be blank");
        }
        this.value = value;
    }

    @JsonValue
    public String reveal() {
        return value;
    }

    @Override
    public String toString() {
        return "SessionId[redacted]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SessionId other && value.equals(other.value);
    }

    @Override
    public int hashCode() {
        return Objects.hash(value);
    }
}
