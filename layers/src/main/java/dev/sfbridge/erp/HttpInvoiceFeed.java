package dev.sfbridge.erp;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The ERP's invoice change feed, {@code GET /invoices/changes} (docs/erp-api.md, "Invoice changes"), with the
 * order client's timeouts, credentials and split of failures: no answer, 404, 408, 429 and 5xx are tried again
 * with jittered backoff up to {@link HttpErpClient.Settings#maxAttempts()}, a 401 once more with credentials
 * read again, other 4xx and a page that breaks the contract are {@link ErpException.Kind#PERMANENT}.
 */
public final class HttpInvoiceFeed implements AutoCloseable {
    private static final String ENDPOINT = "ERP invoice feed";
    /** Amounts keep their digits: 12.50 stays 12.50, not the double 12.5. */
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .build();

    private final String changesUrl;
    private final HttpErpClient.Settings settings;
    private final HttpClient http;
    private final ErpAuthorization authorization;

    public HttpInvoiceFeed(URI baseUri, ErpCredentials credentials, HttpErpClient.Settings settings) {
        this.changesUrl = baseUri.toString().replaceAll("/+$", "") + "/invoices/changes";
        this.settings = settings;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(settings.connectTimeout()).build();
        this.authorization = new ErpAuthorization(credentials,
                new ClientCredentialsTokens(http, settings.requestTimeout(), settings.clock()));
    }

    /**
     * The invoices changed at or after {@code since} and before {@code until}, from {@code cursor} (null: the
     * first page), at most {@code limit}.
     */
    public InvoicePage changes(Instant since, Instant until, String cursor, int limit) throws ErpException {
        URI uri = URI.create(changesUrl + "?since=" + since + "&until=" + until + "&limit=" + limit
                + (cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8)));
        List<String> failures = new ArrayList<>();
        boolean credentialsReloaded = false;
        for (int attempt = 1; ; ) {
            ErpSecret secret = authorization.secret();
            ErpAuthorization.Header auth = null;
            ErpAnswer failed;
            try {
                auth = authorization.header(secret);
                HttpResponse<String> response = get(uri, auth);
                if (response.statusCode() == 200) {
                    return page(response.body());
                }
                failed = ErpAnswer.ofError(ENDPOINT, response, settings.clock(), auth::redact);
            } catch (IOException e) {
                failed = ErpAnswer.ofNoResponse(ENDPOINT, e);
            } catch (ClientCredentialsTokens.Unavailable e) {
                failed = e.answer();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ErpException(ErpException.Kind.RETRYABLE, 0, "interrupted while reading the ERP's invoice changes", e);
            }
            boolean mayReload = !credentialsReloaded;
            boolean mayRetry = attempt < settings.maxAttempts();
            switch (failed) {
                case ErpAnswer.Unauthorized refused when mayReload -> {
                    authorization.refresh(secret, auth);
                    credentialsReloaded = true;
                }
                case ErpAnswer.Failed retryable when mayRetry -> {
                    failures.add(retryable.reason());
                    backOff(attempt++, retryable.retryAfter());
                }
                case ErpAnswer.Failed retryable -> {
                    failures.add(retryable.reason());
                    throw new ErpException(ErpException.Kind.RETRYABLE, retryable.status(),
                            "the ERP's invoice changes could not be read in " + attempt + " attempts: " + String.join("; ", failures), null);
                }
                case ErpAnswer.Unauthorized refused -> throw new ErpException(ErpException.Kind.RETRYABLE, refused.status(),
                        "the ERP refused sfbridge's credentials for its invoice changes, also after reading them again: " + refused.reason(), null);
                case ErpAnswer.Rejected rejected -> throw new ErpException(ErpException.Kind.PERMANENT, rejected.status(),
                        "the ERP refused the invoice changes request: " + rejected.reason(), null);
                case ErpAnswer.Accepted unexpected -> throw new IllegalStateException("an order answer from the invoice feed");
            }
        }
    }

    private HttpResponse<String> get(URI uri, ErpAuthorization.Header auth) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(settings.requestTimeout())
                .header("Accept", "application/json")
                .header(auth.name(), auth.value())
                .GET().build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** The ERP's own wish when it has one and it is short enough to wait for, else the jittered backoff. */
    private void backOff(int attempt, Duration retryAfter) throws ErpException {
        Duration wait = retryAfter != null && retryAfter.compareTo(settings.maxRetryAfter()) <= 0
                ? retryAfter : settings.backoff().computeDelay(attempt);
        try {
            settings.pause().pause(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ErpException(ErpException.Kind.RETRYABLE, 0, "interrupted while waiting to read the invoice changes again", e);
        }
    }

    /** A page that breaks the documented shape cannot be fixed by asking again: the sync stops and says why. */
    private static InvoicePage page(String body) throws ErpException {
        try {
            JsonNode page = JSON.readTree(body);
            if (page == null || !page.path("invoices").isArray()) {
                throw contract("the page has no \"invoices\" array");
            }
            List<ErpInvoice> invoices = new ArrayList<>();
            for (JsonNode invoice : page.get("invoices")) {
                invoices.add(invoice(invoice));
            }
            JsonNode next = page.path("nextCursor");
            return new InvoicePage(invoices, next.isTextual() && !next.asText().isBlank() ? next.asText() : null);
        } catch (IOException e) {
            throw contract("the page is not JSON");
        }
    }

    private static ErpInvoice invoice(JsonNode invoice) throws ErpException {
        Map<String, String> fields = new LinkedHashMap<>();
        invoice.properties().forEach(field -> {
            JsonNode value = field.getValue();
            if (value.isValueNode() && !value.isNull()) {
                fields.put(field.getKey(), value.isBigDecimal() ? value.decimalValue().toPlainString() : value.asText());
            }
        });
        String number = fields.get("invoiceNumber");
        String customer = fields.get("customerNumber");
        if (number == null || number.isBlank() || customer == null || customer.isBlank()) {
            throw contract("an invoice has no invoiceNumber or customerNumber");
        }
        try {
            return new ErpInvoice(number, customer, Instant.parse(fields.getOrDefault("modifiedAt", "")), fields);
        } catch (DateTimeParseException e) {
            throw contract("invoice " + number + " has no ISO-8601 modifiedAt");
        }
    }

    private static ErpException contract(String problem) {
        return new ErpException(ErpException.Kind.PERMANENT, 200, "the ERP's invoice changes break docs/erp-api.md: " + problem, null);
    }

    @Override
    public void close() {
        http.close();
    }
}
