package dev.sfbridge.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import dev.sfbridge.local.ListenerServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The function's process apart from the local API Gateway's (`./dev bench listeners`): the function gets the proxy
 * event the gateway built, through its JSON as Lambda's runtime reads it, and its response reaches the caller; a
 * function that fails is answered as API Gateway answers a failed integration, never with the function's body.
 */
class RemoteFunctionTest {
    private static final byte[] BODY = "<a>é\u0000\u00ff</a>".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);

    @Test
    void theFunctionGetsTheGatewaysEventThroughJsonAndItsResponseReachesTheCaller() throws Exception {
        AtomicReference<APIGatewayProxyRequestEvent> seen = new AtomicReference<>();
        RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> function = (event, context) -> {
            seen.set(event);
            return new APIGatewayProxyResponseEvent().withStatusCode(201)
                    .withHeaders(Map.of("Content-Type", "text/xml; charset=utf-8")).withBody("<ok>ü</ok>");
        };
        HttpResponse<String> response = postThroughGateway(function);
        assertEquals(201, response.statusCode());
        assertEquals("<ok>ü</ok>", response.body());
        assertEquals("text/xml; charset=utf-8", response.headers().firstValue("Content-Type").orElseThrow());
        APIGatewayProxyRequestEvent event = seen.get();
        assertEquals("POST", event.getHttpMethod());
        assertEquals(ListenerServer.PATH, event.getResource());
        assertEquals("v", event.getQueryStringParameters().get("k"));
        assertTrue(event.getIsBase64Encoded(), "text/xml is a binary media type: the body travels in base64");
        assertArrayEquals(BODY, Base64.getDecoder().decode(event.getBody()), "the body's bytes, untouched");
        assertEquals("text/xml; charset=utf-8", event.getHeaders().get("Content-type"));
        assertTrue(event.getRequestContext().getRequestId().length() > 10, "the gateway's request ID reaches the function");
    }

    @Test
    void aFunctionThatFailsIsAnsweredWith502() throws Exception {
        HttpResponse<String> response = postThroughGateway((event, context) -> {
            throw new IllegalStateException("the function's own words, never shown to the caller");
        });
        assertEquals(502, response.statusCode());
        assertEquals("{\"message\": \"Internal server error\"}", response.body());
    }

    private static HttpResponse<String> postThroughGateway(
            RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> function) throws Exception {
        try (LambdaInvokeServer server = new LambdaInvokeServer(function);
             ListenerKind.Served gateway = ListenerKind.gateway(server.invocations());
             HttpClient http = HttpClient.newHttpClient()) {
            return http.send(HttpRequest.newBuilder(URI.create(gateway.endpoint() + "?k=v"))
                    .header("Content-Type", "text/xml; charset=utf-8")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(BODY)).build(), HttpResponse.BodyHandlers.ofString());
        }
    }
}
