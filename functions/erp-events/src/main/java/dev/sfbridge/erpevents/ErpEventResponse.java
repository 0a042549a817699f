package dev.sfbridge.erpevents;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashMap;
import java.util.Map;

/** An HTTP response with a small JSON body: {@code {"accepted": n}} or {@code {"error": reason, "message": ...}}. */
public record ErpEventResponse(int status, Map<String, String> headers, String body) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** 202: the events are on the callbacks queue; Salesforce is written after this answer. */
    static ErpEventResponse accepted(int events) {
        return json(202, JSON.createObjectNode().put("accepted", events), Map.of());
    }

    static ErpEventResponse rejected(Rejection rejection) {
        Map<String, String> headers = new HashMap<>();
        if (rejection.status() == 405) {
            headers.put("Allow", "POST");
        }
        if (rejection.status() == 401) {
            headers.put("WWW-Authenticate", "HMAC-SHA256 header=\"" + SignatureVerifier.HEADER + "\"");
        }
        return json(rejection.status(), JSON.createObjectNode().put("error", rejection.reason()).put("message", rejection.getMessage()), headers);
    }

    private static ErpEventResponse json(int status, ObjectNode body, Map<String, String> extraHeaders) {
        Map<String, String> headers = new HashMap<>(extraHeaders);
        headers.put("Content-Type", "application/json");
        return new ErpEventResponse(status, Map.copyOf(headers), body.toString());
    }
}
