package dev.sfbridge.model;

/**
 * What the ERP answers to an order upsert: the same order number for every repeat of one record.
 *
 * @param write what the ERP did with the change (docs/erp-api.md, "Ordered writes")
 */
public record OrderResult(String orderNumber, String status, Write write) {
    /** What became of the change the upsert carried. */
    public enum Write {
        /** 201: a new order. */
        CREATED,
        /** 200: the record's order updated, or an equal change repeated. */
        UPDATED,
        /**
         * 412 {@code stale_change}: the ERP holds a newer change of the record and kept it; the order number
         * and status are those of the order it holds.
         */
        REFUSED_AS_STALE
    }

    public boolean created() {
        return write == Write.CREATED;
    }
}
