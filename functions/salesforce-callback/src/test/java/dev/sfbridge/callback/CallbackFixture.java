package dev.sfbridge.callback;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.sfbridge.config.Env;
import dev.sfbridge.testing.IdempotencyTable;
import dev.sfbridge.model.CallbackRequest;
import dev.sfbridge.model.QueueJson;
import dev.sfbridge.model.SessionId;
import dev.sfbridge.observability.JsonLog;
import dev.sfbridge.queue.DeadLetterQueue;
import dev.sfbridge.testing.EmbeddedDynamoDb;
import dev.sfbridge.testing.EmbeddedSqs;
import dev.sfbridge.testing.RecordingMetrics;
import dev.sfbridge.testing.SalesforceSimulator;
import dev.sfbridge.testing.StaticSecretsManager;
import dev.sfbridge.testing.TestIds;
import dev.sfbridge.testing.TestKeys;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The callback function against a simulated org (JWT bearer flow trusted with a key made here), its own
 * queue and dead-letter queue in ElasticMQ, its own table in DynamoDB Local, and captured log lines.
 */
final class CallbackFixture implements AutoCloseable {
    static final String CONSUMER_KEY = "3MVG9sfbridgeCallbackTests";
    static final String USERNAME = "integration@sfbridge.example";
    static final String SECRET_ID = "sfbridge/salesforce";
    static final Instant T0 = Instant.parse("2026-11-23T12:00:00Z");

    final SalesforceSimulator salesforce = new SalesforceSimulator();
    final EmbeddedSqs sqs = EmbeddedSqs.shared();
    final String deadLetterQueueUrl;
    final String queueUrl;
    final String table = "idempotency-" + UUID.randomUUID();
    final String privateKeyPem = TestKeys.pkcs8Pem(TestKeys.connectedApp().getPrivate());
    final StaticSecretsManager secrets = new StaticSecretsManager();
    final List<String> logLines = new CopyOnWriteArrayList<>();
    final RecordingMetrics metrics = new RecordingMetrics();
    final List<Duration> pauses = new CopyOnWriteArrayList<>();
    final List<String> sessions = new CopyOnWriteArrayList<>();
    private final AtomicInteger messageIds = new AtomicInteger();

    CallbackFixture() {
        salesforce.trustJwtBearer(CONSUMER_KEY, USERNAME, TestKeys.publicKey(TestKeys.connectedApp()));
        secrets.put(SECRET_ID, "{\"consumerKey\":\"" + CONSUMER_KEY + "\",\"username\":\"" + USERNAME + "\",\"privateKey\":\""
                + privateKeyPem.replace("\n", "\\n") + "\"}");
        String suffix = UUID.randomUUID().toString();
        deadLetterQueueUrl = sqs.createQueue("callbacks-dlq-" + suffix);
        String dlqArn = sqs.client().getQueueAttributes(b -> b.queueUrl(deadLetterQueueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        queueUrl = sqs.client().createQueue(b -> b.queueName("callbacks-" + suffix).attributes(Map.of(
                QueueAttributeName.VISIBILITY_TIMEOUT, "300",
                QueueAttributeName.REDRIVE_POLICY, "{\"maxReceiveCount\":\"5\",\"deadLetterTargetArn\":\"" + dlqArn + "\"}"))).queueUrl();
        IdempotencyTable.create(EmbeddedDynamoDb.shared().client(), table);
    }

    Map<String, String> environment() {
        Map<String, String> env = new HashMap<>();
        env.put("CALLBACKS_DLQ_URL", deadLetterQueueUrl);
        env.put("IDEMPOTENCY_TABLE", table);
        env.put("SALESFORCE_ORG_ID", salesforce.organizationId());
        env.put("SALESFORCE_SECRET_ID", SECRET_ID);
        env.put("SALESFORCE_LOGIN_URL", salesforce.loginUrl().toString());
        return env;
    }

    CallbackHandler handler() {
        return handler(Map.of());
    }

    CallbackHandler handler(Map<String, String> overrides) {
        Map<String, String> env = environment();
        env.putAll(overrides);
        return handler(env, EmbeddedDynamoDb.shared().client());
    }

    /**
     * A handler on {@code clock} (its deadline, its tokens), whose log lines also go to {@code watcher}: to move the
     * clock once a call was made, say.
     */
    CallbackHandler handler(Map<String, String> overrides, Clock clock, Consumer<String> watcher) {
        Map<String, String> env = environment();
        env.putAll(overrides);
        return new CallbackHandler(CallbackConfig.from(new Env(env)), sqs.client(), EmbeddedDynamoDb.shared().client(), secrets,
                new JsonLog(line -> {
                    logLines.add(line);
                    watcher.accept(line);
                }, Clock.systemUTC()), metrics, pauses::add, clock);
    }

    /** A handler whose status guard uses {@code dynamoDb}: to order admissions, say. */
    CallbackHandler handler(DynamoDbClient dynamoDb) {
        return handler(environment(), dynamoDb);
    }

    private CallbackHandler handler(Map<String, String> env, DynamoDbClient dynamoDb) {
        return new CallbackHandler(CallbackConfig.from(new Env(env)), sqs.client(), dynamoDb, secrets,
                new JsonLog(logLines::add, Clock.systemUTC()), metrics, pauses::add);
    }

    /** A new Opportunity in the simulated org. */
    String opportunity(int n) {
        String id = TestIds.id("006", n);
        salesforce.addRecord("Opportunity", id);
        return id;
    }

    /** A live session of the simulated org, as an outbound message brings one. */
    SessionId session() {
        String session = salesforce.newSession();
        sessions.add(session);
        return new SessionId(session);
    }

    /** A callback from the order worker: with the outbound message's session and instance URL. */
    CallbackRequest fromWorker(String recordId, String orderNumber, String status, Instant changedAt, SessionId session) {
        return new CallbackRequest(CallbackRequest.SCHEMA_VERSION, TestIds.id("04l", messageIds.incrementAndGet()),
                salesforce.organizationId(), "Opportunity", recordId, orderNumber, status, changedAt,
                salesforce.instanceUrl().toString(), session);
    }

    /** A callback from an ERP status event: no session, no instance URL. */
    CallbackRequest fromErp(String recordId, String orderNumber, String status, Instant changedAt) {
        return new CallbackRequest(CallbackRequest.SCHEMA_VERSION, null, salesforce.organizationId(), "Opportunity", recordId,
                orderNumber, status, changedAt, null, null);
    }

    SQSEvent event(CallbackRequest... callbacks) {
        return eventOf(List.of(callbacks).stream().map(QueueJson::write).toList());
    }

    SQSEvent eventOf(List<String> bodies) {
        SQSEvent event = new SQSEvent();
        event.setRecords(bodies.stream().map(body -> {
            SQSEvent.SQSMessage message = new SQSEvent.SQSMessage();
            message.setMessageId("msg-" + messageIds.incrementAndGet());
            message.setBody(body);
            message.setEventSource("aws:sqs");
            return message;
        }).toList());
        return event;
    }

    void enqueue(List<CallbackRequest> callbacks) {
        callbacks.forEach(c -> sqs.client().sendMessage(b -> b.queueUrl(queueUrl).messageBody(QueueJson.write(c))));
    }

    /** The messages the callback put on the dead-letter queue itself, by their reason attribute. */
    List<DeadLetter> deadLetters() {
        List<DeadLetter> letters = new ArrayList<>();
        while (true) {
            List<Message> batch = sqs.client().receiveMessage(b -> b.queueUrl(deadLetterQueueUrl).maxNumberOfMessages(10)
                    .waitTimeSeconds(0).messageAttributeNames("All")).messages();
            if (batch.isEmpty()) {
                return letters;
            }
            batch.forEach(m -> letters.add(new DeadLetter(m.body(), m.messageAttributes().containsKey(DeadLetterQueue.REASON)
                    ? m.messageAttributes().get(DeadLetterQueue.REASON).stringValue() : null)));
        }
    }

    record DeadLetter(String body, String reason) {
        CallbackRequest request() {
            return QueueJson.read(body, CallbackRequest.class);
        }
    }

    static List<String> failedIds(SQSBatchResponse response) {
        return response.getBatchItemFailures().stream().map(SQSBatchResponse.BatchItemFailure::getItemIdentifier).toList();
    }

    static List<String> messageIds(SQSEvent event) {
        return event.getRecords().stream().map(SQSEvent.SQSMessage::getMessageId).collect(Collectors.toList());
    }

    /** Every outcome logged for a callback, by message ID. */
    Map<String, String> outcomes() {
        Map<String, String> outcomes = new HashMap<>();
        for (String line : logLines) {
            Map<?, ?> fields = QueueJson.read(line, Map.class);
            if ("callback".equals(fields.get("message"))) {
                outcomes.put((String) fields.get("messageId"), (String) fields.get("outcome"));
            }
        }
        return outcomes;
    }

    @Override
    public void close() {
        salesforce.close();
    }
}
