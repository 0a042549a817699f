package dev.sfbridge.erp;

import java.util.List;

/**
 * One page of the ERP's invoice changes, in the feed's order (modification time, then invoice number).
 *
 * @param nextCursor where the next page starts, or null when the window has no more changes now
 */
public record InvoicePage(List<ErpInvoice> invoices, String nextCursor) {
    public InvoicePage {
        invoices = List.copyOf(invoices);
    }
}
