package dev.sfbridge.local;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.sfbridge.apigateway.RequestScreen;
import dev.sfbridge.model.QueueJson;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * API Gateway's REST API proxy integration on localhost: each route's handler gets the event Lambda
 * would give it. A route's path may hold parameters ({@code /accounts/{accountNumber}/billing-history}): a path
 * matches when each one stands for one whole segment, which the event carries, decoded, in its path parameters.
 * A body of a binary media type is passed in base64, its bytes untouched; any other as UTF-8 text, as API
 * Gateway does. A route with an authorization ({@link RouteAuthorization}: IAM's signature check, a Lambda
 * authorizer) is answered by it, before the function, as API Gateway answers: a refused request never reaches it.
 */
public final class ApiGatewayServer implements AutoCloseable {
    /**
     * The API's {@code BinaryMediaTypes} in template.yaml: text/xml, so the listener reads the bytes Salesforce
     * sent, in the encoding the XML declares, and invalid UTF-8 reaches the parser instead of being replaced.
     */
    static final Set<String> BINARY_MEDIA_TYPES = Set.of("text/xml");

    private static final Pattern PARAMETER = Pattern.compile("\\{([A-Za-z0-9_]+)}");

    /** A route: its resource path, the same as a pattern whose groups are its parameters, and its handler. */
    private record Route(String resource, Pattern path, List<String> parameters,
                         RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> handler) {}

    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final List<Route> routes = new ArrayList<>();
    private final Map<String, RouteAuthorization> authorizations;

    public ApiGatewayServer(int port,
                            Map<String, RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent>> routes)
            throws IOException {
        this(port, routes, Map.of());
    }

    /** @param authorizations each authorized route's resource path and what API Gateway checks first; the others are open */
    ApiGatewayServer(int port, Map<String, RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent>> routes,
                     Map<String, RouteAuthorization> authorizations) throws IOException {
        this.authorizations = Map.copyOf(authorizations);
        routes.forEach((resource, handler) -> this.routes.add(route(resource, handler)));
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 128);
        server.createContext("/", this::serve);
        server.setExecutor(executor);
        server.start();
    }

    private static Route route(String resource, RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> handler) {
        List<String> parameters = new ArrayList<>();
        StringBuilder path = new StringBuilder();
        Matcher parameter = PARAMETER.matcher(resource);
        int literalFrom = 0;
        while (parameter.find()) {
            parameters.add(parameter.group(1));
            path.append(Pattern.quote(resource.substring(literalFrom, parameter.start()))).append("([^/]+)");
            literalFrom = parameter.end();
        }
        path.append(Pattern.quote(resource.substring(literalFrom)));
        return new Route(resource, Pattern.compile(path.toString()), parameters, handler);
    }

    public URI baseUri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            String rawPath = exchange.getRequestURI().getRawPath();
            Route route = null;
            Matcher matched = null;
            for (Route candidate : routes) {
                Matcher matcher = candidate.path().matcher(rawPath);
                if (matcher.matches()) {
                    route = candidate;
                    matched = matcher;
                    break;
                }
            }
            if (route == null) {
                respond(exchange, 404, Map.of("Content-Type", "application/json"), "{\"message\":\"Missing Authentication Token\"}");
                return;
            }
            Map<String, String> pathParameters = new LinkedHashMap<>();
            for (int i = 0; i < route.parameters().size(); i++) {
                pathParameters.put(route.parameters().get(i), URLDecoder.decode(matched.group(i + 1), StandardCharsets.UTF_8));
            }
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            RouteAuthorization.Decision decision = authorizations.getOrDefault(route.resource(), RouteAuthorization.NONE)
                    .decide(new RouteAuthorization.Request(exchange.getRequestMethod(), route.resource(), rawPath,
                            exchange.getRequestURI().getRawQuery(), exchange.getRequestHeaders(), body));
            if (decision instanceof RouteAuthorization.Refused refused) {
                respond(exchange, refused.status(), Map.of("Content-Type", "application/json", "x-amzn-ErrorType", refused.errorType()),
                        QueueJson.write(Collections.singletonMap("message", refused.message())));
                return;
            }
            APIGatewayProxyRequestEvent event = event(route.resource(), pathParameters, exchange, body);
            ((RouteAuthorization.Allowed) decision).caller().accept(event.getRequestContext());
            APIGatewayProxyResponseEvent response;
            try {
                response = route.handler().handleRequest(event, null);
            } catch (RuntimeException e) {
                // what API Gateway answers when the integration fails
                respond(exchange, 502, Map.of("Content-Type", "application/json"), "{\"message\": \"Internal server error\"}");
                return;
            }
            respond(exchange, response.getStatusCode(),
                    response.getHeaders() == null ? Map.of() : response.getHeaders(),
                    response.getBody() == null ? "" : response.getBody());
        }
    }

    private static APIGatewayProxyRequestEvent event(String resource, Map<String, String> pathParameters, HttpExchange exchange,
                                                     byte[] bytes) {
        Map<String, String> headers = new LinkedHashMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> headers.put(name, String.join(",", values)));
        boolean binary = BINARY_MEDIA_TYPES.contains(RequestScreen.mediaType(exchange.getRequestHeaders().getFirst("Content-Type")));
        String body = binary ? Base64.getEncoder().encodeToString(bytes) : new String(bytes, StandardCharsets.UTF_8);
        return new APIGatewayProxyRequestEvent()
                .withResource(resource)
                .withPath(exchange.getRequestURI().getPath())
                .withHttpMethod(exchange.getRequestMethod())
                .withPathParameters(pathParameters.isEmpty() ? null : pathParameters)
                .withHeaders(headers)
                .withQueryStringParameters(queryParameters(exchange.getRequestURI()))
                .withBody(body)
                .withIsBase64Encoded(binary)
                .withRequestContext(new APIGatewayProxyRequestEvent.ProxyRequestContext()
                        .withRequestId(UUID.randomUUID().toString())
                        .withHttpMethod(exchange.getRequestMethod())
                        .withResourcePath(resource));
    }

    /** As API Gateway's proxy integration hands them over: decoded, the last value of a repeated name, null for none. */
    private static Map<String, String> queryParameters(URI uri) {
        if (uri.getRawQuery() == null || uri.getRawQuery().isEmpty()) {
            return null;
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        for (String pair : uri.getRawQuery().split("&")) {
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            parameters.put(URLDecoder.decode(name, StandardCharsets.UTF_8),
                    eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return parameters;
    }

    private static void respond(HttpExchange exchange, int status, Map<String, String> headers, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        headers.forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            exchange.getResponseBody().write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.close();
    }
}
