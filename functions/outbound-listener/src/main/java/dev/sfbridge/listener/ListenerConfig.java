package dev.sfbridge.listener;

import dev.sfbridge.config.Env;

/**
 * The listener's settings, read once at start.
 *
 * @param maxBodyBytes largest accepted body after base64 decoding (default 1 MiB: a full message of
 *                     100 notifications with many fields stays far below it)
 * @param maxElementDepth deepest element nesting accepted (default 32; an outbound message needs 6)
 * @param enqueueAttempts tries for an entry SQS failed, first send included (default 3)
 * @param instanceHosts   the hosts a message's URLs may name (default any https host in salesforce.com)
 */
public record ListenerConfig(String queueUrl, OrganizationAllowlist allowlist, int maxBodyBytes,
                             int maxElementDepth, int enqueueAttempts, InstanceHosts instanceHosts) {

    public static final int DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
    public static final int DEFAULT_MAX_ELEMENT_DEPTH = 32;
    public static final int DEFAULT_ENQUEUE_ATTEMPTS = 3;

    public static ListenerConfig from(Env env) {
        return new ListenerConfig(
                env.required("NOTIFICATIONS_QUEUE_URL"),
                OrganizationAllowlist.parse(env.required("ALLOWED_ORG_IDS")),
                env.integer("MAX_BODY_BYTES", DEFAULT_MAX_BODY_BYTES, 1024, 10 * 1024 * 1024),
                env.integer("MAX_ELEMENT_DEPTH", DEFAULT_MAX_ELEMENT_DEPTH, 8, 256),
                env.integer("ENQUEUE_ATTEMPTS", DEFAULT_ENQUEUE_ATTEMPTS, 1, 10),
                InstanceHosts.parse(env.optional("SALESFORCE_INSTANCE_DOMAINS", InstanceHosts.DEFAULT)));
    }
}
