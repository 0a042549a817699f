package dev.sfbridge.local;

import dev.sfbridge.sync.InvoiceMapping;
import dev.sfbridge.sync.InvoiceSync;
import dev.sfbridge.testing.BulkApiSimulator;
import dev.sfbridge.testing.InvoiceLedger;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The ERP's invoices into the org's {@code ERP_Invoice__c} ({@link InvoiceSync}), played locally: the scenario's
 * customers (the Accounts of its opportunities, each with an ERP customer number in the org) get invoices from the
 * ERP over three rounds — a first invoice each; then some paid and a second one for some; then corrections, one of
 * them dropping a field, with commas, quotes, a line break and non-ASCII in the text — and at the end every ERP
 * invoice must be in the org once, with the ERP's values in the columns the sync's mapping ({@code
 * SYNC_INVOICE_FIELDS}) names, and the org must hold no other.
 */
final class InvoicesToSalesforce implements SyncDirection {
    private final InvoiceLedger erp;
    private final BulkApiSimulator org;
    private final InvoiceMapping mapping;
    /** Each customer number, and the ID of its Account in the org. */
    private final Map<String, String> accounts = new LinkedHashMap<>();
    /** Every invoice number the ERP was given, in order. */
    private final Set<String> issued = new LinkedHashSet<>();

    /** @param customers how many customers the scenario has: its opportunities' Accounts */
    InvoicesToSalesforce(InvoiceLedger erp, BulkApiSimulator org, InvoiceMapping mapping, int customers) {
        this.erp = erp;
        this.org = org;
        this.mapping = mapping;
        for (int c = 1; c <= customers; c++) {
            String number = "CUST-%04d".formatted(c);
            accounts.put(number, org.addAccount(number));
        }
    }

    @Override
    public String syncJob() {
        return InvoiceSync.NAME;
    }

    @Override
    public Optional<Instant> change(int round) {
        Instant last = null;
        int c = 0;
        for (String customer : accounts.keySet()) {
            c++;
            switch (round) {
                case 0 -> last = put(invoice(customer, 1, new BigDecimal(100 + c + ".50"), "OPEN", "Services, November"));
                case 1 -> {
                    if (c % 2 == 0) {
                        last = put(invoice(customer, 1, new BigDecimal(100 + c + ".50"), "PAID", "Services, November"));
                    }
                    if (c % 3 == 0) {
                        last = put(invoice(customer, 2, new BigDecimal("40.00"), "OPEN", "Credit \"goodwill\", 10 %"));
                    }
                }
                default -> {
                    if (c % 5 == 0) {
                        Map<String, Object> corrected = invoice(customer, 1, new BigDecimal(100 + c + ".75"), "OPEN",
                                "Korrektur: Gebühr für Lieferung\nzweite Zeile");
                        corrected.remove("dueOn");
                        last = put(corrected);
                    }
                }
            }
        }
        return Optional.ofNullable(last);
    }

    private static Map<String, Object> invoice(String customer, int n, BigDecimal amount, String status, String description) {
        Map<String, Object> invoice = new LinkedHashMap<>();
        invoice.put("invoiceNumber", "INV-" + customer.substring(5) + "-" + n);
        invoice.put("customerNumber", customer);
        invoice.put("amount", amount);
        invoice.put("currency", "EUR");
        invoice.put("status", status);
        invoice.put("issuedOn", "2026-11-0" + n);
        invoice.put("dueOn", "2026-12-0" + n);
        invoice.put("description", description);
        return invoice;
    }

    /** The ERP commits the change now. */
    private Instant put(Map<String, Object> invoice) {
        Instant now = Instant.now();
        invoice.put("modifiedAt", now);
        erp.put(invoice);
        issued.add((String) invoice.get("invoiceNumber"));
        return now;
    }

    @Override
    public SyncReconciliation reconcile() {
        Map<String, List<Map<String, String>>> inOrg = new HashMap<>();
        for (Map<String, String> record : org.records(mapping.object())) {
            inOrg.computeIfAbsent(Objects.requireNonNullElse(record.get(mapping.externalIdField()), ""), number -> new ArrayList<>())
                    .add(record);
        }
        List<String> mismatches = new ArrayList<>();
        int found = 0;
        int matching = 0;
        for (String number : issued) {
            List<Map<String, String>> records = inOrg.getOrDefault(number, List.of());
            if (records.isEmpty()) {
                mismatches.add(number + ": not in the org's " + mapping.object());
                continue;
            }
            found++;
            if (records.size() > 1) {
                mismatches.add(number + ": " + records.size() + " records in the org's " + mapping.object());
                continue;
            }
            List<String> differences = differences(erp.get(number), records.getFirst());
            if (differences.isEmpty()) {
                matching++;
            } else {
                mismatches.add(number + ": the org has " + String.join(", ", differences));
            }
        }
        inOrg.keySet().stream().filter(number -> !issued.contains(number)).sorted()
                .forEach(number -> mismatches.add(number + ": in the org's " + mapping.object() + ", not in the ERP"));
        Map<String, Integer> counts = new LinkedHashMap<>();
        counts.put("ERP invoices", issued.size());
        counts.put("in the org's " + mapping.object(), found);
        counts.put("with the ERP's values", matching);
        counts.put("records in " + mapping.object(), org.recordCount(mapping.object()));
        return new SyncReconciliation(syncJob(), counts, "", mismatches);
    }

    /** Each mapped column whose value in the org is not the ERP's: {@code Column=org's (ERP: erp's)}. */
    private List<String> differences(Map<String, Object> invoice, Map<String, String> record) {
        List<String> differences = new ArrayList<>();
        mapping.columns().forEach((column, field) -> {
            String expected;
            String actual;
            if (column.equals(mapping.parentColumn())) {
                // an external-ID reference sets the lookup: Account__r.ERP_Customer_Number__c fills Account__c
                expected = accounts.get(String.valueOf(invoice.get(field)));
                actual = record.get(column.substring(0, column.indexOf("__r.")) + "__c");
            } else {
                Object value = invoice.get(field);
                expected = value instanceof BigDecimal number ? number.toPlainString() : value == null ? null : value.toString();
                actual = record.get(column);
            }
            if (!Objects.equals(expected, actual)) {
                differences.add(column + "=" + actual + " (ERP: " + expected + ")");
            }
        });
        return differences;
    }
}
