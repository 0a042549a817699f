package dev.sfbridge.listener;

/**
 * What the listener needs of an HTTP request, whatever carried it (API Gateway, the local stack).
 *
 * @param body        the body as API Gateway hands it over: text, or base64 when {@code base64Encoded}
 * @param endpointKey the endpoint URL's {@code key} query parameter, or null: a secret, never logged
 */
public record ListenerRequest(String method, String contentType, String body, boolean base64Encoded, String requestId,
                              String endpointKey) {

    /** A request to the endpoint URL without a key. */
    public ListenerRequest(String method, String contentType, String body, boolean base64Encoded, String requestId) {
        this(method, contentType, body, base64Encoded, requestId, null);
    }

    @Override
    public String toString() {
        return "ListenerRequest[method=" + method + ", contentType=" + contentType + ", requestId=" + requestId + "]";
    }
}
