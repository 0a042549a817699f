package dev.sfbridge.orderapi;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.sfbridge.model.OrderLine;
import dev.sfbridge.model.OrderRequest;
import dev.sfbridge.model.SalesforceIds;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Reads the body of {@code POST /orders} (docs/request-reply.md, "POST /orders") into the {@link OrderRequest} the
 * worker sends too. Strict, so a mistake in an Apex class or a Flow is found at its first call rather than in the
 * ERP: every field is checked for its JSON type and shape, an unknown field is refused (a misspelt one would
 * otherwise be dropped without a word), and the first problem is named with its field. Amounts stay exact
 * decimals; Salesforce IDs are kept in their 18-character form, so a 15-character ID names the same ERP order.
 */
final class OrderBodyReader {
    static final int MAX_LINES = 1000;
    /** Salesforce's longest text field holds 255 characters. */
    private static final int MAX_TEXT = 255;
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            // 5000.00 stays 5000.00, as Salesforce sent it, not 5E+3
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .build();
    static final Set<String> ORDER_FIELDS = Set.of("salesforceRecordId", "salesforceOrgId", "customerAccountId",
            "name", "amount", "closeDate", "ownerId", "stage", "sourceModifiedAt", "lines");
    static final Set<String> LINE_FIELDS = Set.of("salesforceLineItemId", "productCode", "productName", "quantity",
            "unitPrice", "totalPrice");

    OrderRequest read(byte[] body) throws Refusal {
        JsonNode order;
        try {
            order = JSON.readTree(new String(body, StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            throw Refusal.badRequest("malformed_json", "the body is not JSON");
        }
        if (order == null || !order.isObject()) {
            throw Refusal.badRequest("malformed_json", "the body must be a JSON object: the order");
        }
        knownFields(order, ORDER_FIELDS, "");
        String recordId = id(order, "salesforceRecordId", "");
        if (recordId == null) {
            throw Refusal.badRequest("invalid_order", "salesforceRecordId is required: the ID of the record the order is for");
        }
        return new OrderRequest(recordId, id(order, "salesforceOrgId", ""), id(order, "customerAccountId", ""),
                text(order, "name", ""), number(order, "amount", ""), closeDate(order), id(order, "ownerId", ""),
                text(order, "stage", ""), sourceModifiedAt(order), lines(order));
    }

    private static List<OrderLine> lines(JsonNode order) throws Refusal {
        JsonNode lines = present(order, "lines");
        if (lines == null) {
            return null;
        }
        if (!lines.isArray() || lines.size() > MAX_LINES) {
            throw Refusal.badRequest("invalid_order", "lines must be an array of at most " + MAX_LINES + " line objects");
        }
        List<OrderLine> read = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            JsonNode line = lines.get(i);
            String where = "lines[" + i + "].";
            if (!line.isObject()) {
                throw Refusal.badRequest("invalid_order", "lines[" + i + "] must be an object");
            }
            knownFields(line, LINE_FIELDS, where);
            String lineItemId = id(line, "salesforceLineItemId", where);
            if (lineItemId == null) {
                throw Refusal.badRequest("invalid_order", where + "salesforceLineItemId is required: it keeps a line the same line");
            }
            read.add(new OrderLine(lineItemId, text(line, "productCode", where), text(line, "productName", where),
                    number(line, "quantity", where), number(line, "unitPrice", where), number(line, "totalPrice", where)));
        }
        return read;
    }

    private static void knownFields(JsonNode object, Set<String> known, String where) throws Refusal {
        for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                throw Refusal.badRequest("invalid_order", where + abbreviated(name) + " is not a field of an order"
                        + (where.isEmpty() ? "" : " line") + " (docs/request-reply.md)");
            }
        }
    }

    /** The field's value, or null when it is absent or JSON null: both mean "no value", as Apex's JSON writes them. */
    private static JsonNode present(JsonNode object, String field) {
        JsonNode value = object.get(field);
        return value == null || value.isNull() ? null : value;
    }

    private static String text(JsonNode object, String field, String where) throws Refusal {
        JsonNode value = present(object, field);
        if (value == null) {
            return null;
        }
        if (!value.isTextual() || value.asText().length() > MAX_TEXT) {
            throw Refusal.badRequest("invalid_order", where + field + " must be a string of at most " + MAX_TEXT + " characters");
        }
        return value.asText();
    }

    private static String id(JsonNode object, String field, String where) throws Refusal {
        String text = text(object, field, where);
        if (text == null) {
            return null;
        }
        if (!SalesforceIds.isValid(text)) {
            throw Refusal.badRequest("invalid_order", where + field + " must be a Salesforce ID of 15 or 18 characters");
        }
        return SalesforceIds.to18(text);
    }

    private static BigDecimal number(JsonNode object, String field, String where) throws Refusal {
        JsonNode value = present(object, field);
        if (value == null) {
            return null;
        }
        if (!value.isNumber()) {
            throw Refusal.badRequest("invalid_order", where + field + " must be a JSON number, not a string");
        }
        return value.decimalValue();
    }

    private static LocalDate closeDate(JsonNode order) throws Refusal {
        String text = text(order, "closeDate", "");
        try {
            return text == null ? null : LocalDate.parse(text);
        } catch (DateTimeException e) {
            throw Refusal.badRequest("invalid_order", "closeDate must be a date like 2026-11-02");
        }
    }

    private static Instant sourceModifiedAt(JsonNode order) throws Refusal {
        String text = text(order, "sourceModifiedAt", "");
        try {
            return text == null ? null : OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeException e) {
            throw Refusal.badRequest("invalid_order",
                    "sourceModifiedAt must be a time with an offset, like 2026-11-20T10:00:01.000Z (the record's SystemModstamp)");
        }
    }

    /** A field name from the body, cut short: the answer quotes it, and the body is the caller's. */
    private static String abbreviated(String name) {
        String shown = name.length() > 40 ? name.substring(0, 40) + "…" : name;
        return "'" + shown.replaceAll("[^\\x20-\\x7E…]", "?") + "'";
    }
}
