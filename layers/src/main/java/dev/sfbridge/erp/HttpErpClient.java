package dev.sfbridge.erp;

import dev.sfbridge.model.OrderRequest;
import dev.sfbridge.model.OrderResult;
import dev.sfbridge.model.SalesforceIds;
import dev.sfbridge.queue.MessageCharacters;
import dev.sfbridge.retry.Pause;
import dev.sfbridge.retry.StartDeadline;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import software.amazon.awssdk.retries.api.BackoffStrategy;

/**
 * The ERP's REST API (docs/erp-api.md): {@code PUT /orders/by-salesforce-id/{id}}
 * and {@code GET /accounts/{accountNumber}/bills}, authenticated by API key or OAuth bearer token, with timeouts and
 * bounded, jittered retries ({@link ErpExchange}). Safe to call from several threads.
 */
public final class HttpErpClient implements ErpClient, ErpBilling, AutoCloseable {
    private static final String ENDPOINT = "ERP";
    /** The error code of the ERP's refusal of a change older than the one it holds. */
    private static final String STALE_CHANGE = "stale_change";
    /** The error code of the ERP's refusal of an upsert by another org than the one the order was created for. */
    private static final String ORG_MISMATCH = "org_mismatch";

    /**
     * How long the client waits and how often it tries.
     *
     * @param maxAttempts   requests per order, first one included; a retry after a 401 with reloaded
     *                      credentials is not counted (it happens at most once)
     * @param backoff       pause before each retry, unless the ERP sent {@code Retry-After}
     * @param maxRetryAfter the longest {@code Retry-After} waited for; a longer one ends the call at once
     * @param pause         how the client waits; tests record instead of sleeping
     * @param clock         for token expiry and {@code Retry-After} dates
     * @param transport     what the JDK's HTTP client is handed through before the client uses it: itself on Lambda;
     *                      the local stack's ERP simulator sees through it which attempts the client gave up on
     */
    public record Settings(Duration connectTimeout, Duration requestTimeout, int maxAttempts, BackoffStrategy backoff,
                           Duration maxRetryAfter, Pause pause, Clock clock, UnaryOperator<HttpClient> transport) {
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
            Objects.requireNonNull(transport, "transport");
        }

        /**
         * 2 s to connect, 5 s per request, 3 attempts with full-jitter backoff from 100 ms up to 2 s, and
         * {@code Retry-After} honoured up to 5 s: at worst about half a minute per order, well inside a
         * worker's Lambda timeout.
         */
        public static Settings defaults() {
            return new Settings(Duration.ofSeconds(2), Duration.ofSeconds(5), 3,
                    BackoffStrategy.exponentialDelay(Duration.ofMillis(100), Duration.ofSeconds(2)),
                    Duration.ofSeconds(5), Thread::sleep, Clock.systemUTC(), UnaryOperator.identity());
        }

        public Settings withTimeouts(Duration connect, Duration request) {
            return new Settings(connect, request, maxAttempts, backoff, maxRetryAfter, pause, clock, transport);
        }

        public Settings withPause(Pause newPause) {
            return new Settings(connectTimeout, requestTimeout, maxAttempts, backoff, maxRetryAfter, newPause, clock, transport);
        }

        public Settings withClock(Clock newClock) {
            return new Settings(connectTimeout, requestTimeout, maxAttempts, backoff, maxRetryAfter, pause, newClock, transport);
        }

        public Settings withTransport(UnaryOperator<HttpClient> newTransport) {
            return new Settings(connectTimeout, requestTimeout, maxAttempts, backoff, maxRetryAfter, pause, clock, newTransport);
        }
    }

    private final String ordersUrl;
    private final String accountsUrl;
    private final String customersUrl;
    private final ErpExchange exchange;
    private final Clock clock;

    /** @param baseUri the ERP API's root, e.g. {@code https://erp.example.com/api}; orders are under it */
    public HttpErpClient(URI baseUri, ErpCredentials credentials, Settings settings) {
        String root = baseUri.toString().replaceAll("/+$", "");
        this.ordersUrl = root + "/orders/by-salesforce-id/";
        this.accountsUrl = root + "/accounts/";
        this.customersUrl = root + "/customers/";
        this.exchange = new ErpExchange(credentials, settings);
        this.clock = settings.clock();
    }

    @Override
    public OrderResult upsertOrder(OrderRequest order) throws ErpException {
        return upsertOrder(order, StartDeadline.NONE);
    }

    @Override
    public OrderResult upsertOrder(OrderRequest order, StartDeadline deadline) throws ErpException {
        String recordId = order.salesforceRecordId();
        if (!SalesforceIds.isValid(recordId)) {
            // also what keeps the ID safe to put in the URL unencoded
            throw new ErpException(ErpException.Kind.PERMANENT, 0, "order has no valid Salesforce record ID", null);
        }
        Supplier<HttpRequest.Builder> put = putJson(ordersUrl + recordId, ErpJson.write(order));
        // each attempt's moment of sending: an attempt the ERP applied but whose answer was lost may be followed by
        // changes of the order before the retry, and the retry's answer already holds them
        AtomicReference<Instant> sentAt = new AtomicReference<>();
        return exchange.call("order " + recordId, () -> {
                    sentAt.set(clock.instant());
                    return put.get();
                },
                response -> {
                    int status = response.statusCode();
                    if (status == 409 && errorCode(response, ORG_MISMATCH)) {
                        return orgMismatch(order);
                    }
                    return status == 200 || status == 201 || refusedAsStale(response) ? accepted(response, sentAt.get()) : null;
                }, deadline);
    }

    /**
     * {@code PUT /customers/{salesforceAccountId}} (docs/erp-api.md, "Customers"): creates or updates the Account's
     * customer, or deactivates it; a change older than the one the ERP holds is refused as stale, an answer like the
     * others. A 4xx is {@link ErpException.Kind#PERMANENT}: the same customer fails again until someone fixes it.
     */
    public OrderResult.Write upsertCustomer(ErpCustomer customer) throws ErpException {
        String accountId = customer.salesforceAccountId();
        if (!SalesforceIds.isValid(accountId)) {
            throw new ErpException(ErpException.Kind.PERMANENT, 0, "customer has no valid Salesforce Account ID", null);
        }
        return exchange.call("customer " + accountId, putJson(customersUrl + accountId, ErpJson.write(customer)),
                response -> switch (response.statusCode()) {
                    case 201 -> new ErpAnswer.Accepted<>(OrderResult.Write.CREATED);
                    case 200 -> new ErpAnswer.Accepted<>(OrderResult.Write.UPDATED);
                    default -> refusedAsStale(response) ? new ErpAnswer.Accepted<>(OrderResult.Write.REFUSED_AS_STALE) : null;
                });
    }

    /**
     * {@code GET /accounts/{accountNumber}/bills?limit=&cursor=}: the account number is percent-encoded into the
     * path, the page token passed on as the ERP's cursor, unread (docs/erp-api.md, "Billing history").
     */
    @Override
    public Page billingHistory(String accountNumber, int pageSize, String pageToken) throws ErpException {
        String query = "?limit=" + pageSize + (pageToken == null ? "" : "&cursor=" + encode(pageToken));
        URI uri = URI.create(accountsUrl + encode(accountNumber) + "/bills" + query);
        return exchange.call("the billing history of account " + accountNumber,
                () -> HttpRequest.newBuilder(uri).GET(),
                response -> switch (response.statusCode()) {
                    case 200 -> billPage(response);
                    case 404 -> errorCode(response, "account_not_found") ? new ErpAnswer.Rejected(404,
                            "ERP does not know account " + accountNumber) : null;
                    default -> null;
                });
    }

    /** A 200 whose body is not a page of bills is a broken answer, not an empty history: asking again is safe. */
    private static ErpAnswer billPage(HttpResponse<String> response) {
        Page page = ErpJson.billPage(response.body());
        return page != null ? new ErpAnswer.Accepted<>(page)
                : new ErpAnswer.Failed(200, ENDPOINT + " answered 200 without a page of bills", null);
    }

    private static boolean errorCode(HttpResponse<String> response, String code) {
        var json = ErpJson.object(response.body());
        return json != null && code.equals(json.path("error").asText(""));
    }

    /** A PUT of {@code json} to {@code url}, made anew for every attempt. */
    private static Supplier<HttpRequest.Builder> putJson(String url, String json) {
        return () -> HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json));
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /**
     * A 2xx without an order number cannot be confirmed; asking again is safe and gets the number. A stale
     * change is answered for what it is: the ERP kept a newer one, and sending this one again cannot change that.
     * {@code sentAt} is when the answered request was sent.
     */
    private static ErpAnswer accepted(HttpResponse<String> response, Instant sentAt) {
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
        String status = json == null ? null : json.path("status").asText(null);
        if (write != OrderResult.Write.REFUSED_AS_STALE) {
            ErpAnswer uncarriable = uncarriable(response.statusCode(), "orderNumber", orderNumber);
            if (uncarriable == null && status != null) {
                uncarriable = uncarriable(response.statusCode(), "status", status);
            }
            if (uncarriable != null) {
                return uncarriable;
            }
        }
        // a refused change's answer is not carried on, so its time is not read
        String statusChangedAt = json == null || write == OrderResult.Write.REFUSED_AS_STALE ? null : json.path("statusChangedAt").asText(null);
        Instant statusTime;
        try {
            statusTime = statusChangedAt == null ? null : Instant.parse(statusChangedAt);
        } catch (DateTimeParseException e) {
            // the value itself is left out: the reason is carried on a queue, which refuses some characters
            return new ErpAnswer.Rejected(response.statusCode(), ("%s answered %d, so the order is written, but its statusChangedAt"
                    + " is no ISO-8601 time such as 2026-11-20T10:05:00.123Z").formatted(ENDPOINT, response.statusCode()));
        }
        return new ErpAnswer.Accepted<>(new OrderResult(orderNumber.isBlank() ? null : orderNumber, status, write, statusTime, sentAt));
    }

    /**
     * An order number or status with a character no SQS message may hold ({@link MessageCharacters}) would fail its
     * callback on every delivery, and the ERP answers the same on every upsert: refused at once, saying that the order
     * is written, so that a replay once the ERP has corrected it upserts the same order again and calls back.
     */
    private static ErpAnswer uncarriable(int status, String field, String value) {
        int refused = MessageCharacters.firstRefused(value);
        return refused < 0 ? null : new ErpAnswer.Rejected(status, ("%s answered %d, so the order is written, but its %s"
                + " holds U+%04X, a character no queue message may carry (SQS InvalidMessageContents)")
                .formatted(ENDPOINT, status, field, refused));
    }

    /**
     * 409 {@code org_mismatch} (docs/erp-api.md, "One org per order"): the ERP holds this record's order for another
     * org, such as production's order for a full-copy sandbox that kept its record IDs. Permanent: the same message
     * is refused again, and the order stays the other org's.
     */
    private static ErpAnswer orgMismatch(OrderRequest order) {
        return new ErpAnswer.Rejected(409, ORG_MISMATCH + ": the ERP holds the order of record " + order.salesforceRecordId()
                + " for another org than " + order.salesforceOrgId() + ", and changed nothing");
    }

    /** 412 {@code stale_change} (docs/erp-api.md, "Ordered writes"); any other 412 is an error like other 4xx. */
    private static boolean refusedAsStale(HttpResponse<String> response) {
        return response.statusCode() == 412 && errorCode(response, STALE_CHANGE);
    }

    @Override
    public void close() {
        exchange.close();
    }
}
