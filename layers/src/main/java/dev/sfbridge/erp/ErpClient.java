package dev.sfbridge.erp;

import dev.sfbridge.model.OrderRequest;
import dev.sfbridge.model.OrderResult;

/** The ERP's order API (docs/erp-api.md). */
public interface ErpClient {
    /**
     * Creates the order of one Salesforce record, or updates it if it exists: a repeat returns the same
     * order number. A change older than the one the ERP holds for the record is not applied: the result
     * says {@link OrderResult.Write#REFUSED_AS_STALE}. Retries what is worth retrying before it gives up.
     */
    OrderResult upsertOrder(OrderRequest order) throws ErpException;
}
