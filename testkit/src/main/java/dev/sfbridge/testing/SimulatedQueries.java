package dev.sfbridge.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sfbridge.model.SalesforceIds;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The SOQL {@link SalesforceSimulator} answers, in the REST API's JSON: {@code SELECT f, ..., (SELECT g, ... FROM
 * OpportunityLineItems) FROM Type WHERE Id IN ('...', ...)}. An answer is {@code {totalSize, done, records,
 * nextRecordsUrl?}}, each record with {@code attributes {type, url}}, a dotted field ({@code Product2.Name}) as a
 * nested record, a child relationship as a list of the same shape (null when empty), paged alike. Numbers are JSON
 * numbers, {@code IsDeleted} a boolean, the rest text. {@code query} leaves records in the recycle bin out,
 * {@code queryAll} returns them with {@code IsDeleted: true}; records hidden from the caller's user are never
 * returned. Pages are read with {@code GET /services/data/vXX.X/query/{locator}}.
 */
final class SimulatedQueries {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern QUERY = Pattern.compile("SELECT (.+) FROM (\\w+) WHERE Id IN \\(([^()]*)\\)\\s*", Pattern.DOTALL);
    private static final Pattern SUBQUERY = Pattern.compile("\\(SELECT (.+) FROM (\\w+)\\)", Pattern.DOTALL);
    private static final Pattern QUOTED_ID = Pattern.compile("\\s*'(\\w{15}|\\w{18})'\\s*");
    private static final Set<String> NUMBERS = Set.of("Amount", "Quantity", "UnitPrice", "TotalPrice");
    private static final String CHILD_TYPE = "OpportunityLineItem";

    /** What a record holds when it is queried; {@code hidden}: not for the caller's user. */
    record Row(String type, Map<String, String> fields, boolean deleted, boolean hidden, List<SalesforceSimulator.LineItem> lineItems) {}

    /** An answer other than a page: Salesforce's error code with its status. */
    static final class Refused extends Exception {
        final int status;
        final String errorCode;

        Refused(int status, String errorCode, String message) {
            super(message, null, false, false);
            this.status = status;
            this.errorCode = errorCode;
        }
    }

    private record Cursor(List<ObjectNode> rows, int pageSize) {}

    private final Map<String, Cursor> cursors = new ConcurrentHashMap<>();
    private final AtomicInteger cursorIds = new AtomicInteger();
    private volatile int recordsPerPage = 2000;
    private volatile int childRowsPerPage = 2000;

    void pageSizes(int records, int childRows) {
        recordsPerPage = records;
        childRowsPerPage = childRows;
    }

    /**
     * The first page of {@code soql}'s result.
     *
     * @param records a record by its 18-character ID as the caller's user sees it, or null
     */
    ObjectNode query(String version, String soql, boolean all, Function<String, Row> records) throws Refused {
        Matcher query = QUERY.matcher(soql);
        if (!query.matches()) {
            throw new Refused(400, "MALFORMED_QUERY", "simulator: only SELECT ... FROM T WHERE Id IN (...) is served");
        }
        List<String> fields = topLevel(query.group(1));
        List<ObjectNode> rows = new ArrayList<>();
        for (String id : ids(query.group(3))) {
            Row row = records.apply(id);
            if (row != null && row.type().equals(query.group(2)) && !row.hidden() && (all || !row.deleted())) {
                rows.add(record(version, id, row, fields));
            }
        }
        return page(version, rows, 0, recordsPerPage, newCursor(rows, recordsPerPage));
    }

    /** The page a {@code nextRecordsUrl} names: {@code {cursor}-{offset}}. */
    ObjectNode next(String version, String locator) throws Refused {
        int dash = locator.lastIndexOf('-');
        Cursor cursor = dash < 0 ? null : cursors.get(locator.substring(0, dash));
        int offset;
        try {
            offset = dash < 0 ? -1 : Integer.parseInt(locator.substring(dash + 1));
        } catch (NumberFormatException e) {
            offset = -1;
        }
        if (cursor == null || offset < 0 || offset >= cursor.rows().size()) {
            throw new Refused(400, "INVALID_QUERY_LOCATOR", "invalid query locator");
        }
        return page(version, cursor.rows(), offset, cursor.pageSize(), locator.substring(0, dash));
    }

    private ObjectNode record(String version, String id, Row row, List<String> fields) throws Refused {
        ObjectNode record = withAttributes(version, row.type(), id);
        for (String field : fields) {
            Matcher subquery = SUBQUERY.matcher(field);
            if (subquery.matches()) {
                if (!"OpportunityLineItems".equals(subquery.group(2))) {
                    throw new Refused(400, "INVALID_TYPE", "simulator: no child relationship " + subquery.group(2));
                }
                List<String> childFields = topLevel(subquery.group(1));
                List<ObjectNode> children = new ArrayList<>();
                for (SalesforceSimulator.LineItem item : row.lineItems()) {
                    children.add(lineItem(version, item, childFields));
                }
                record.set(subquery.group(2), children.isEmpty() ? null
                        : page(version, children, 0, childRowsPerPage, newCursor(children, childRowsPerPage)));
            } else if ("Id".equals(field)) {
                record.put("Id", id);
            } else if ("IsDeleted".equals(field)) {
                record.put("IsDeleted", row.deleted());
            } else {
                put(record, field, row.fields().get(field));
            }
        }
        return record;
    }

    private static ObjectNode lineItem(String version, SalesforceSimulator.LineItem item, List<String> fields) throws Refused {
        ObjectNode row = withAttributes(version, CHILD_TYPE, item.id());
        for (String field : fields) {
            String value = switch (field) {
                case "Id" -> item.id();
                case "ProductCode" -> item.productCode();
                case "Name", "Product2.Name" -> item.productName();
                case "Quantity" -> item.quantity().toPlainString();
                case "UnitPrice" -> item.unitPrice().toPlainString();
                case "TotalPrice" -> item.totalPrice().toPlainString();
                default -> throw new Refused(400, "INVALID_FIELD", "No such column '" + field + "' on entity '" + CHILD_TYPE + "'");
            };
            if (field.contains(".")) {
                String[] path = field.split("\\.", 2);
                ObjectNode parent = withAttributes(version, path[0], null);
                parent.put(path[1], value);
                row.set(path[0], parent);
            } else {
                put(row, field, value);
            }
        }
        return row;
    }

    private static void put(ObjectNode record, String field, String value) {
        if (value == null) {
            record.putNull(field);
        } else if (NUMBERS.contains(field)) {
            record.put(field, new BigDecimal(value));
        } else {
            record.put(field, value);
        }
    }

    private static ObjectNode withAttributes(String version, String type, String id) {
        ObjectNode record = JSON.createObjectNode();
        ObjectNode attributes = record.putObject("attributes").put("type", type);
        if (id != null) {
            attributes.put("url", "/services/data/v" + version + "/sobjects/" + type + "/" + id);
        }
        return record;
    }

    private String newCursor(List<ObjectNode> rows, int pageSize) {
        String id = "01gSIM" + cursorIds.incrementAndGet();
        if (rows.size() > pageSize) {
            cursors.put(id, new Cursor(rows, pageSize));
        }
        return id;
    }

    private static ObjectNode page(String version, List<ObjectNode> rows, int offset, int pageSize, String cursor) {
        int end = Math.min(rows.size(), offset + pageSize);
        ObjectNode page = JSON.createObjectNode().put("totalSize", rows.size()).put("done", end == rows.size());
        if (end < rows.size()) {
            page.put("nextRecordsUrl", "/services/data/v" + version + "/query/" + cursor + "-" + end);
        }
        ArrayNode records = page.putArray("records");
        rows.subList(offset, end).forEach(records::add);
        return page;
    }

    /** The fields of a SELECT, split at the commas outside parentheses. */
    private static List<String> topLevel(String fieldList) {
        List<String> fields = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < fieldList.length(); i++) {
            char c = fieldList.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (c == ',' && depth == 0) {
                fields.add(fieldList.substring(start, i).strip());
                start = i + 1;
            }
        }
        fields.add(fieldList.substring(start).strip());
        return fields;
    }

    private static List<String> ids(String list) throws Refused {
        List<String> ids = new ArrayList<>();
        for (String quoted : list.split(",")) {
            Matcher id = QUOTED_ID.matcher(quoted);
            if (!id.matches()) {
                throw new Refused(400, "MALFORMED_QUERY", "simulator: not a quoted ID: " + quoted.strip());
            }
            ids.add(SalesforceIds.to18(id.group(1)));
        }
        return ids;
    }
}
