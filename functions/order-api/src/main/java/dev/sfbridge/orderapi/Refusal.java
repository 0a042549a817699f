package dev.sfbridge.orderapi;

import java.util.Map;

/**
 * Why a request was not answered as asked: the HTTP status, a reason code (the answer's {@code error}, the log's
 * {@code reason}) and words a Salesforce user or admin can act on. Never quotes the body or a credential.
 */
final class Refusal extends Exception {
    private final int status;
    private final String reason;
    private final Map<String, String> headers;

    Refusal(int status, String reason, String message) {
        this(status, reason, message, Map.of());
    }

    Refusal(int status, String reason, String message, Map<String, String> headers) {
        super(message, null, false, false);
        this.status = status;
        this.reason = reason;
        this.headers = Map.copyOf(headers);
    }

    static Refusal badRequest(String reason, String message) {
        return new Refusal(400, reason, message);
    }

    int status() {
        return status;
    }

    String reason() {
        return reason;
    }

    Map<String, String> headers() {
        return headers;
    }
}
