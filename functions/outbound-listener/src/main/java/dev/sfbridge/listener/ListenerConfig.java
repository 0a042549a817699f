package dev.sfbridge.listener;

import dev.sfbridge.config.Env;
import dev.sfbridge.config.Env.ConfigException;
import dev.sfbridge.model.NotificationPack;
import dev.sfbridge.queue.BatchEnqueuer;
import dev.sfbridge.queue.DeadLetterQueue;
import java.time.Duration;

/**
 * The listener's settings, read once at start.
 *
 * @param maxBodyBytes         largest accepted body after base64 decoding (default and most: {@link #LARGEST_INVOKE_BODY_BYTES},
 *                             the largest a synchronous invoke can carry); a notification too large for one queue
 *                             message is refused on its own by the enqueuer, whatever the body's size
 * @param maxElementDepth      deepest element nesting accepted (default 32; an outbound message needs 6)
 * @param enqueueAttempts      tries for an entry SQS failed, first send included (default 3)
 * @param instanceHosts        the hosts a message's URLs may name (default any https host in salesforce.com)
 * @param queueMaxMessageBytes the notifications queue's {@code MaximumMessageSize} (default SQS's largest, 1 MiB)
 * @param maxChangeTimeAhead   how far past its receipt a record's change time may lie (default 5 minutes)
 * @param notificationsPerMessage the most notifications put in one queue message ({@link NotificationPack}; default
 *                             1, one each; 10 makes a 100-notification message one {@code SendMessageBatch})
 */
public record ListenerConfig(String queueUrl, OrganizationAllowlist allowlist, int maxBodyBytes,
                             int maxElementDepth, int enqueueAttempts, InstanceHosts instanceHosts,
                             int queueMaxMessageBytes, Duration maxChangeTimeAhead, int notificationsPerMessage) {

    /**
     * The largest request payload of a synchronous Lambda invoke: 6 MB (AWS Lambda API reference, Invoke: "For
     * synchronous invocations, the maximum payload size is 6 MB"; Lambda quotas, "Invocation payload"). Counted in
     * decimal megabytes, the smaller reading.
     */
    static final int LAMBDA_SYNC_PAYLOAD_BYTES = 6_000_000;
    /**
     * The proxy event's bytes around the body: its headers (API Gateway's "Quotas for configuring and running a REST
     * API" cap a request's line and headers together at 10,240 bytes, and the event carries the headers twice, as
     * headers and multiValueHeaders), the query string, the request context.
     * A generous bound: a request with more never reaches the function.
     */
    static final int PROXY_EVENT_ENVELOPE_BYTES = 64 * 1024;
    /**
     * The largest body API Gateway can hand the listener: the REST API sends text/xml as a binary media type, so the
     * proxy event carries the body base64-encoded, four characters for every three bytes.
     */
    public static final int LARGEST_INVOKE_BODY_BYTES = (LAMBDA_SYNC_PAYLOAD_BYTES - PROXY_EVENT_ENVELOPE_BYTES) / 4 * 3;

    public static final int DEFAULT_QUEUE_MAX_MESSAGE_BYTES = BatchEnqueuer.SQS_MAX_PAYLOAD_BYTES;
    /** SQS's smallest MaximumMessageSize, 1 KiB, for the notification, and the dead-letter attributes' share. */
    static final int SMALLEST_QUEUE_MESSAGE_BYTES = 1024 + DeadLetterQueue.MAX_ATTRIBUTE_BYTES;
    public static final int DEFAULT_MAX_BODY_BYTES = LARGEST_INVOKE_BODY_BYTES;
    public static final int DEFAULT_MAX_ELEMENT_DEPTH = 32;
    public static final int DEFAULT_ENQUEUE_ATTEMPTS = 3;
    public static final Duration DEFAULT_MAX_CHANGE_TIME_AHEAD = Duration.ofMinutes(5);
    /**
     * One: packs are opt-in until a partly failed pack's failed notifications go back on their own (docs/listener.md,
     * "Packs": retried whole, copies of one pack contending for their claims cycled under the chaos run).
     */
    public static final int DEFAULT_NOTIFICATIONS_PER_MESSAGE = 1;
    /** An outbound message holds at most 100 notifications. */
    static final int MOST_NOTIFICATIONS_PER_MESSAGE = 100;

    public ListenerConfig {
        if (queueMaxMessageBytes < SMALLEST_QUEUE_MESSAGE_BYTES || queueMaxMessageBytes > BatchEnqueuer.SQS_MAX_PAYLOAD_BYTES) {
            throw new ConfigException("QUEUE_MAX_MESSAGE_BYTES must be the queue's MaximumMessageSize, " + SMALLEST_QUEUE_MESSAGE_BYTES
                    + " (room for a notification and the dead-letter reason) to " + BatchEnqueuer.SQS_MAX_PAYLOAD_BYTES
                    + ", not " + queueMaxMessageBytes);
        }
        if (maxBodyBytes > LARGEST_INVOKE_BODY_BYTES) {
            throw new ConfigException("MAX_BODY_BYTES " + maxBodyBytes + " is more than a synchronous Lambda invoke carries: at most "
                    + LARGEST_INVOKE_BODY_BYTES);
        }
        if (notificationsPerMessage < 1 || notificationsPerMessage > MOST_NOTIFICATIONS_PER_MESSAGE) {
            throw new ConfigException("NOTIFICATIONS_PER_MESSAGE must be 1 to " + MOST_NOTIFICATIONS_PER_MESSAGE + ", not "
                    + notificationsPerMessage);
        }
    }

    /**
     * The largest notification queued: the queue's limit less what the worker's dead-letter queue adds to it
     * ({@link DeadLetterQueue#MAX_ATTRIBUTE_BYTES}), so every notification queued can also be dead-lettered with its reason.
     */
    public int largestEntryBytes() {
        return queueMaxMessageBytes - DeadLetterQueue.MAX_ATTRIBUTE_BYTES;
    }

    /** With the default number of notifications in one queue message. */
    public ListenerConfig(String queueUrl, OrganizationAllowlist allowlist, int maxBodyBytes, int maxElementDepth,
                          int enqueueAttempts, InstanceHosts instanceHosts, int queueMaxMessageBytes, Duration maxChangeTimeAhead) {
        this(queueUrl, allowlist, maxBodyBytes, maxElementDepth, enqueueAttempts, instanceHosts, queueMaxMessageBytes,
                maxChangeTimeAhead, DEFAULT_NOTIFICATIONS_PER_MESSAGE);
    }

    /** With the default allowance for a change time ahead of its receipt. */
    public ListenerConfig(String queueUrl, OrganizationAllowlist allowlist, int maxBodyBytes, int maxElementDepth,
                          int enqueueAttempts, InstanceHosts instanceHosts, int queueMaxMessageBytes) {
        this(queueUrl, allowlist, maxBodyBytes, maxElementDepth, enqueueAttempts, instanceHosts, queueMaxMessageBytes,
                DEFAULT_MAX_CHANGE_TIME_AHEAD);
    }

    /** On a queue that takes SQS's largest messages. */
    public ListenerConfig(String queueUrl, OrganizationAllowlist allowlist, int maxBodyBytes,
                          int maxElementDepth, int enqueueAttempts, InstanceHosts instanceHosts) {
        this(queueUrl, allowlist, maxBodyBytes, maxElementDepth, enqueueAttempts, instanceHosts, DEFAULT_QUEUE_MAX_MESSAGE_BYTES);
    }

    public static ListenerConfig from(Env env) {
        int queueMaxMessageBytes = env.integer("QUEUE_MAX_MESSAGE_BYTES", DEFAULT_QUEUE_MAX_MESSAGE_BYTES, 1024,
                BatchEnqueuer.SQS_MAX_PAYLOAD_BYTES);
        return new ListenerConfig(
                env.required("NOTIFICATIONS_QUEUE_URL"),
                OrganizationAllowlist.parse(env.required("ALLOWED_ORG_IDS")),
                env.integer("MAX_BODY_BYTES", DEFAULT_MAX_BODY_BYTES, 1024, LARGEST_INVOKE_BODY_BYTES),
                env.integer("MAX_ELEMENT_DEPTH", DEFAULT_MAX_ELEMENT_DEPTH, 8, 256),
                env.integer("ENQUEUE_ATTEMPTS", DEFAULT_ENQUEUE_ATTEMPTS, 1, 10),
                InstanceHosts.parse(env.optional("SALESFORCE_INSTANCE_DOMAINS", InstanceHosts.DEFAULT)),
                queueMaxMessageBytes,
                Duration.ofMinutes(env.integer("MAX_CHANGE_TIME_AHEAD_MINUTES", (int) DEFAULT_MAX_CHANGE_TIME_AHEAD.toMinutes(), 1, 1440)),
                env.integer("NOTIFICATIONS_PER_MESSAGE", DEFAULT_NOTIFICATIONS_PER_MESSAGE, 1, MOST_NOTIFICATIONS_PER_MESSAGE));
    }
}
