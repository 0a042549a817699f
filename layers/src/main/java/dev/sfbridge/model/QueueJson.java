package dev.sfbridge.model;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.UncheckedIOException;

/** The one JSON mapping of every queue message: defined once, used by producers and consumers. */
public final class QueueJson {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            // a message is one object: "{..} garbage" is not read as the object before it
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private QueueJson() {}

    public static String write(Object message) {
        try {
            return MAPPER.writeValueAsString(message);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @throws UncheckedIOException for anything but one JSON object of {@code type}: the JSON {@code null} too */
    public static <T> T read(String json, Class<T> type) {
        try {
            T message = MAPPER.readValue(json, type);
            if (message == null) {
                // Jackson reads the literal null as no object, which a reader would only meet as a NullPointerException
                throw JsonMappingException.from((JsonParser) null, "a queue message is a JSON object, not null");
            }
            return message;
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
