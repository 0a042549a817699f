package dev.sfbridge.callback;

import dev.sfbridge.config.Env;
import dev.sfbridge.salesforce.SalesforceClient;
import dev.sfbridge.salesforce.SalesforceConnection;
import java.time.Duration;

/**
 * The callback function's settings, read once at start (docs/callbacks.md lists them with their defaults).
 *
 * @param salesforce         the org and the credentials, as the order worker reads them too
 * @param recordsPerCall     records in one sObject Collections call (default and maximum 200; 1 sends one PATCH per record)
 * @param rowLockAttempts    tries of a record Salesforce reported UNABLE_TO_LOCK_ROW for, the first included
 * @param statusRetention    how long the newest status time of a record is remembered (default 15 days, as
 *                           the order worker's keys: longer than the dead-letter queue's 14-day retention)
 * @param platformEvents     whether an {@code ERP_Order_Update__e} is published for every record written (default true)
 * @param platformEventsTimeout the request timeout of a publish call (default 3 s): publishing is best-effort, and
 *                           must not hold the batch as long as a write may
 */
public record CallbackConfig(String deadLetterQueueUrl, String idempotencyTable, SalesforceConnection salesforce,
                             FieldMapping fields, int recordsPerCall, int rowLockAttempts, Duration statusRetention,
                             boolean platformEvents, Duration platformEventsTimeout) {
    /**
     * What is kept for the batch's settlement after the last publish: the dead letters' sends and the retried
     * callbacks' visibility changes, two rounds of SQS calls (10 s each at most, {@code AwsClients}).
     */
    static final Duration SETTLEMENT = Duration.ofSeconds(20);

    /**
     * What is kept of the invocation's remaining time for the last write started (docs/callbacks.md, "The
     * invocation's deadline"): a token request and the write, each as long as one request of the client can take (a
     * write may need a token first), the group's platform events' publish, then {@link #SETTLEMENT}. 206 s with the
     * defaults: 79 s + 79 s + 28 s + 20 s.
     */
    Duration afterLastStart() {
        Duration publish = platformEvents ? salesforce.longestRequest(platformEventsTimeout) : Duration.ZERO;
        return salesforce.longestRequest().multipliedBy(2).plus(publish).plus(SETTLEMENT);
    }

    /** The same settings with another way to Salesforce: the local stack's chaos sees its calls. */
    public CallbackConfig withSalesforce(SalesforceConnection connection) {
        return new CallbackConfig(deadLetterQueueUrl, idempotencyTable, connection, fields, recordsPerCall, rowLockAttempts, statusRetention,
                platformEvents, platformEventsTimeout);
    }

    public static CallbackConfig from(Env env) {
        return new CallbackConfig(
                env.required("CALLBACKS_DLQ_URL"),
                env.required("IDEMPOTENCY_TABLE"),
                SalesforceConnection.from(env),
                FieldMapping.from(env),
                env.integer("SALESFORCE_RECORDS_PER_CALL", SalesforceClient.MAX_RECORDS_PER_CALL, 1, SalesforceClient.MAX_RECORDS_PER_CALL),
                env.integer("ROW_LOCK_ATTEMPTS", 3, 1, 10),
                Duration.ofDays(env.integer("STATUS_RETENTION_DAYS", 15, 2, 365)),
                env.bool("PLATFORM_EVENTS_ENABLED", true),
                Duration.ofMillis(env.integer("PLATFORM_EVENTS_TIMEOUT_MS", 3_000, 100, 30_000)));
    }
}
