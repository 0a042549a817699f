package dev.sfbridge.erp;

import dev.sfbridge.model.OrderRequest;
import dev.sfbridge.model.OrderResult;
import dev.sfbridge.retry.StartDeadline;

/** The ERP's order API (docs/erp-api.md). */
public interface ErpClient {
    /**
     * Creates the order of one Salesforce record, or updates it if it exists: a repeat returns the same
     * order number. A change older than the one the ERP holds for the record is not applied: the result
     * says {@link OrderResult.Write#REFUSED_AS_STALE}. Retries what is worth retrying before it gives up.
     */
    OrderResult upsertOrder(OrderRequest order) throws ErpException;

    /**
     * As {@link #upsertOrder(OrderRequest)}, but no retry is started once {@code deadline} would pass before it: the
     * call ends {@link ErpException.Kind#RETRYABLE} instead, for the caller's own retry to send again later.
     */
    default OrderResult upsertOrder(OrderRequest order, StartDeadline deadline) throws ErpException {
        return upsertOrder(order);
    }
}
