package dev.sfbridge.sync;

import dev.sfbridge.config.Env.ConfigException;
import dev.sfbridge.erp.ErpInvoice;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which Salesforce object the ERP's invoices are upserted into, by which external ID, and which invoice field
 * fills which column (docs/batch-sync.md, "Settings"). Two columns are required: the external ID, filled from
 * {@code invoiceNumber}, and the parent reference (an external-ID reference to the Account,
 * {@code Account__r.ERP_Customer_Number__c}), filled from {@code customerNumber}, which the rows are grouped by.
 *
 * @param columns column to invoice field, in the CSV's column order
 */
public record InvoiceMapping(String object, String externalIdField, String parentColumn, Map<String, String> columns) {
    /** Bulk API's value that empties a field; an empty value would leave it as it is. */
    static final String EMPTY_FIELD = "#N/A";
    public static final String DEFAULT_FIELDS = "ERP_Invoice_Number__c=invoiceNumber,Account__r.ERP_Customer_Number__c=customerNumber,"
            + "Amount__c=amount,Currency__c=currency,Status__c=status,Issued_On__c=issuedOn,Due_On__c=dueOn,Description__c=description";

    public InvoiceMapping {
        columns = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(columns));
        if (!"invoiceNumber".equals(columns.get(externalIdField))) {
            throw new ConfigException("the invoice field mapping must fill the external ID " + externalIdField + " from invoiceNumber");
        }
        if (!"customerNumber".equals(columns.get(parentColumn)) || !parentColumn.matches("\\w+__r\\.\\w+")) {
            throw new ConfigException("the invoice field mapping must fill the parent reference " + parentColumn
                    + " (Relationship__r.ExternalId__c) from customerNumber");
        }
    }

    /** {@code Column=field,Column=field}: column names are API names or {@code X__r.Field} references. */
    public static Map<String, String> parseColumns(String text) {
        Map<String, String> columns = new LinkedHashMap<>();
        for (Map.Entry<String, String> pair : FieldPairs.parse("SYNC_INVOICE_FIELDS", "Column=field", "\\w+(__r\\.\\w+)?", "\\w+", text)) {
            if (columns.put(pair.getKey(), pair.getValue()) != null) {
                throw new ConfigException("SYNC_INVOICE_FIELDS names column " + pair.getKey() + " twice");
            }
        }
        return columns;
    }

    public List<String> header() {
        return List.copyOf(columns.keySet());
    }

    /**
     * The invoice's row in column order; a field the ERP sent no value for ({@code ""}, {@code null}, absent)
     * empties the Salesforce field: {@value #EMPTY_FIELD}, since Bulk API ignores an empty value on update.
     */
    public List<String> row(ErpInvoice invoice) {
        List<String> row = new ArrayList<>(columns.size());
        columns.values().forEach(field -> {
            String value = invoice.fields().get(field);
            row.add(FieldPairs.noValue(value) ? EMPTY_FIELD : value);
        });
        return row;
    }
}
