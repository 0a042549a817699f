package dev.sfbridge.worker;

import dev.sfbridge.config.Env;
import dev.sfbridge.config.Env.ConfigException;
import dev.sfbridge.salesforce.SalesforceConnection;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The order worker's settings, read once at start (docs/order-worker.md lists them with their defaults).
 *
 * @param retention    how long processed notification IDs are remembered (default 15 days: Salesforce's
 *                     24-hour redelivery window plus the dead-letter queue's 14-day retention, and a margin)
 * @param minimumLease the shortest claim lease (default 2 minutes); a claim also outlasts the invocation
 * @param salesforce   the org and the credentials the records of ID-only notifications are read with, as the
 *                     callbacks read them
 * @param fetchAlways  object types whose records are read from Salesforce even when the notification carries
 *                     fields ({@code FETCH_RECORDS_FOR}, comma-separated; default none): for line items on every order
 */
public record WorkerConfig(String idempotencyTable, String callbacksQueueUrl, String deadLetterQueueUrl,
                           URI erpBaseUrl, String erpSecretId, Duration retention, Duration minimumLease,
                           SalesforceConnection salesforce, Set<String> fetchAlways) {

    public WorkerConfig {
        fetchAlways = Set.copyOf(fetchAlways);
    }

    public static WorkerConfig from(Env env) {
        return new WorkerConfig(
                env.required("IDEMPOTENCY_TABLE"),
                env.required("CALLBACKS_QUEUE_URL"),
                env.required("NOTIFICATIONS_DLQ_URL"),
                URI.create(env.required("ERP_BASE_URL")),
                env.required("ERP_SECRET_ID"),
                Duration.ofDays(env.integer("IDEMPOTENCY_RETENTION_DAYS", 15, 2, 365)),
                Duration.ofSeconds(env.integer("IDEMPOTENCY_MIN_LEASE_SECONDS", 120, 10, 3600)),
                SalesforceConnection.from(env),
                fetchAlways(env.optional("FETCH_RECORDS_FOR", "")));
    }

    /** The same settings with another minimum lease: the local stack compresses time. */
    public WorkerConfig withMinimumLease(Duration lease) {
        return new WorkerConfig(idempotencyTable, callbacksQueueUrl, deadLetterQueueUrl, erpBaseUrl, erpSecretId, retention, lease,
                salesforce, fetchAlways);
    }

    /** The same settings with another way to Salesforce: the local stack's chaos sees its calls. */
    public WorkerConfig withSalesforce(SalesforceConnection connection) {
        return new WorkerConfig(idempotencyTable, callbacksQueueUrl, deadLetterQueueUrl, erpBaseUrl, erpSecretId, retention, minimumLease,
                connection, fetchAlways);
    }

    private static Set<String> fetchAlways(String list) {
        Set<String> types = new LinkedHashSet<>();
        for (String type : Arrays.stream(list.split(",")).map(String::strip).filter(t -> !t.isEmpty()).toList()) {
            if (!OrderMapping.OBJECT_TYPE.equals(type)) {
                throw new ConfigException("FETCH_RECORDS_FOR names " + type + ": the worker reads " + OrderMapping.OBJECT_TYPE
                        + " records only");
            }
            types.add(type);
        }
        return types;
    }
}
