package dev.sfbridge.erp;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.sfbridge.model.OrderRequest;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The ERP API's JSON (docs/erp-api.md): the order and the customer sfbridge sends, and the answers, bills and secret it reads.
 * The ERP's contract, not the queues': amounts and the lines' quantities and prices as JSON numbers exactly as
 * Salesforce sent them (Jackson writes a {@code BigDecimal} as its own digits), dates and instants as ISO-8601
 * strings, absent fields left out ({@link OrderRequest}'s own annotation).
 */
final class ErpJson {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .build();

    private ErpJson() {}

    /** The body of {@code PUT /orders/by-salesforce-id/{id}}. */
    static String write(OrderRequest order) {
        try {
            return MAPPER.writeValueAsString(order);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The body of {@code PUT /customers/{salesforceAccountId}}: the mapped fields (null for no value), {@code active}
     * and {@code sourceModifiedAt}.
     */
    static String write(ErpCustomer customer) {
        ObjectNode body = MAPPER.createObjectNode().put("salesforceAccountId", customer.salesforceAccountId());
        customer.fields().forEach(body::put);
        return body.put("active", customer.active())
                .put("sourceModifiedAt", customer.sourceModifiedAt().toString())
                .toString();
    }

    /**
     * The JSON in {@code text}, read as a tree.
     *
     * @throws JsonProcessingException when it is not JSON; its message quotes the text, so it must not be shown
     *                                 when the text may be a secret
     */
    static JsonNode tree(String text) throws JsonProcessingException {
        return MAPPER.readTree(text);
    }

    /** The ERP's page of bills; amounts are read from the JSON text into BigDecimal, never through a double. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    private record BillsAnswer(List<ErpBilling.Bill> bills, String nextCursor) {}

    /**
     * A page of the ERP's billing history, {@code {"bills": [...], "nextCursor": "..." | null}}, as a {@link
     * ErpBilling.Page} whose {@code nextPageToken} is the cursor; null when the body is not one.
     */
    static ErpBilling.Page billPage(String body) {
        try {
            BillsAnswer page = MAPPER.readValue(body, BillsAnswer.class);
            return page == null || page.bills() == null ? null : new ErpBilling.Page(page.bills(),
                    page.nextCursor() == null || page.nextCursor().isEmpty() ? null : page.nextCursor());
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    /** The fields of an answer, or null when the body is not a JSON object (an HTML page from a gateway, say). */
    static JsonNode object(String body) {
        try {
            JsonNode node = tree(body);
            return node != null && node.isObject() ? node : null;
        } catch (JsonProcessingException e) {
            return null;
        }
    }
}
