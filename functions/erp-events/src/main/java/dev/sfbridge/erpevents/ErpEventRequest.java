package dev.sfbridge.erpevents;

/**
 * What the route needs of an HTTP request, whatever carried it (API Gateway, the local stack).
 *
 * @param signature the {@code X-Sfbridge-Signature} header, or null
 * @param body      the body as API Gateway hands it over: text, or base64 when {@code base64Encoded}
 */
public record ErpEventRequest(String method, String contentType, String signature, String body, boolean base64Encoded,
                              String requestId) {}
