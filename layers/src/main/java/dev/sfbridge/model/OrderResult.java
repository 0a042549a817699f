package dev.sfbridge.model;

import java.time.Instant;

/**
 * What the ERP answers to an order upsert: the same order number for every repeat of one record.
 *
 * @param write           what the ERP did with the change (docs/erp-api.md, "Ordered writes")
 * @param statusChangedAt when the order took {@code status}, by the ERP's clock (the one its status events' {@code
 *                        changedAt} is read from); null when the ERP does not say
 * @param answeredSentAt  when the request this answer came from was sent, by the caller's clock: the answer's status
 *                        is the ERP's at that moment or later, whatever earlier attempts of the call the ERP applied
 *                        unanswered; null from a client that does not say
 */
public record OrderResult(String orderNumber, String status, Write write, Instant statusChangedAt, Instant answeredSentAt) {
    /** An answer that does not say when the order took its status. */
    public OrderResult(String orderNumber, String status, Write write) {
        this(orderNumber, status, write, null, null);
    }

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
