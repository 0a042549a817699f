package dev.sfbridge.apigateway;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;

/**
 * What every route reads of an HTTP request, whatever carried it (API Gateway, the local stack): what
 * {@link RequestScreen} checks, and the request ID its log line carries. A route's own request adds the one
 * header or parameter only it reads.
 *
 * @param body the body as API Gateway hands it over: text, or base64 when {@code base64Encoded}; never logged
 */
public record ProxyRequest(String method, String contentType, String body, boolean base64Encoded, String requestId) {

    /** From API Gateway's proxy event; the request ID is Lambda's, or without a context API Gateway's own. */
    public static ProxyRequest of(APIGatewayProxyRequestEvent event, Context context) {
        return new ProxyRequest(event.getHttpMethod(), ProxyEvents.header(event, "Content-Type"), event.getBody(),
                Boolean.TRUE.equals(event.getIsBase64Encoded()), ProxyEvents.requestId(event, context));
    }

    /** Without the body, which may hold a session ID. */
    @Override
    public String toString() {
        return "ProxyRequest[method=" + method + ", contentType=" + contentType + ", requestId=" + requestId + "]";
    }
}
