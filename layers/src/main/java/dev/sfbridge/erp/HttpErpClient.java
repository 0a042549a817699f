package dev.sfbridge.erp;

import dev.sfbridge.model.OrderRequest;
import dev.sfbridge.model.OrderResult;
import dev.sfbridge.model.SalesforceIds;
import dev.sfbridge.retry.Pause;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import software.amazon.awssdk.retries.api.BackoffStrategy;

/**
 * The ERP's REST order API over {@link HttpClient} (docs/erp-api.md): {@code PUT
 * /orders/by-salesforce-id/{id}}, authenticated by API key or OAuth bearer token, with timeouts and
 * bounded, jittered retries. Safe to call from several threads.
 */
public final class HttpErpClient implements ErpClient, AutoCloseable {
    private static final String ENDPOINT = "ERP";
    /** The error code of the ERP's refusal of a change older than the one it holds. */
    private static final String STALE_CHANGE = "stale_change";

    /**
     * How long the client waits and how often it tries.
     *
     * @param maxAttempts   requests per order, first one included; a retry after a 401 with reloaded
     *                      credentials is not counted (it happens at most once)
     * @param backoff       pause before each retry, unless the ERP sent {@code Retry-After}
     * @param maxRetryAfter the longest {@code Retry-After} waited for; a longer one ends the call at once
     * @param pause         how the client waits; tests record instead of sleeping
     * @param clock         for token expiry and {@code Retry-After} dates
     */
    public record Settings(Duration connectTimeout, Duration requestTimeout, int maxAttempts, BackoffStrategy backoff,
                           Duration maxRetryAfter, Pause pause, Clock clock) {
        public Settings {
            if (maxAttempts < 1) {
                throw new IllegalArgumentException("maxAttempts must be at least 1");
            }
            Objects.requireNonNull(connectTimeout, "connectTimeout");
            Objects.requireNonNull(requestTimeout, "requestTimeout");
            Objects.requireNonNull(backoff, "backoff");
            Objects.requireNonNull(maxRetryAfter, "maxRetryAfter");
            Objects.requireNonNull(pause, "pause");
            Objects.requireNonNull(clock, "clock");
        }

        /**
         * 2 s to connect, 5 s per request, 3 attempts with full-jitter backoff from 100 ms up to 2 s, and
         * {@code Retry-After} honoured up to 5 s: at worst about half a minute per order, well inside a
         * worker's Lambda timeout.
         */
        public static Settings defaults() {
            return new Settings(Duration.ofSeconds(2), Duration.ofSeconds(5), 3,
                    BackoffStrategy.exponentialDelay(Duration.ofMillis(100), Duration.ofSeconds(2)),
                    Duration.ofSeconds(5), Thread::sleep, Clock.systemUTC());
        }

        public Settings withTimeouts(Duration connect, Duration request) {
            return new Settings(connect, request, maxAttempts, backoff, maxRetryAfter, pause, clock);
        }

        public Settings withPause(Pause newPause) {
            return new Settings(connectTimeout, requestTimeout, maxAttempts, backoff, maxRetryAfter, newPause, clock);
        }

        public Settings withClock(Clock newClock) {
            return new Settings(connectTimeout, requestTimeout, maxAttempts, backoff, maxRetryAfter, pause, newClock);
        }
    }

    private final String ordersUrl;
    private final Settings settings;
    private final HttpClient http;
    private final ErpAuthorization authorization;

    /** @param baseUri the ERP API's root, e.g. {@code https://erp.example.com/api}; orders are under it */
    public HttpErpClient(URI baseUri, ErpCredentials credentials, Settings settings) {
        this.ordersUrl = baseUri.toString().replaceAll("/+$", "") + "/orders/by-salesforce-id/";
        this.settings = settings;
        // HTTP/1.1: plain REST gains nothing from HTTP/2, and it spares http:// endpoints an h2c upgrade attempt
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(settings.connectTimeout())
                .build();
        this.authorization = new ErpAuthorization(credentials,
                new ClientCredentialsTokens(http, settings.requestTimeout(), settings.clock()));
    }

    @Override
    public OrderResult upsertOrder(OrderRequest order) throws ErpException {
        String recordId = order.salesforceRecordId();
        if (!SalesforceIds.isValid(recordId)) {
            // also what keeps the ID safe to put in the URL unencoded
            throw new ErpException(ErpException.Kind.PERMANENT, 0, "order has no valid Salesforce record ID", null);
        }
        String body = ErpJson.write(order);
        List<String> failures = new ArrayList<>();
        boolean credentialsReloaded = false;
        for (int attempt = 1; ; ) {
            ErpSecret secret = authorization.secret();
            ErpAuthorization.Header auth = null;
            ErpAnswer answer;
            try {
                auth = authorization.header(secret);
                answer = send(recordId, body, auth);
            } catch (ClientCredentialsTokens.Unavailable e) {
                answer = e.answer();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ErpException(ErpException.Kind.RETRYABLE, 0, "interrupted while calling the ERP", e);
            }
            switch (answer) {
                case ErpAnswer.Accepted accepted -> {
                    return accepted.result();
                }
                case ErpAnswer.Rejected rejected -> throw new ErpException(ErpException.Kind.PERMANENT, rejected.status(),
                        "ERP rejected order " + recordId + ": " + rejected.reason(), null);
                case ErpAnswer.Unauthorized refused -> {
                    if (credentialsReloaded) {
                        // not the order's fault: most likely a rotation whose new secret the ERP does not take yet,
                        // so the queue's backoff retries it (and the ErpCredentialsRefused alarm tells an operator)
                        throw new ErpException(ErpException.Kind.RETRYABLE, refused.status(), "ERP refused sfbridge's "
                                + "credentials for order " + recordId + ", also after reading them again: "
                                + refused.reason(), null);
                    }
                    authorization.refresh(secret, auth);
                    credentialsReloaded = true;
                }
                case ErpAnswer.Failed failed -> {
                    failures.add(failed.reason());
                    if (attempt == settings.maxAttempts()) {
                        throw new ErpException(ErpException.Kind.RETRYABLE, failed.status(), "ERP did not take order "
                                + recordId + " in " + attempt + " attempts: " + String.join("; ", failures), null);
                    }
                    pause(recordId, failed, attempt);
                    attempt++;
                }
            }
        }
    }

    private ErpAnswer send(String recordId, String body, ErpAuthorization.Header auth) throws InterruptedException {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(ordersUrl + recordId))
                    .timeout(settings.requestTimeout())
                    .header("Content-Type", "application/json")
                    .header("Accept", "application/json")
                    .header(auth.name(), auth.value())
                    .PUT(HttpRequest.BodyPublishers.ofString(body))
                    .build();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            int status = response.statusCode();
            return status == 200 || status == 201 || refusedAsStale(response)
                    ? accepted(response)
                    : ErpAnswer.ofError(ENDPOINT, response, settings.clock(), auth::redact);
        } catch (IOException e) {
            return ErpAnswer.ofNoResponse(ENDPOINT, e);
        }
    }

    /**
     * A 2xx without an order number cannot be confirmed; asking again is safe and gets the number. A stale
     * change is answered for what it is: the ERP kept a newer one, and sending this one again cannot change that.
     */
    private static ErpAnswer accepted(HttpResponse<String> response) {
        var json = ErpJson.object(response.body());
        String orderNumber = json == null ? "" : json.path("orderNumber").asText("");
        OrderResult.Write write = switch (response.statusCode()) {
            case 201 -> OrderResult.Write.CREATED;
            case 200 -> OrderResult.Write.UPDATED;
            default -> OrderResult.Write.REFUSED_AS_STALE;
        };
        if (orderNumber.isBlank() && write != OrderResult.Write.REFUSED_AS_STALE) {
            return new ErpAnswer.Failed(response.statusCode(),
                    ENDPOINT + " answered " + response.statusCode() + " without an order number", null);
        }
        return new ErpAnswer.Accepted(new OrderResult(orderNumber.isBlank() ? null : orderNumber,
                json == null ? null : json.path("status").asText(null), write));
    }

    /** 412 {@code stale_change} (docs/erp-api.md, "Ordered writes"); any other 412 is an error like other 4xx. */
    private static boolean refusedAsStale(HttpResponse<String> response) {
        var json = response.statusCode() == 412 ? ErpJson.object(response.body()) : null;
        return json != null && STALE_CHANGE.equals(json.path("error").asText(""));
    }

    private void pause(String recordId, ErpAnswer.Failed failed, int attempt) throws ErpException {
        Duration wait = settings.backoff().computeDelay(attempt);
        if (failed.retryAfter() != null) {
            if (failed.retryAfter().compareTo(settings.maxRetryAfter()) > 0) {
                // waiting here would hold the worker past its budget; the queue redelivers later instead
                throw new ErpException(ErpException.Kind.RETRYABLE, failed.status(), "ERP asked to wait "
                        + failed.retryAfter().toSeconds() + " s before order " + recordId + " is sent again: "
                        + failed.reason(), null);
            }
            wait = failed.retryAfter();
        }
        try {
            settings.pause().pause(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ErpException(ErpException.Kind.RETRYABLE, failed.status(),
                    "interrupted while waiting to send order " + recordId + " again", e);
        }
    }

    @Override
    public void close() {
        http.close();
    }
}
