package dev.sfbridge.listener;

import dev.sfbridge.config.Env;
import dev.sfbridge.config.Env.ConfigException;
import dev.sfbridge.queue.BatchEnqueuer;
import java.time.Duration;

/**
 * The listener's settings, read once at start.
 *
 * @param maxBodyBytes         largest accepted body after base64 decoding; at most
 *                             {@link #largestBodyFor(int) largestBodyFor(queueMaxMessageBytes)}, so no accepted
 *                             body can make a queue message the queue refuses (default: that largest body)
 * @param maxElementDepth      deepest element nesting accepted (default 32; an outbound message needs 6)
 * @param enqueueAttempts      tries for an entry SQS failed, first send included (default 3)
 * @param instanceHosts        the hosts a message's URLs may name (default any https host in salesforce.com)
 * @param queueMaxMessageBytes the notifications queue's {@code MaximumMessageSize} (default SQS's largest, 1 MiB)
 * @param maxChangeTimeAhead   how far past its receipt a record's change time may lie (default 5 minutes)
 */
public record ListenerConfig(String queueUrl, OrganizationAllowlist allowlist, int maxBodyBytes,
                             int maxElementDepth, int enqueueAttempts, InstanceHosts instanceHosts,
                             int queueMaxMessageBytes, Duration maxChangeTimeAhead) {

    /**
     * How many bytes of queue message one byte of body can become, at most. A field's text is copied into
     * the notification's JSON: a {@code "} or a tab becomes a two-byte escape, a character of a
     * single-byte encoding the XML may declare (windows-1252's {@code €}) three UTF-8 bytes. Markup only
     * shrinks (a field's element name is written twice in XML, once in JSON); the message's header values
     * are copied into each notification, and are each still bytes of the body.
     */
    static final int QUEUE_BYTES_PER_BODY_BYTE = 3;
    /** The queue message's own bytes that do not come from the body: its key names, schema version and receipt time. */
    static final int QUEUE_MESSAGE_ENVELOPE_BYTES = 1024;

    public static final int DEFAULT_QUEUE_MAX_MESSAGE_BYTES = BatchEnqueuer.SQS_MAX_PAYLOAD_BYTES;
    public static final int DEFAULT_MAX_BODY_BYTES = largestBodyFor(DEFAULT_QUEUE_MAX_MESSAGE_BYTES);
    public static final int DEFAULT_MAX_ELEMENT_DEPTH = 32;
    public static final int DEFAULT_ENQUEUE_ATTEMPTS = 3;
    public static final Duration DEFAULT_MAX_CHANGE_TIME_AHEAD = Duration.ofMinutes(5);

    public ListenerConfig {
        if (queueMaxMessageBytes < 1024 || queueMaxMessageBytes > BatchEnqueuer.SQS_MAX_PAYLOAD_BYTES) {
            throw new ConfigException("QUEUE_MAX_MESSAGE_BYTES must be the queue's MaximumMessageSize, 1024 to "
                    + BatchEnqueuer.SQS_MAX_PAYLOAD_BYTES + ", not " + queueMaxMessageBytes);
        }
        if (maxBodyBytes > largestBodyFor(queueMaxMessageBytes)) {
            throw new ConfigException("MAX_BODY_BYTES " + maxBodyBytes + " could make a queue message over the queue's "
                    + queueMaxMessageBytes + " bytes (QUEUE_MAX_MESSAGE_BYTES): at most " + largestBodyFor(queueMaxMessageBytes));
        }
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

    /** The largest body whose every notification fits one message of {@code queueMaxMessageBytes}. */
    public static int largestBodyFor(int queueMaxMessageBytes) {
        return (queueMaxMessageBytes - QUEUE_MESSAGE_ENVELOPE_BYTES) / QUEUE_BYTES_PER_BODY_BYTE;
    }

    public static ListenerConfig from(Env env) {
        int queueMaxMessageBytes = env.integer("QUEUE_MAX_MESSAGE_BYTES", DEFAULT_QUEUE_MAX_MESSAGE_BYTES, 1024,
                BatchEnqueuer.SQS_MAX_PAYLOAD_BYTES);
        return new ListenerConfig(
                env.required("NOTIFICATIONS_QUEUE_URL"),
                OrganizationAllowlist.parse(env.required("ALLOWED_ORG_IDS")),
                // the range is wide on purpose: a body too large for the queue is refused above, with the reason
                env.integer("MAX_BODY_BYTES", largestBodyFor(queueMaxMessageBytes), 1024, 10 * 1024 * 1024),
                env.integer("MAX_ELEMENT_DEPTH", DEFAULT_MAX_ELEMENT_DEPTH, 8, 256),
                env.integer("ENQUEUE_ATTEMPTS", DEFAULT_ENQUEUE_ATTEMPTS, 1, 10),
                InstanceHosts.parse(env.optional("SALESFORCE_INSTANCE_DOMAINS", InstanceHosts.DEFAULT)),
                queueMaxMessageBytes,
                Duration.ofMinutes(env.integer("MAX_CHANGE_TIME_AHEAD_MINUTES", (int) DEFAULT_MAX_CHANGE_TIME_AHEAD.toMinutes(), 1, 1440)));
    }
}
