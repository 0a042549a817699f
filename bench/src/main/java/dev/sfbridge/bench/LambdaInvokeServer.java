package dev.sfbridge.bench;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A function behind API Gateway as Lambda's Java runtime runs it, in a process that does nothing else: each POST
 * to {@link #PATH} (the path of Lambda's Invoke API, where {@code sam local start-lambda} and the runtime
 * interface emulator take invocations) carries one proxy event as JSON; it is read into the handler's event type
 * with the runtime's own serializer ({@code aws-lambda-java-serialization}), the handler runs, and its response
 * is written back as JSON the same way. So the process's CPU is the function's (and its runtime's JSON), and
 * none of the gateway's HTTP parsing, base64 encoding or event building, which API Gateway does outside it.
 *
 * <p>A handler that throws is answered with HTTP 500, as Lambda reports a function error to its caller.
 */
final class LambdaInvokeServer implements AutoCloseable {
    static final String PATH = "/2015-03-31/functions/function/invocations";

    private static final PojoSerializer<APIGatewayProxyRequestEvent> EVENTS =
            LambdaEventSerializers.serializerFor(APIGatewayProxyRequestEvent.class, LambdaInvokeServer.class.getClassLoader());
    private static final PojoSerializer<APIGatewayProxyResponseEvent> RESPONSES =
            LambdaEventSerializers.serializerFor(APIGatewayProxyResponseEvent.class, LambdaInvokeServer.class.getClassLoader());

    private final RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> handler;
    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

    LambdaInvokeServer(RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> handler) throws IOException {
        this.handler = handler;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 128);
        server.createContext(PATH, this::invoke);
        server.setExecutor(executor);
        server.start();
    }

    /** Where the function is invoked. */
    URI invocations() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + PATH);
    }

    private void invoke(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!"POST".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            APIGatewayProxyResponseEvent response;
            try (InputStream in = exchange.getRequestBody()) {
                response = handler.handleRequest(EVENTS.fromJson(in), null);
            } catch (RuntimeException e) {
                exchange.sendResponseHeaders(500, -1);
                return;
            }
            ByteArrayOutputStream json = new ByteArrayOutputStream();
            RESPONSES.toJson(response, json);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, json.size());
            json.writeTo(exchange.getResponseBody());
        }
    }

    /** The event as the runtime reads it: for the gateway's side, which writes what this one reads. */
    static byte[] eventJson(APIGatewayProxyRequestEvent event) {
        ByteArrayOutputStream json = new ByteArrayOutputStream();
        EVENTS.toJson(event, json);
        return json.toByteArray();
    }

    static APIGatewayProxyResponseEvent response(InputStream json) {
        return RESPONSES.fromJson(json);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.close();
    }
}
