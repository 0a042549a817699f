package dev.sfbridge.apigateway;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import java.util.Map;

/** What every route behind API Gateway reads from a proxy event besides its body. */
public final class ProxyEvents {
    private ProxyEvents() {}

    /** HTTP header names are case-insensitive; API Gateway passes them as the client sent them. */
    public static String header(APIGatewayProxyRequestEvent event, String name) {
        Map<String, String> headers = event.getHeaders();
        if (headers == null) {
            return null;
        }
        return headers.entrySet().stream()
                .filter(e -> e.getKey() != null && e.getKey().equalsIgnoreCase(name))
                .map(Map.Entry::getValue)
                .findFirst()
                .orElse(null);
    }

    /** Lambda's request ID; without a context (a local run), API Gateway's own from the event, if any. */
    public static String requestId(APIGatewayProxyRequestEvent event, Context context) {
        if (context != null) {
            return context.getAwsRequestId();
        }
        return event.getRequestContext() == null ? null : event.getRequestContext().getRequestId();
    }
}
