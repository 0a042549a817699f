package dev.sfbridge.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.sfbridge.idempotency.DynamoDbIdempotencyStore;
import dev.sfbridge.local.template.SamTemplate;
import dev.sfbridge.testing.EmbeddedDynamoDb;
import dev.sfbridge.testing.EmbeddedSqs;
import dev.sfbridge.testing.IdempotencyTable;
import dev.sfbridge.testing.StaticSecretsManager;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/** What the local stack's usage report counts, against the emulators: what docs/cost.md prices. */
class UsageMeterTest {
    private final UsageMeter meter = new UsageMeter();

    @Test
    void invocationsCountWithTheFunctionsMemoryArchitectureAndTrigger() {
        SamTemplate.Function listener = new SamTemplate.Function("ListenerFunction", "a.Handler::handleRequest", Map.of(),
                List.of(new SamTemplate.ApiRoute("/outbound-messages", "POST", Optional.empty())), List.of(), List.of(), 1024, "arm64");
        RequestHandler<String, String> handler = meter.function(listener, (input, context) -> input.toUpperCase());

        assertEquals("A", handler.handleRequest("a", null));
        assertEquals("B", handler.handleRequest("b", null));
        RuntimeException thrown = assertThrows(RuntimeException.class,
                () -> meter.<String, String>function(listener, (input, context) -> {
                    throw new IllegalStateException("x");
                })
                        .handleRequest("c", null));

        assertEquals("x", thrown.getMessage());
        Map<String, Object> counted = lambda().get("ListenerFunction");
        assertEquals(3L, counted.get("invocations"), "a failed invocation is billed too");
        assertEquals(1024, counted.get("memory_mb"));
        assertEquals("arm64", counted.get("architecture"));
        assertEquals("api", counted.get("trigger"));
    }

    @Test
    void sqsRequestsAreBilledByTheir64KbChunksAndEmptyReceivesAreCountedApart() {
        EmbeddedSqs sqs = EmbeddedSqs.shared();
        String queue = sqs.createQueue("usage-" + System.nanoTime());
        SqsClient metered = meter.sqs("ListenerFunction", sqs.client());
        String body = "x".repeat(30 * 1024);

        metered.sendMessageBatch(b -> b.queueUrl(queue).entries(
                e -> e.id("1").messageBody(body), e -> e.id("2").messageBody(body), e -> e.id("3").messageBody(body)));
        metered.sendMessage(b -> b.queueUrl(queue).messageBody("small"));
        sqs.drain(queue);
        metered.receiveMessage(b -> b.queueUrl(queue).waitTimeSeconds(0));

        Map<String, Map<String, Object>> operations = requests("SQS", "ListenerFunction");
        assertEquals(Map.of("calls", 1L, "failed", 0L, "billed_requests", 2L, "empty", 0L, "entries", 3L),
                operations.get("SendMessageBatch"), "90 KB in one request: two 64 KB chunks");
        assertEquals(1L, operations.get("SendMessage").get("billed_requests"));
        assertEquals(1L, operations.get("ReceiveMessage").get("empty"));
    }

    @Test
    void dynamoDbWritesCountTheCapacityTheEmulatorReportsAndARefusedConditionAsAWrite() {
        DynamoDbClient real = EmbeddedDynamoDb.shared().client();
        String table = "usage-" + System.nanoTime();
        IdempotencyTable.create(real, table);
        DynamoDbClient metered = meter.dynamoDb(UsageMeter.FUNCTIONS, real);
        Map<String, AttributeValue> item = Map.of(DynamoDbIdempotencyStore.ID, AttributeValue.fromS("n1"));

        metered.putItem(b -> b.tableName(table).item(item).conditionExpression("attribute_not_exists(#id)")
                .expressionAttributeNames(Map.of("#id", DynamoDbIdempotencyStore.ID)));
        assertThrows(ConditionalCheckFailedException.class, () -> metered.putItem(b -> b.tableName(table).item(item)
                .conditionExpression("attribute_not_exists(#id)").expressionAttributeNames(Map.of("#id", DynamoDbIdempotencyStore.ID))));
        metered.getItem(b -> b.tableName(table).key(item).consistentRead(true));

        Map<String, Map<String, Object>> operations = requests("DynamoDB", UsageMeter.FUNCTIONS);
        assertEquals(Map.of("calls", 2L, "failed", 1L, "read_units", 0.0, "write_units", 2.0, "unmeasured", 0L),
                operations.get("PutItem"));
        assertEquals(1.0, operations.get("GetItem").get("read_units"), "a strongly consistent read of a small item");
    }

    @Test
    void secretsManagerCallsAndLogBytesAreCounted() {
        SecretsManagerClient metered = meter.secretsManager(new StaticSecretsManager().put("erp", "s"));

        metered.getSecretValue(b -> b.secretId("erp"));
        meter.logLine("{\"a\":1}");
        meter.metricRecord("é");

        assertEquals(1L, requests("Secrets Manager", UsageMeter.FUNCTIONS).get("GetSecretValue").get("calls"));
        assertEquals(Map.of("log_line_bytes", 8L, "metric_record_bytes", 3L), meter.report().get("logs"), "UTF-8 bytes and a newline");
        assertTrue(meter.summary().contains("Secrets Manager, functions: GetSecretValue 1"), meter.summary());
    }

    @SuppressWarnings("unchecked")
    private Map<String, Map<String, Object>> lambda() {
        return (Map<String, Map<String, Object>>) meter.report().get("lambda");
    }

    @SuppressWarnings("unchecked")
    private Map<String, Map<String, Object>> requests(String service, String caller) {
        return ((Map<String, Map<String, Map<String, Map<String, Object>>>>) meter.report().get("requests")).get(service).get(caller);
    }
}
