package dev.sfbridge.bench;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The local API Gateway's integration with a function in another process ({@link LambdaInvokeServer}): the proxy
 * event is sent there as JSON and the function's response read back, as API Gateway invokes Lambda. Anything but
 * a response (a function error, no answer in time) throws, which {@code ApiGatewayServer} answers with 502, as API
 * Gateway does when its integration fails.
 */
final class RemoteFunction implements RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent>, AutoCloseable {
    /** Far above any answer a working function gives here: only a hung one waits this long. */
    private static final Duration TIMEOUT = Duration.ofSeconds(29);

    private final URI invocations;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    RemoteFunction(URI invocations) {
        this.invocations = invocations;
    }

    @Override
    public APIGatewayProxyResponseEvent handleRequest(APIGatewayProxyRequestEvent event, Context context) {
        HttpResponse<InputStream> response;
        try {
            response = http.send(HttpRequest.newBuilder(invocations).timeout(TIMEOUT)
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofByteArray(LambdaInvokeServer.eventJson(event))).build(),
                    HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw new UncheckedIOException("the function at " + invocations + " did not answer", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the function ran", e);
        }
        try (InputStream body = response.body()) {
            if (response.statusCode() != 200) {
                throw new IllegalStateException("the function failed: HTTP " + response.statusCode());
            }
            return LambdaInvokeServer.response(body);
        } catch (IOException e) {
            throw new UncheckedIOException("the function's response could not be read", e);
        }
    }

    @Override
    public void close() {
        http.close();
    }
}
