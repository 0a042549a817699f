package dev.sfbridge.worker;

import dev.sfbridge.config.Env;
import java.net.URI;
import java.time.Duration;

/**
 * The order worker's settings, read once at start.
 *
 * @param retention how long processed notification IDs are remembered (default 15 days: Salesforce's
 *                  24-hour redelivery window plus the dead-letter queue's 14-day retention, and a margin)
 * @param minimumLease the shortest claim lease (default 2 minutes); a claim also outlasts the invocation
 */
public record WorkerConfig(String idempotencyTable, String callbacksQueueUrl, String deadLetterQueueUrl,
                           URI erpBaseUrl, String erpSecretId, Duration retention, Duration minimumLease) {

    public static WorkerConfig from(Env env) {
        return new WorkerConfig(
                env.required("IDEMPOTENCY_TABLE"),
                env.required("CALLBACKS_QUEUE_URL"),
                env.required("NOTIFICATIONS_DLQ_URL"),
                URI.create(env.required("ERP_BASE_URL")),
                env.required("ERP_SECRET_ID"),
                Duration.ofDays(env.integer("IDEMPOTENCY_RETENTION_DAYS", 15, 2, 365)),
                Duration.ofSeconds(env.integer("IDEMPOTENCY_MIN_LEASE_SECONDS", 120, 10, 3600)));
    }
}
