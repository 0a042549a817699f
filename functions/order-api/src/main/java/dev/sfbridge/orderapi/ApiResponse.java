package dev.sfbridge.orderapi;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sfbridge.model.QueueJson;
import java.util.HashMap;
import java.util.Map;

/**
 * An HTTP response with a JSON body: the route's answer, or {@code {"error": code, "message": words}} that an
 * Apex class or a Flow fault path can show as it is (docs/request-reply.md, "Errors").
 */
public record ApiResponse(int status, Map<String, String> headers, String body) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public ApiResponse {
        headers = Map.copyOf(headers);
    }

    /** {@code answer} written as JSON: a record, a map. */
    static ApiResponse json(int status, Object answer) {
        return new ApiResponse(status, Map.of("Content-Type", "application/json"), QueueJson.write(answer));
    }

    static ApiResponse refused(Refusal refusal) {
        Map<String, String> headers = new HashMap<>(refusal.headers());
        headers.put("Content-Type", "application/json");
        ObjectNode body = JSON.createObjectNode().put("error", refusal.reason()).put("message", refusal.getMessage());
        return new ApiResponse(refusal.status(), headers, body.toString());
    }

    /** The same answer, marked as the replay of an earlier one (the {@code Idempotent-Replayed} header). */
    ApiResponse replayed() {
        Map<String, String> marked = new HashMap<>(headers);
        marked.put("Idempotent-Replayed", "true");
        return new ApiResponse(status, marked, body);
    }

    boolean succeeded() {
        return status >= 200 && status < 300;
    }
}
