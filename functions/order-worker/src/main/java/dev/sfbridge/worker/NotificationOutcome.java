package dev.sfbridge.worker;

import dev.sfbridge.sqs.Disposition;

/** What became of one notification. Only {@link #RETRY_LATER} goes back to the queue. */
public enum NotificationOutcome {
    /** The ERP order was created or updated and its callback queued. */
    APPLIED,
    /** Processed before (a Salesforce retry, an SQS redelivery, a replay): nothing done. */
    DUPLICATE,
    /** Older than a change already admitted for the same record, or already at the ERP: not applied, no callback. */
    STALE,
    /** The record is deleted, or the integration user cannot see it (read from Salesforce): no order, nothing to retry. */
    RECORD_GONE,
    /** Can never succeed: sent to the dead-letter queue with the reason. */
    DEAD_LETTERED,
    /** Failed for now (ERP or AWS trouble, or another worker holds it): SQS delivers it again after its backoff. */
    RETRY_LATER;

    /** What SQS does with the message. */
    public Disposition disposition() {
        return this == RETRY_LATER ? Disposition.RETRY : Disposition.DONE;
    }
}
