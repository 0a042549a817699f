package dev.sfbridge.erp;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The ERP's invoice change feed, {@code GET /invoices/changes} (docs/erp-api.md, "Invoice changes"), called by
 * the order client's {@link ErpExchange}: its timeouts, credentials and split of failures. A page that breaks the
 * contract is {@link ErpException.Kind#PERMANENT}: the sync stops and says why (docs/batch-sync.md, "A run").
 */
public final class HttpInvoiceFeed implements AutoCloseable {
    private static final String ENDPOINT = "ERP invoice feed";
    /** Amounts keep their digits: 12.50 stays 12.50, not the double 12.5. */
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .build();

    private final String changesUrl;
    private final ErpExchange exchange;

    public HttpInvoiceFeed(URI baseUri, ErpCredentials credentials, HttpErpClient.Settings settings) {
        this.changesUrl = baseUri.toString().replaceAll("/+$", "") + "/invoices/changes";
        this.exchange = new ErpExchange(credentials, settings);
    }

    /**
     * The invoices changed at or after {@code since} and before {@code until}, from {@code cursor} (null: the
     * first page), at most {@code limit}.
     */
    public InvoicePage changes(Instant since, Instant until, String cursor, int limit) throws ErpException {
        URI uri = URI.create(changesUrl + "?since=" + since + "&until=" + until + "&limit=" + limit
                + (cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8)));
        return exchange.call("the invoice changes", () -> HttpRequest.newBuilder(uri).GET(),
                response -> response.statusCode() == 200 ? page(response.body()) : null);
    }

    /** A page that breaks the documented shape cannot be fixed by asking again: the sync stops and says why. */
    private static ErpAnswer page(String body) {
        try {
            JsonNode page = JSON.readTree(body);
            if (page == null || !page.path("invoices").isArray()) {
                return contract("the page has no \"invoices\" array");
            }
            List<ErpInvoice> invoices = new ArrayList<>();
            for (JsonNode invoice : page.get("invoices")) {
                invoices.add(invoice(invoice));
            }
            JsonNode next = page.path("nextCursor");
            return new ErpAnswer.Accepted<>(new InvoicePage(invoices, next.isTextual() && !next.asText().isBlank() ? next.asText() : null));
        } catch (BrokenPage e) {
            return contract(e.getMessage());
        } catch (IOException e) {
            return contract("the page is not JSON");
        }
    }

    private static ErpInvoice invoice(JsonNode invoice) throws BrokenPage {
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
            throw new BrokenPage("an invoice has no invoiceNumber or customerNumber");
        }
        try {
            return new ErpInvoice(number, customer, Instant.parse(fields.getOrDefault("modifiedAt", "")), fields);
        } catch (DateTimeParseException e) {
            throw new BrokenPage("invoice " + number + " has no ISO-8601 modifiedAt");
        }
    }

    private static ErpAnswer contract(String problem) {
        return new ErpAnswer.Rejected(200, "the page breaks docs/erp-api.md: " + problem);
    }

    /** One invoice of a page breaks the contract, and so the page. */
    private static final class BrokenPage extends Exception {
        BrokenPage(String problem) {
            super(problem, null, false, false);
        }
    }

    @Override
    public void close() {
        exchange.close();
    }
}
