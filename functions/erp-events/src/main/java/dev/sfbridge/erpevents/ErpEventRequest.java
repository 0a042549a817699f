package dev.sfbridge.erpevents;

import dev.sfbridge.apigateway.ProxyRequest;
import java.time.Duration;

/**
 * What the route needs of an HTTP request, whatever carried it (API Gateway, the local stack).
 *
 * @param signature the {@code X-Sfbridge-Signature} header, or null
 * @param timeLeft  how long the function may still run when the request arrives (Lambda's remaining time), or
 *                  null where nothing ends it (the local stack, tests)
 */
public record ErpEventRequest(ProxyRequest http, String signature, Duration timeLeft) {

    /** A request with no time limit of its own. */
    public ErpEventRequest(ProxyRequest http, String signature) {
        this(http, signature, null);
    }
}
