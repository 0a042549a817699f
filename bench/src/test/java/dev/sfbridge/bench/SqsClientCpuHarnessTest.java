package dev.sfbridge.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.sfbridge.aws.ResolvedOnceSqsEndpoints;
import dev.sfbridge.aws.TimeoutTimer;
import dev.sfbridge.model.NotificationPack;
import dev.sfbridge.queue.BatchEnqueuer;
import dev.sfbridge.testing.EmbeddedSqs;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.utils.ScheduledExecutorUtils;

/** Every client variant the SDK benchmark compares puts a whole listener message on a real (embedded) ElasticMQ. */
class SqsClientCpuHarnessTest {
    private static final EmbeddedSqs SQS = EmbeddedSqs.shared();

    @Test
    void theMessageIsWhatTheListenerEnqueuesForAHundredNotifications() {
        List<BatchEnqueuer.Entry> entries = SqsClientCpuHarness.listenerMessage(1);
        assertEquals(100, entries.size());
        Set<String> ids = entries.stream().map(BatchEnqueuer.Entry::id).collect(Collectors.toSet());
        assertEquals(100, ids.size(), "entry IDs are unique within the call");
        assertEquals(100, entries.stream().map(BatchEnqueuer.Entry::body).distinct().count(), "one notification each");
    }

    @ParameterizedTest
    @EnumSource(SqsClientCpuHarness.Variant.class)
    void eachVariantQueuesEveryEntry(SqsClientCpuHarness.Variant variant) throws Exception {
        String queueUrl = SQS.createQueue("sdk-cpu-" + variant.name().toLowerCase().replace('_', '-'));
        List<BatchEnqueuer.Entry> message = variant.message();
        try (SqsClient client = variant.client(SQS.endpoint())) {
            BatchEnqueuer.withBackoff(client, 3).enqueueAll(queueUrl, message);
        }
        // at least once: a call that outlived its attempt timeout on a busy machine is sent again
        List<Message> queued = SQS.drain(queueUrl);
        assertEquals(message.stream().map(BatchEnqueuer.Entry::body).collect(Collectors.toSet()),
                queued.stream().map(Message::body).collect(Collectors.toSet()));
        assertEquals(100, queued.stream().flatMap(m -> NotificationPack.notifications(m.body()).stream())
                .map(n -> n.notificationId()).distinct().count(), "the hundred notifications, however packed");
        assertEquals(100 / variant.perMessage, message.size());
    }

    @Test
    void beforeIsTheSdksDefaultsAndNowIsWhatTheLayerBuilds() {
        try (SqsClient before = SqsClientCpuHarness.Variant.URL_CONNECTION.client(SQS.endpoint());
             SqsClient now = SqsClientCpuHarness.Variant.SFBRIDGE.client(SQS.endpoint())) {
            assertFalse(before.serviceClientConfiguration().endpointProvider().orElseThrow() instanceof ResolvedOnceSqsEndpoints);
            assertNotSame(TimeoutTimer.shared(), timer(before));
            assertInstanceOf(ResolvedOnceSqsEndpoints.class, now.serviceClientConfiguration().endpointProvider().orElseThrow());
            assertSame(TimeoutTimer.shared(), timer(now));
        }
    }

    private static ScheduledExecutorService timer(SqsClient client) {
        return ScheduledExecutorUtils.unwrapUnmanagedScheduledExecutor(
                client.serviceClientConfiguration().overrideConfiguration().scheduledExecutorService().orElseThrow());
    }

    @Test
    void refusesOptionsThatMeasureNothing() {
        assertThrows(IllegalArgumentException.class, () -> SqsClientCpuHarness.Options.parse("--messages", "0"));
        assertThrows(IllegalArgumentException.class, () -> SqsClientCpuHarness.Options.parse("--rounds", "0"));
    }
}
