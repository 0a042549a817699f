package dev.sfbridge.orderapi;

import java.net.URI;
import java.util.Map;

/**
 * What the routes need of an HTTP request, whatever carried it (API Gateway, the local stack).
 *
 * @param resource       the route's resource template: {@code /orders}, {@code /accounts/{accountNumber}/billing-history}, ...
 * @param pathParameters the template's values, such as {@code accountNumber}
 * @param query          the query string's parameters, each with its first value
 * @param idempotencyKey the {@code Idempotency-Key} header, or null
 * @param body           as API Gateway hands it over: text, or base64 when {@code base64Encoded}
 * @param caller         who made the request ({@link OrderApiHandler#caller}: the IAM signer's ARN, or {@code jwt:} and the token's subject), or null
 * @param address        the URL the request was sent to, without its query: scheme, host and path, the stage's
 *                       included; null when the request does not tell them
 */
public record ApiRequest(String method, String resource, Map<String, String> pathParameters, Map<String, String> query,
                         String contentType, String idempotencyKey, String body, boolean base64Encoded, String caller,
                         String requestId, URI address) {
    public ApiRequest {
        resource = resource == null ? "" : resource;
        pathParameters = pathParameters == null ? Map.of() : Map.copyOf(pathParameters);
        query = query == null ? Map.of() : Map.copyOf(query);
    }
}
