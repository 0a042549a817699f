package dev.sfbridge.worker;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.sfbridge.erp.ErpClient;
import dev.sfbridge.erp.ErpCredentials;
import dev.sfbridge.erp.HttpErpClient;
import dev.sfbridge.testing.IdempotencyTable;
import dev.sfbridge.model.CallbackRequest;
import dev.sfbridge.model.Notification;
import dev.sfbridge.model.QueueJson;
import dev.sfbridge.observability.JsonLog;
import dev.sfbridge.testing.EmbeddedDynamoDb;
import dev.sfbridge.testing.EmbeddedSqs;
import dev.sfbridge.testing.ErpSimulator;
import dev.sfbridge.testing.OutboundMessages;
import dev.sfbridge.testing.RecordingMetrics;
import dev.sfbridge.testing.SqsEventSourceMapping;
import dev.sfbridge.testing.TestClock;
import dev.sfbridge.salesforce.OAuthFlow;
import dev.sfbridge.salesforce.SalesforceConnection;
import dev.sfbridge.testing.SalesforceSimulator;
import dev.sfbridge.testing.StaticSecretsManager;
import dev.sfbridge.testing.TestIds;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The worker against real wire protocols: notifications and callbacks queues with a dead-letter queue
 * on ElasticMQ, the idempotency table on DynamoDB Local, the ERP simulator and a simulated Salesforce org
 * (client credentials trusted) over HTTP; a clock tests move.
 */
final class WorkerFixture implements AutoCloseable {
    static final Duration LEASE = Duration.ofMinutes(2);
    static final int MAX_RECEIVE_COUNT = 5;

    final EmbeddedSqs sqs = EmbeddedSqs.shared();
    final DynamoDbClient dynamoDb = EmbeddedDynamoDb.shared().client();
    final String table = "idempotency-" + UUID.randomUUID();
    final String deadLetterUrl = sqs.createQueue("notifications-dlq-" + UUID.randomUUID());
    final String notificationsUrl = queueWithRedrive();
    final String callbacksUrl = sqs.createQueue("callbacks-" + UUID.randomUUID());
    static final String SALESFORCE_SECRET_ID = "sfbridge/salesforce";
    static final Instant SENT_AT = Instant.parse("2026-11-20T10:00:00Z");

    final ErpSimulator erp = ErpSimulator.withApiKey("test-erp-key");
    final SalesforceSimulator salesforce = new SalesforceSimulator();
    /** The session the ID-only outbound message carries. */
    final String session = salesforce.newSession();
    final StaticSecretsManager secrets = new StaticSecretsManager().put(SALESFORCE_SECRET_ID,
            "{\"consumerKey\":\"3MVG9worker\",\"consumerSecret\":\"worker-secret\"}");
    /** The Salesforce client's pauses between retries: recorded, not slept. */
    final List<Duration> salesforcePauses = new CopyOnWriteArrayList<>();
    final TestClock clock = new TestClock(Instant.parse("2026-11-23T12:00:00Z"));
    final List<String> logLines = new CopyOnWriteArrayList<>();
    final RecordingMetrics metrics = new RecordingMetrics();
    final WorkerConfig config = new WorkerConfig(table, callbacksUrl, deadLetterUrl, erp.baseUri(), "unused",
            Duration.ofDays(15), LEASE, new SalesforceConnection(salesforce.organizationId(), SALESFORCE_SECRET_ID,
            OAuthFlow.CLIENT_CREDENTIALS, salesforce.loginUrl(), "62.0", Duration.ofSeconds(2), Duration.ofSeconds(5), 3), Set.of());

    WorkerFixture() {
        IdempotencyTable.create(dynamoDb, table);
        salesforce.trustClientCredentials("3MVG9worker", "worker-secret");
    }

    HttpErpClient erpClient() {
        return new HttpErpClient(erp.baseUri(), ErpCredentials.fixed(erp.secret()),
                // long enough that a busy CI machine never times out a request the ERP answers; only a hang does
                HttpErpClient.Settings.defaults().withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(2)).withPause(d -> { })
                        .withClock(clock));
    }

    OrderWorkerHandler handler() {
        return handler(dynamoDb, sqs.client(), erpClient());
    }

    OrderWorkerHandler handler(DynamoDbClient dynamo, SqsClient client, ErpClient erpClient) {
        return handler(config, dynamo, client, erpClient);
    }

    OrderWorkerHandler handler(WorkerConfig workerConfig, DynamoDbClient dynamo, SqsClient client, ErpClient erpClient) {
        return new OrderWorkerHandler(workerConfig, dynamo, client, erpClient, secrets, new JsonLog(logLines::add, clock), metrics,
                salesforcePauses::add, clock);
    }

    SqsEventSourceMapping mapping(OrderWorkerHandler handler) {
        return new SqsEventSourceMapping(sqs.client(), notificationsUrl, 10, event -> handler.handleRequest(event, null));
    }

    /** Opportunity {@code n}'s notification, as the listener queues it, changed at {@code changedAt}. */
    static Notification notification(int n, String notificationSuffix, Instant changedAt) {
        OutboundMessages.Notification sent = OutboundMessages.opportunity(n);
        Map<String, String> fields = new LinkedHashMap<>(sent.fields());
        fields.put("SystemModstamp", changedAt.toString());
        return OutboundMessages.message().queued(new OutboundMessages.Notification(sent.id() + notificationSuffix,
                sent.objectType(), fields), Instant.parse("2026-11-23T11:59:00Z"));
    }

    /**
     * Opportunity {@code n} in the simulated org, last changed at {@code changedAt}, with {@code lineItems} products:
     * product {@code i} is {@code i} of {@code P-i} at 10.00 each.
     */
    String opportunityInOrg(int n, Instant changedAt, int lineItems) {
        String id = TestIds.id("006", n);
        salesforce.addRecord("Opportunity", id);
        salesforce.putFields(id, Map.of("Name", "Deal " + n, "AccountId", TestIds.id("001", n), "Amount", "2500.00",
                "CloseDate", "2026-12-01", "OwnerId", TestIds.id("005", 7), "StageName", "Closed Won",
                "SystemModstamp", salesforceDateTime(changedAt)));
        for (int i = 1; i <= lineItems; i++) {
            salesforce.addLineItem(id, lineItem(n, i, BigDecimal.valueOf(i)));
        }
        return id;
    }

    static SalesforceSimulator.LineItem lineItem(int n, int i, BigDecimal quantity) {
        return new SalesforceSimulator.LineItem(TestIds.id("00k", n * 1000L + i), "P-" + i, "Product " + i, quantity, new BigDecimal("10.00"));
    }

    /** As the REST API writes a datetime: {@code 2026-11-20T10:00:00.000+0000}. */
    static String salesforceDateTime(Instant instant) {
        return DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSxx").withZone(ZoneOffset.UTC).format(instant);
    }

    /** Opportunity {@code n}'s notification from an outbound message that sends the ID and a session only. */
    Notification idOnly(int n, String notificationSuffix) {
        return idOnly(n, notificationSuffix, session);
    }

    Notification idOnly(int n, String notificationSuffix, String sessionId) {
        return OutboundMessages.message().sessionId(sessionId).instanceUrl(salesforce.instanceUrl().toString())
                .queued(new OutboundMessages.Notification(TestIds.id("04l", n) + notificationSuffix, "Opportunity",
                        Map.of("Id", TestIds.id("006", n))), Instant.parse("2026-11-23T11:59:00Z"));
    }

    static Notification notification(int n) {
        return notification(n, "", Instant.parse("2026-11-20T10:00:00Z"));
    }

    void enqueue(Notification notification) {
        sqs.client().sendMessage(b -> b.queueUrl(notificationsUrl).messageBody(QueueJson.write(notification)));
    }

    List<CallbackRequest> callbacks() {
        return sqs.drain(callbacksUrl).stream().map(m -> QueueJson.read(m.body(), CallbackRequest.class)).toList();
    }

    List<Message> deadLetters() {
        return sqs.client().receiveMessage(b -> b.queueUrl(deadLetterUrl).maxNumberOfMessages(10).waitTimeSeconds(0)
                .messageAttributeNames("All")).messages();
    }

    static SQSEvent event(Map<String, Notification> byMessageId) {
        SQSEvent event = new SQSEvent();
        event.setRecords(byMessageId.entrySet().stream().map(e -> {
            SQSEvent.SQSMessage message = new SQSEvent.SQSMessage();
            message.setMessageId(e.getKey());
            message.setBody(QueueJson.write(e.getValue()));
            return message;
        }).toList());
        return event;
    }

    static List<String> failedIds(SQSBatchResponse response) {
        return response.getBatchItemFailures().stream().map(SQSBatchResponse.BatchItemFailure::getItemIdentifier).toList();
    }

    private String queueWithRedrive() {
        String dlqArn = sqs.client().getQueueAttributes(b -> b.queueUrl(deadLetterUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        return sqs.client().createQueue(b -> b.queueName("notifications-" + UUID.randomUUID()).attributes(Map.of(
                QueueAttributeName.REDRIVE_POLICY,
                "{\"maxReceiveCount\":\"" + MAX_RECEIVE_COUNT + "\",\"deadLetterTargetArn\":\"" + dlqArn + "\"}"))).queueUrl();
    }

    URI erpUri() {
        return erp.baseUri();
    }

    @Override
    public void close() {
        erp.close();
        salesforce.close();
    }
}
