package dev.sfbridge.callback;

import dev.sfbridge.sqs.Disposition;

/** What became of one callback. Only {@link #RETRY_LATER} goes back to the queue. */
public enum CallbackOutcome {
    /** The order number and status are on the Salesforce record. */
    WRITTEN,
    /** Older than a status already admitted for or written to the record (the org refuses it), or than another in the same batch: not written. */
    STALE,
    /** Can never succeed (Salesforce refused the record, the message is unreadable): on the dead-letter queue with the reason. */
    DEAD_LETTERED,
    /** Failed for now (Salesforce, its API limit, AWS): SQS delivers it again after its backoff. */
    RETRY_LATER;

    /** What SQS does with the message. */
    Disposition disposition() {
        return this == RETRY_LATER ? Disposition.RETRY : Disposition.DONE;
    }
}
