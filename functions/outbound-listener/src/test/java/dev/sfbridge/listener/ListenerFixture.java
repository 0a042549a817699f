package dev.sfbridge.listener;

import dev.sfbridge.contract.HardenedXmlInput;
import dev.sfbridge.contract.OutboundMessageParser;
import dev.sfbridge.observability.JsonLog;
import dev.sfbridge.queue.BatchEnqueuer;
import dev.sfbridge.retry.Retry;
import dev.sfbridge.testing.EmbeddedSqs;
import dev.sfbridge.testing.RecordingMetrics;
import dev.sfbridge.testing.TestIds;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * A listener on a fresh ElasticMQ queue, with its log lines captured. It takes the sender at its word
 * ({@link SenderCheck#EDGE}): what these tests check is the queueing; SenderVerificationTest checks the sender.
 */
final class ListenerFixture {
    final EmbeddedSqs sqs = EmbeddedSqs.shared();
    final String queueUrl = sqs.createQueue("notifications-" + UUID.randomUUID());
    /** Packs of ten, the opt-in setting: each notification alone, the default, is the same path with packs of one. */
    final ListenerConfig config = new ListenerConfig(queueUrl, OrganizationAllowlist.parse(TestIds.ORG),
            ListenerConfig.DEFAULT_MAX_BODY_BYTES, ListenerConfig.DEFAULT_MAX_ELEMENT_DEPTH, 3, InstanceHosts.parse(InstanceHosts.DEFAULT),
            ListenerConfig.DEFAULT_QUEUE_MAX_MESSAGE_BYTES, ListenerConfig.DEFAULT_MAX_CHANGE_TIME_AHEAD, 10);
    final List<String> logLines = new CopyOnWriteArrayList<>();
    final RecordingMetrics metrics = new RecordingMetrics();

    OutboundMessageListener listener(SqsClient client) {
        return listener(client, config);
    }

    OutboundMessageListener listener(SqsClient client, ListenerConfig config) {
        return new OutboundMessageListener(config, new OutboundMessageParser(new HardenedXmlInput(config.maxElementDepth())),
                new BatchEnqueuer(client, new Retry(config.enqueueAttempts(), BackoffStrategy.retryImmediately(), d -> { })),
                SenderCheck.EDGE, new JsonLog(logLines::add, Clock.systemUTC()), metrics, Clock.systemUTC());
    }

    static ListenerRequest post(String xml) {
        return new ListenerRequest("POST", "text/xml; charset=utf-8", xml, false, "test-request");
    }
}
