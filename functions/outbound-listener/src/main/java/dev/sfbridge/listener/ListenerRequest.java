package dev.sfbridge.listener;

import dev.sfbridge.apigateway.ProxyRequest;
import java.time.Duration;

/**
 * What the listener needs of an HTTP request, whatever carried it (API Gateway, the local stack).
 *
 * @param endpointKey the endpoint URL's {@code key} query parameter, or null: a secret, never logged
 * @param timeLeft    how long the function may still run when the request arrives (Lambda's remaining time), or
 *                    null where nothing ends it (the local stack, tests)
 */
public record ListenerRequest(ProxyRequest http, String endpointKey, Duration timeLeft) {

    /** A request with no time limit of its own. */
    public ListenerRequest(ProxyRequest http, String endpointKey) {
        this(http, endpointKey, null);
    }

    /** A request to the endpoint URL without a key. */
    public ListenerRequest(String method, String contentType, String body, boolean base64Encoded, String requestId) {
        this(new ProxyRequest(method, contentType, body, base64Encoded, requestId), null);
    }

    @Override
    public String toString() {
        return "ListenerRequest[" + http + "]";
    }
}
