package dev.sfbridge.worker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sfbridge.model.OrderLine;
import dev.sfbridge.model.SalesforceIds;
import dev.sfbridge.salesforce.AccessToken;
import dev.sfbridge.salesforce.SalesforceClient;
import dev.sfbridge.salesforce.SalesforceException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The Opportunities of a batch and their line items, read with SOQL in as few calls as fit: {@code WHERE Id IN
 * (…)} lists as long as one query call takes ({@link SalesforceClient#fitsOneQuery}), through {@code queryAll} so
 * a record in the recycle bin comes back with {@code IsDeleted} instead of looking like one the user cannot see.
 */
final class OpportunityQuery {
    /** The fields the order is made of ({@link OrderMapping}); SystemModstamp orders the changes. */
    static final List<String> FIELDS = List.of("Name", "AccountId", "Amount", "CloseDate", "OwnerId", "StageName", "SystemModstamp");
    private static final String SELECT = "SELECT Id, IsDeleted, " + String.join(", ", FIELDS)
            + ", (SELECT Id, ProductCode, Product2.Name, Quantity, UnitPrice, TotalPrice FROM OpportunityLineItems)"
            + " FROM " + OrderMapping.OBJECT_TYPE + " WHERE Id IN ";

    /** @param byId what was read of each 18-character ID asked for; {@code calls} API calls it took */
    record Result(Map<String, Fetched> byId, int calls) {}

    private OpportunityQuery() {}

    /** @param ids valid Salesforce IDs, 18 characters */
    static Result read(SalesforceClient salesforce, AccessToken token, List<String> ids) throws SalesforceException {
        Map<String, Fetched> byId = new HashMap<>();
        int calls = 0;
        for (String statement : statements(salesforce, ids)) {
            var result = salesforce.queryAll(token, statement);
            calls += result.calls();
            for (ObjectNode record : result.records()) {
                String id = record.path("Id").asText("");
                if (SalesforceIds.isValid(id)) {
                    byId.put(SalesforceIds.to18(id), record.path("IsDeleted").asBoolean(false) ? new Fetched.Gone(Fetched.Reason.DELETED)
                            : new Fetched.Current(fields(record), lines(record)));
                }
            }
        }
        ids.forEach(id -> byId.putIfAbsent(id, new Fetched.Gone(Fetched.Reason.NOT_VISIBLE)));
        return new Result(byId, calls);
    }

    /** The IDs in as few statements as fit one call each, every one in one of them. */
    static List<String> statements(SalesforceClient salesforce, List<String> ids) {
        List<String> statements = new ArrayList<>();
        int from = 0;
        while (from < ids.size()) {
            int to = from + 1;
            if (!salesforce.fitsOneQuery(statement(ids.subList(from, to)))) {
                throw new IllegalStateException("a query for one record does not fit one call");
            }
            while (to < ids.size() && salesforce.fitsOneQuery(statement(ids.subList(from, to + 1)))) {
                to++;
            }
            statements.add(statement(ids.subList(from, to)));
            from = to;
        }
        return statements;
    }

    private static String statement(List<String> ids) {
        // the IDs are checked Salesforce IDs (letters and digits): nothing in them can end the quoted literal
        return SELECT + ids.stream().map(id -> "'" + id + "'").collect(Collectors.joining(",", "(", ")"));
    }

    private static Map<String, String> fields(JsonNode record) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("Id", record.path("Id").asText());
        for (String field : FIELDS) {
            String value = text(record.get(field));
            if (value != null) {
                fields.put(field, value);
            }
        }
        return fields;
    }

    private static List<OrderLine> lines(JsonNode record) {
        List<OrderLine> lines = new ArrayList<>();
        for (JsonNode row : record.path("OpportunityLineItems").path("records")) {
            lines.add(new OrderLine(text(row.get("Id")), text(row.get("ProductCode")), text(row.path("Product2").get("Name")),
                    decimal(row.get("Quantity")), decimal(row.get("UnitPrice")), decimal(row.get("TotalPrice"))));
        }
        return lines;
    }

    private static String text(JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return null;
        }
        return value.isNumber() ? value.decimalValue().toPlainString() : value.asText();
    }

    private static BigDecimal decimal(JsonNode value) {
        return value == null || !value.isNumber() ? null : value.decimalValue();
    }
}
