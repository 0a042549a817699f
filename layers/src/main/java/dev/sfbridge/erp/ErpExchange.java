package dev.sfbridge.erp;

import dev.sfbridge.retry.StartDeadline;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * One call to the ERP's REST API with the order client's rules, for every ERP client (orders, bills, the invoice
 * feed): credentials on every request, a 401 answered by reading them again once, retryable failures (no answer,
 * 404, 408, 429, 5xx) tried again after a jittered pause or the ERP's own {@code Retry-After}, up to
 * {@link HttpErpClient.Settings#maxAttempts()}, and every other answer ending the call. Safe to call from several
 * threads.
 */
final class ErpExchange implements AutoCloseable {
    private static final String ENDPOINT = "ERP";

    /** Reads a response the request understands (a success, its own refusals), or null to sort it as any error. */
    @FunctionalInterface
    interface Reading {
        ErpAnswer read(HttpResponse<String> response);
    }

    private final HttpErpClient.Settings settings;
    private final HttpClient http;
    private final ErpAuthorization authorization;

    ErpExchange(ErpCredentials credentials, HttpErpClient.Settings settings) {
        this.settings = settings;
        // HTTP/1.1: plain REST gains nothing from HTTP/2, and it spares http:// endpoints an h2c upgrade attempt
        this.http = settings.transport().apply(HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(settings.connectTimeout())
                .build());
        this.authorization = new ErpAuthorization(credentials,
                new ClientCredentialsTokens(http, settings.requestTimeout(), settings.clock()));
    }

    /**
     * Sends a request until the ERP answers it or the attempts run out.
     *
     * @param what    what the request is about, for messages: "order 006…"
     * @param request the request without its timeout, Accept and credentials, made anew for every attempt
     */
    <T> T call(String what, Supplier<HttpRequest.Builder> request, Reading reading) throws ErpException {
        return call(what, request, reading, StartDeadline.NONE);
    }

    /** As above, but no retry is started once {@code deadline} would pass before it. */
    <T> T call(String what, Supplier<HttpRequest.Builder> request, Reading reading, StartDeadline deadline) throws ErpException {
        List<String> failures = new ArrayList<>();
        boolean credentialsReloaded = false;
        for (int attempt = 1; ; ) {
            ErpSecret secret = authorization.secret();
            ErpAuthorization.Header auth = null;
            ErpAnswer answer;
            try {
                auth = authorization.header(secret);
                answer = send(request.get(), reading, auth);
            } catch (ClientCredentialsTokens.Unavailable e) {
                answer = e.answer();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ErpException(ErpException.Kind.RETRYABLE, 0, "interrupted while calling the ERP", e);
            }
            switch (answer) {
                case ErpAnswer.Accepted<?> accepted -> {
                    @SuppressWarnings("unchecked") // the reading of this request made it, of the type the request asks for
                    T result = (T) accepted.result();
                    return result;
                }
                case ErpAnswer.Rejected rejected -> throw new ErpException(ErpException.Kind.PERMANENT, rejected.status(),
                        "ERP rejected " + what + ": " + rejected.reason(), null);
                case ErpAnswer.Unauthorized refused -> {
                    if (credentialsReloaded) {
                        // not the request's fault: most likely a rotation whose new secret the ERP does not take yet,
                        // so the caller's backoff retries it (and the ErpCredentialsRefused alarm tells an operator)
                        throw new ErpException(ErpException.Kind.RETRYABLE, refused.status(), "ERP refused sfbridge's "
                                + "credentials for " + what + ", also after reading them again: "
                                + refused.reason(), null);
                    }
                    authorization.refresh(secret, auth);
                    credentialsReloaded = true;
                }
                case ErpAnswer.Failed failed -> {
                    failures.add(failed.reason());
                    if (attempt == settings.maxAttempts()) {
                        // the last answer's Retry-After, if any, is the caller's: its own retry comes no sooner
                        throw new ErpException(ErpException.Kind.RETRYABLE, failed.status(), "ERP did not answer "
                                + what + " in " + attempt + " attempts: " + String.join("; ", failures), null,
                                failed.retryAfter());
                    }
                    pause(what, failed, attempt, deadline);
                    attempt++;
                }
            }
        }
    }

    private ErpAnswer send(HttpRequest.Builder request, Reading reading, ErpAuthorization.Header auth) throws InterruptedException {
        try {
            HttpResponse<String> response = http.send(request
                    .timeout(settings.requestTimeout())
                    .header("Accept", "application/json")
                    .header(auth.name(), auth.value())
                    .build(), HttpResponse.BodyHandlers.ofString());
            ErpAnswer read = reading.read(response);
            return read != null ? read : ErpAnswer.ofError(ENDPOINT, response, settings.clock(), auth::redact);
        } catch (IOException e) {
            return ErpAnswer.ofNoResponse(ENDPOINT, e);
        }
    }

    private void pause(String what, ErpAnswer.Failed failed, int attempt, StartDeadline deadline) throws ErpException {
        Duration wait = settings.backoff().computeDelay(attempt);
        if (failed.retryAfter() != null) {
            if (failed.retryAfter().compareTo(settings.maxRetryAfter()) > 0) {
                // waiting here would hold the caller past its budget; its own retry (the queue's redelivery, the
                // sync's next invocation) comes back later instead
                throw new ErpException(ErpException.Kind.RETRYABLE, failed.status(), "ERP asked to wait "
                        + failed.retryAfter().toSeconds() + " s before " + what + " is sent again: "
                        + failed.reason(), null, failed.retryAfter());
            }
            wait = failed.retryAfter();
        }
        if (!deadline.allowsStartAfter(wait)) {
            throw new ErpException(ErpException.Kind.RETRYABLE, failed.status(), "no time left in this invocation to send "
                    + what + " again after " + wait.toMillis() + " ms (attempt " + attempt + "): " + failed.reason(), null,
                    failed.retryAfter());
        }
        try {
            settings.pause().pause(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ErpException(ErpException.Kind.RETRYABLE, failed.status(),
                    "interrupted while waiting to send " + what + " again", e);
        }
    }

    @Override
    public void close() {
        http.close();
    }
}
