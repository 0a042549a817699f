package dev.sfbridge.erp;

import java.time.Instant;
import java.util.Map;

/**
 * One invoice of the ERP's change feed (docs/erp-api.md, "Invoice changes"), as it is now.
 *
 * @param fields every field of the invoice as text, by its name in the feed, the three above included: what a
 *               field mapping picks the uploaded columns from. Numbers keep their digits as the ERP sent them.
 */
public record ErpInvoice(String invoiceNumber, String customerNumber, Instant modifiedAt, Map<String, String> fields) {
    public ErpInvoice {
        fields = Map.copyOf(fields);
    }
}
