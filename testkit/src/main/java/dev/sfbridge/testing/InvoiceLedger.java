package dev.sfbridge.testing;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * The ERP's invoices as its change feed serves them (docs/erp-api.md, "Invoice changes"): each invoice once, at
 * its latest modification, in the order of (modifiedAt, invoiceNumber); a cursor is the position after the last
 * invoice of a page. An invoice changed again moves to its new place, so a cursor never meets it twice in one
 * version. Thread-safe.
 */
public final class InvoiceLedger {
    /** One page: the invoices' JSON fields, and the cursor of the next page or null. */
    public record Page(List<Map<String, Object>> invoices, String nextCursor) {}

    private final NavigableMap<String, Map<String, Object>> byPosition = new TreeMap<>();
    private final Map<String, String> positions = new HashMap<>();

    /**
     * Adds or replaces an invoice: {@code invoiceNumber}, {@code customerNumber} and {@code modifiedAt} (an
     * {@link Instant}) are required, other fields are the ERP's. A modification time in the past is a late commit:
     * the feed holds it where its time puts it, behind cursors that have passed that place.
     */
    public synchronized void put(Map<String, Object> invoice) {
        String number = (String) invoice.get("invoiceNumber");
        Instant modifiedAt = (Instant) invoice.get("modifiedAt");
        if (number == null || invoice.get("customerNumber") == null || modifiedAt == null) {
            throw new IllegalArgumentException("an invoice needs invoiceNumber, customerNumber and modifiedAt: " + invoice);
        }
        String before = positions.remove(number);
        if (before != null) {
            byPosition.remove(before);
        }
        String position = position(modifiedAt, number);
        Map<String, Object> json = new LinkedHashMap<>(invoice);
        json.put("modifiedAt", modifiedAt.toString());
        byPosition.put(position, json);
        positions.put(number, position);
    }

    /** The invoice as the feed serves it now, or null. */
    public synchronized Map<String, Object> get(String invoiceNumber) {
        String position = positions.get(invoiceNumber);
        return position == null ? null : Map.copyOf(byPosition.get(position));
    }

    public synchronized int size() {
        return byPosition.size();
    }

    /**
     * The invoices modified in {@code [since, until)} after {@code cursor} (null: from {@code since}), at most
     * {@code limit}; the next cursor when more follow in the window now.
     */
    public synchronized Page changes(Instant since, Instant until, String cursor, int limit) {
        String from = cursor == null ? position(since, "") : decode(cursor);
        String to = position(until, "");
        List<Map<String, Object>> page = new ArrayList<>();
        String last = null;
        for (Map.Entry<String, Map<String, Object>> entry : byPosition.subMap(from, cursor == null, to, false).entrySet()) {
            if (page.size() == limit) {
                return new Page(page, encode(last));
            }
            page.add(entry.getValue());
            last = entry.getKey();
        }
        return new Page(page, null);
    }

    /** Sorts by time to the nanosecond, then by number: fixed-width epoch nanoseconds. */
    private static String position(Instant at, String number) {
        return "%020d|%s".formatted(at.getEpochSecond() * 1_000_000_000L + at.getNano(), number);
    }

    private static String encode(String position) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(position.getBytes(StandardCharsets.UTF_8));
    }

    /** A cursor it did not make is refused as the ERP would refuse it. */
    static String decode(String cursor) {
        try {
            String position = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            if (!position.matches("\\d{20}\\|.*")) {
                throw new IllegalArgumentException("not a cursor of this feed");
            }
            return position;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a cursor of this feed: " + cursor, e);
        }
    }
}
