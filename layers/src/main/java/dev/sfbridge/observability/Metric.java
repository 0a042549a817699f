package dev.sfbridge.observability;

/**
 * Every metric sfbridge emits, in namespace {@value Metrics#NAMESPACE} with dimension {@code Function}. A
 * metric with a {@link #breakdown()} ({@code Reason}, {@code Kind}) is emitted twice in one EMF record: per
 * function, which the alarms watch, and per function and breakdown value, which tells an operator why.
 * docs/observability.md lists them with the paths that count them.
 */
public enum Metric {
    /** The listener acked an outbound message. */
    ACKS("Acks"),
    /** The listener did not ack: a SOAP fault or an HTTP refusal, by its reason code. */
    FAULTS("Faults", "Reason"),
    /** Notifications the listener put on the notifications queue. */
    NOTIFICATIONS_ENQUEUED("NotificationsEnqueued"),
    /** Notifications the listener acked without queueing: they carry no record (deleted before delivery). */
    NOTIFICATIONS_WITHOUT_RECORD("NotificationsWithoutRecord"),
    /** Entries of the endpoint keys' secret that cannot be used, counted each time the listener reads the secret. */
    ENDPOINT_KEY_ENTRIES_UNUSABLE("EndpointKeyEntriesUnusable"),
    /** Notifications already processed (a Salesforce retry, an SQS redelivery, a replay): dropped. */
    DUPLICATES_SUPPRESSED("DuplicatesSuppressed"),
    /** Changes older than one already applied to the record: the order worker's and the callbacks' alike. */
    STALE_CHANGES_SKIPPED("StaleChangesSkipped"),
    /** The ERP answered 201: a new order. */
    ORDERS_CREATED("OrdersCreated"),
    /** The ERP answered 200: the record's order already existed and was updated. */
    ORDERS_UPDATED("OrdersUpdated"),
    /** The ERP did not take an order, after the client's own retries: by kind, PERMANENT or RETRYABLE. */
    ERP_ERRORS("ErpErrors", "Kind"),
    /** The ERP refused sfbridge's credentials also after they were read again: a rotation gone wrong, or in progress. */
    ERP_CREDENTIALS_REFUSED("ErpCredentialsRefused"),
    /** A circuit breaker changed state, by the state it entered: OPEN, HALF_OPEN or CLOSED. */
    CIRCUIT_CHANGES("CircuitChanges", "State"),
    /** Order numbers and statuses written onto Salesforce records. */
    CALLBACKS_APPLIED("CallbacksApplied"),
    /** Callbacks put back on the queue unsent: too little of the invocation was left to start their write. */
    CALLBACKS_NOT_STARTED("CallbacksNotStarted"),
    /** {@code ERP_Order_Update__e} platform events Salesforce accepted for publishing, one per record written. */
    PLATFORM_EVENTS_PUBLISHED("PlatformEventsPublished"),
    /** Platform events not published: the call failed, or Salesforce refused the event. Best-effort: the record stays written. */
    PLATFORM_EVENTS_FAILED("PlatformEventsFailed"),
    /** Salesforce calls answered 404 for the API path itself (a wrong SALESFORCE_API_VERSION): the callbacks wait for a fix. */
    SALESFORCE_CONFIGURATION_ERRORS("SalesforceConfigurationErrors"),
    /** Query calls the order worker made to read ID-only notifications' records (each page one call). */
    SALESFORCE_QUERY_CALLS("SalesforceQueryCalls"),
    /** Notifications whose record could not become an order: by reason, deleted (recycle bin) or not_visible (no access, or gone). */
    RECORDS_GONE("RecordsGone", "Reason"),
    /** OAuth token requests to Salesforce, issued or refused. */
    TOKEN_REFRESHES("TokenRefreshes"),
    /** ERP order status events queued as callbacks by the ERP events route. */
    ERP_EVENTS_ACCEPTED("ErpEventsAccepted"),
    /** Requests the ERP events route did not accept (a 4xx or a 503), by reason code. */
    ERP_EVENTS_REJECTED("ErpEventsRejected", "Reason"),
    /** Requests the request-reply routes did not answer as asked (a 4xx, a 503 or a 504), by reason code. */
    REQUEST_REPLY_REFUSED("RequestReplyRefused", "Reason"),
    /** Messages sfbridge itself sent to a dead-letter queue (not those the redrive policy moved). */
    DEAD_LETTERS_SENT("DeadLettersSent"),

    // the batch sync (docs/batch-sync.md)
    /** A sync run synced its whole window and moved the watermark, by sync job. */
    SYNC_RUNS_SUCCEEDED("SyncRunsSucceeded", "Job"),
    /** A sync run was given up (an ingest job Failed or Aborted, a permanent error), its watermark unchanged, by sync job. */
    SYNC_RUNS_FAILED("SyncRunsFailed", "Job"),
    /** Records a sync wrote to their target. */
    SYNC_RECORDS_SYNCED("SyncRecordsSynced"),
    /** Records the target refused (Bulk API failedResults), kept in the error table to be sent again. */
    SYNC_RECORDS_FAILED("SyncRecordsFailed"),
    /** Errors that reached their attempt limit and are parked until an operator retries them. */
    SYNC_ERRORS_PARKED("SyncErrorsParked");

    private final String metricName;
    private final String breakdown;

    Metric(String metricName) {
        this(metricName, null);
    }

    Metric(String metricName, String breakdown) {
        this.metricName = metricName;
        this.breakdown = breakdown;
    }

    /** The name in CloudWatch. */
    public String metricName() {
        return metricName;
    }

    /** The dimension it is broken down by besides {@code Function}, or null. */
    public String breakdown() {
        return breakdown;
    }
}
