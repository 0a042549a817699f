package dev.sfbridge.local;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent.ProxyRequestContext;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * What API Gateway checks before a route's function runs (its {@code Auth}): {@link ApiGatewayServer} asks it
 * with the request as received, and either answers the refusal itself, the function never invoked, or passes the
 * caller it found on in the event's request context.
 */
@FunctionalInterface
interface RouteAuthorization {
    /** No authorization: the route's function gets every request (the listener's and the ERP's routes). */
    RouteAuthorization NONE = request -> new Allowed(context -> { });

    Decision decide(Request request);

    /**
     * The request as it arrived, before the proxy integration decodes it.
     *
     * @param headers each name in the case it arrived in, with all its values
     */
    record Request(String method, String resource, String rawPath, String rawQuery, Map<String, List<String>> headers, byte[] body) {
        /** The header's values, its name in any case; empty when absent. */
        List<String> header(String name) {
            return headers.entrySet().stream().filter(header -> header.getKey().equalsIgnoreCase(name))
                    .findFirst().map(Map.Entry::getValue).orElse(List.of());
        }

        /** The header's single value, or null when absent. */
        String firstHeader(String name) {
            List<String> values = header(name);
            return values.isEmpty() ? null : values.getFirst();
        }
    }

    sealed interface Decision permits Allowed, Refused {}

    /** @param caller writes who called into the event's request context, as API Gateway does */
    record Allowed(Consumer<ProxyRequestContext> caller) implements Decision {}

    /**
     * API Gateway's own answer: its status, its {@code x-amzn-ErrorType} and its JSON {@code {"message": ...}}.
     *
     * @param message null for API Gateway's {@code {"message": null}}
     */
    record Refused(int status, String errorType, String message) implements Decision {}
}
