package dev.sfbridge.salesforce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sfbridge.retry.Retry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The HTTP exchange every Salesforce call shares, on {@link java.net.http.HttpClient}: a connect timeout
 * on the client, a request timeout on each request, and bounded retries with jittered backoff when no
 * answer came (connection refused or reset, timeout) or the answer was a 5xx. Every request sfbridge
 * sends to Salesforce sets fields to values or asks for a token, so sending one again is harmless; or it
 * publishes platform events, which a request sent again can publish twice: their subscribers keep the newest
 * status by its time, so a second copy changes nothing (docs/callbacks.md, "Platform events").
 */
public final class SalesforceHttp {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient client;
    private final Duration requestTimeout;
    private final Retry retry;

    public SalesforceHttp(HttpClient client, Duration requestTimeout, Retry retry) {
        this.client = client;
        this.requestTimeout = requestTimeout;
        this.retry = retry;
    }

    /** One client for the container's life: it keeps the TLS connections to Salesforce open between invocations. */
    public static SalesforceHttp create(Duration connectTimeout, Duration requestTimeout, Retry retry) {
        return new SalesforceHttp(client(connectTimeout), requestTimeout, retry);
    }

    /** The JDK's client with the connect timeout: each request sets its own request timeout. */
    static HttpClient client(Duration connectTimeout) {
        return HttpClient.newBuilder().connectTimeout(connectTimeout).build();
    }

    /** A request to {@code uri} with the request timeout and {@code Accept: application/json}; other APIs' callers override the header. */
    public HttpRequest.Builder request(URI uri) {
        return HttpRequest.newBuilder(uri).timeout(requestTimeout).header("Accept", "application/json");
    }

    /**
     * Sends {@code request}, again after a pause while no answer comes or the answer is a 5xx. Returns
     * the last answer, a 5xx included once the attempts are spent; throws when none came at all.
     */
    HttpResponse<String> send(HttpRequest request) throws SalesforceException {
        return send(request, HttpResponse.BodyHandlers.ofString());
    }

    /**
     * {@link #send(HttpRequest)} with the body read by {@code body}: a file or a stream for answers too large to
     * hold (Bulk API 2.0's results). The request's own body must be one that can be sent again (a string, a file).
     */
    public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> body) throws SalesforceException {
        try {
            return retry.call(() -> {
                HttpResponse<T> response = exchange(request, body);
                if (response.statusCode() >= 500) {
                    throw new ServerError(response);
                }
                return response;
            }, e -> e instanceof ServerError || e instanceof UncheckedIOException);
        } catch (ServerError e) {
            @SuppressWarnings("unchecked") // the answer of this very request, so of its body's type
            HttpResponse<T> last = (HttpResponse<T>) e.response;
            return last;
        } catch (UncheckedIOException e) {
            throw new SalesforceException(SalesforceException.Kind.RETRYABLE, 0, "no answer from %s after %d attempts (%s)"
                    .formatted(request.uri().getHost(), retry.maxAttempts(), e.getCause().getClass().getSimpleName()));
        }
    }

    /** An answer's JSON object; an empty one when the body is empty or not JSON (a proxy's HTML page), so fields read as absent. */
    public static JsonNode jsonObject(String body) {
        try {
            JsonNode node = JSON.readTree(body == null || body.isBlank() ? "{}" : body);
            return node == null ? JSON.createObjectNode() : node;
        } catch (IOException e) {
            return JSON.createObjectNode();
        }
    }

    private <T> HttpResponse<T> exchange(HttpRequest request, HttpResponse.BodyHandler<T> body) {
        try {
            return client.send(request, body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for Salesforce", e);
        }
    }

    /** Carries a 5xx answer out of an attempt, so the retry sees a failure and the caller still gets the answer. */
    private static final class ServerError extends RuntimeException {
        private final transient HttpResponse<?> response;

        ServerError(HttpResponse<?> response) {
            super("HTTP " + response.statusCode(), null, false, false);
            this.response = response;
        }
    }
}
