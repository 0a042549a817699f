package dev.sfbridge.erpevents;

import dev.sfbridge.apigateway.ProxyRequest;

/**
 * What the route needs of an HTTP request, whatever carried it (API Gateway, the local stack).
 *
 * @param signature the {@code X-Sfbridge-Signature} header, or null
 */
public record ErpEventRequest(ProxyRequest http, String signature) {}
