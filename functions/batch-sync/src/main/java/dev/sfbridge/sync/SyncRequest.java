package dev.sfbridge.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Which sync jobs an invocation runs: {@code {"syncJob": "<name>"}}, the schedule's constant input and the body of
 * a continuation message alike. The handler gets either the schedule's JSON or an SQS event holding such bodies.
 */
final class SyncRequest {
    static final String SYNC_JOB = "syncJob";
    private static final ObjectMapper JSON = new ObjectMapper();

    private SyncRequest() {}

    static String body(String job) {
        return JSON.createObjectNode().put(SYNC_JOB, job).toString();
    }

    /** The jobs named by the event, in order; a body that names none is refused by name. */
    static List<String> jobs(Map<String, Object> event) {
        List<String> jobs = new ArrayList<>();
        if (event.get("Records") instanceof List<?> records) {
            for (Object record : records) {
                Object body = record instanceof Map<?, ?> message ? message.get("body") : null;
                jobs.add(job(body instanceof String text ? parse(text) : null));
            }
        } else {
            jobs.add(job(JSON.valueToTree(event)));
        }
        return jobs;
    }

    private static JsonNode parse(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }

    private static String job(JsonNode request) {
        String job = request == null ? "" : request.path(SYNC_JOB).asText("");
        if (job.isBlank()) {
            throw new IllegalArgumentException("a sync request is {\"" + SYNC_JOB + "\": \"<name>\"}");
        }
        return job;
    }
}
