package dev.sfbridge.listener;

/**
 * What the listener needs of an HTTP request, whatever carried it (API Gateway, the local stack).
 *
 * @param body the body as API Gateway hands it over: text, or base64 when {@code base64Encoded}
 */
public record ListenerRequest(String method, String contentType, String body, boolean base64Encoded, String requestId) {}
