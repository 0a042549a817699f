package dev.sfbridge.local;

import dev.sfbridge.listener.InstanceHosts;
import dev.sfbridge.listener.ListenerConfig;
import dev.sfbridge.listener.OrganizationAllowlist;
import dev.sfbridge.listener.OutboundMessageHandler;
import dev.sfbridge.listener.SenderVerification;
import dev.sfbridge.observability.JsonLog;
import dev.sfbridge.testing.RecordingMetrics;
import java.io.IOException;
import java.net.URI;
import java.util.Map;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The Outbound Message listener with its default settings behind local HTTP, on whatever SQS it is
 * given: the local stack's, a separate emulator's (the cold-start benchmark) or an in-memory fake. Senders
 * are not verified: the benchmarks' messages name an org no Salesforce answers for, and they measure what
 * the listener does with a message, not a call to Salesforce (one per session, docs/listener.md).
 */
public final class ListenerServer implements AutoCloseable {
    public static final String PATH = "/outbound-messages";

    private final ApiGatewayServer api;

    /** @param port 0 picks a free one; the counts the listener makes are kept in memory, not printed as EMF */
    public ListenerServer(int port, String queueUrl, String organizationIds, SqsClient sqs, JsonLog log) throws IOException {
        api = new ApiGatewayServer(port, Map.of(PATH, handler(queueUrl, organizationIds, sqs, log)));
    }

    /** The function this serves, alone: what Lambda would invoke behind API Gateway (the benchmarks serve it apart). */
    public static OutboundMessageHandler handler(String queueUrl, String organizationIds, SqsClient sqs, JsonLog log) {
        return handler(queueUrl, organizationIds, sqs, log, ListenerConfig.DEFAULT_NOTIFICATIONS_PER_MESSAGE);
    }

    /** @param notificationsPerMessage the most notifications in one queue message (packs: docs/listener.md) */
    public static OutboundMessageHandler handler(String queueUrl, String organizationIds, SqsClient sqs, JsonLog log,
                                                 int notificationsPerMessage) {
        ListenerConfig config = new ListenerConfig(queueUrl, OrganizationAllowlist.parse(organizationIds),
                ListenerConfig.DEFAULT_MAX_BODY_BYTES, ListenerConfig.DEFAULT_MAX_ELEMENT_DEPTH,
                ListenerConfig.DEFAULT_ENQUEUE_ATTEMPTS, InstanceHosts.parse(InstanceHosts.DEFAULT),
                ListenerConfig.DEFAULT_QUEUE_MAX_MESSAGE_BYTES, ListenerConfig.DEFAULT_MAX_CHANGE_TIME_AHEAD, notificationsPerMessage);
        return new OutboundMessageHandler(config, SenderVerification.none(), sqs,
                () -> {
                    throw new IllegalStateException("no sender verification here reads a secret");
                }, log, new RecordingMetrics());
    }

    public URI endpoint() {
        return api.baseUri().resolve(PATH);
    }

    @Override
    public void close() {
        api.close();
    }
}
