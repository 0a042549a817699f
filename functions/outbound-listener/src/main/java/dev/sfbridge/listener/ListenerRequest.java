package dev.sfbridge.listener;

import dev.sfbridge.apigateway.ProxyRequest;

/**
 * What the listener needs of an HTTP request, whatever carried it (API Gateway, the local stack).
 *
 * @param endpointKey the endpoint URL's {@code key} query parameter, or null: a secret, never logged
 */
public record ListenerRequest(ProxyRequest http, String endpointKey) {

    /** A request to the endpoint URL without a key. */
    public ListenerRequest(String method, String contentType, String body, boolean base64Encoded, String requestId) {
        this(new ProxyRequest(method, contentType, body, base64Encoded, requestId), null);
    }

    @Override
    public String toString() {
        return "ListenerRequest[" + http + "]";
    }
}
