package dev.sfbridge.erpevents;

import dev.sfbridge.apigateway.ProxyRequest;
import dev.sfbridge.config.Env;
import dev.sfbridge.model.CallbackRequest;
import dev.sfbridge.model.QueueJson;
import dev.sfbridge.observability.JsonLog;
import dev.sfbridge.queue.BatchEnqueuer;
import dev.sfbridge.retry.Retry;
import dev.sfbridge.testing.CallbackSampleEvents;
import dev.sfbridge.testing.EmbeddedSqs;
import dev.sfbridge.testing.RecordingMetrics;
import dev.sfbridge.testing.StaticSecretsManager;
import dev.sfbridge.testing.TestClock;
import dev.sfbridge.testing.TestIds;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.sqs.SqsClient;

/** The ERP events route on its own callbacks queue in ElasticMQ, its secret in a stand-in Secrets Manager, a settable clock. */
final class ErpEventsFixture {
    static final String SECRET = "erp-signing-secret-for-tests-0123456789";
    static final String SECRET_ID = "sfbridge/erp-events";
    static final Instant NOW = Instant.ofEpochSecond(CallbackSampleEvents.ERP_SIGNED_AT);

    final EmbeddedSqs sqs = EmbeddedSqs.shared();
    final String queueUrl = sqs.createQueue("callbacks-" + UUID.randomUUID());
    final StaticSecretsManager secrets = new StaticSecretsManager().put(SECRET_ID, SECRET);
    final List<String> logLines = new CopyOnWriteArrayList<>();
    final RecordingMetrics metrics = new RecordingMetrics();
    /** The route reads it for signature timestamps and the secret's time-to-live. */
    final TestClock clock = new TestClock(NOW);
    final ErpEventsConfig config = ErpEventsConfig.from(new Env(Map.of("CALLBACKS_QUEUE_URL", queueUrl,
            "ERP_EVENTS_SECRET_ID", SECRET_ID, "SALESFORCE_ORG_ID", TestIds.ORG.substring(0, 15))));

    ErpEventsHandler handler() {
        return new ErpEventsHandler(config, sqs.client(), secrets, new JsonLog(logLines::add, clock), metrics, clock);
    }

    /** The receiver on any SQS client, with retries that do not wait; its deadlines are on the fixture's clock. */
    ErpEventReceiver receiver(SqsClient sqsClient) {
        return new ErpEventReceiver(
                new SignatureVerifier(new SigningSecret(secrets, SECRET_ID, config.secretTtl(), clock), config.tolerance(), clock),
                new OrderEventReader(config.organizationId(), config.objectType(), clock),
                new BatchEnqueuer(sqsClient, new Retry(3, BackoffStrategy.retryImmediately(), d -> { }), BatchEnqueuer.SQS_MAX_PAYLOAD_BYTES, clock),
                queueUrl,
                config.maxBodyBytes(), new JsonLog(logLines::add, clock), metrics, clock);
    }

    static ErpEventRequest signed(String body) {
        return new ErpEventRequest(new ProxyRequest("POST", "application/json", body, false, "test-request"),
                CallbackSampleEvents.erpSignature(SECRET, NOW.getEpochSecond(), body));
    }

    static String event(String orderNumber, String recordId, String status, String changedAt) {
        return "{\"orderNumber\":\"%s\",\"salesforceRecordId\":\"%s\",\"status\":\"%s\",\"changedAt\":\"%s\"}"
                .formatted(orderNumber, recordId, status, changedAt);
    }

    List<CallbackRequest> queued() {
        return sqs.drain(queueUrl).stream().map(m -> QueueJson.read(m.body(), CallbackRequest.class)).toList();
    }
}
