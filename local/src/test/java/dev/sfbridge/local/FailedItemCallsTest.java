package dev.sfbridge.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.reflect.Proxy;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

/**
 * A failed step a retry got through is not a failure; one whose last attempt failed (throttled, timed out) is,
 * whatever came after; a failed condition is an answer.
 */
class FailedItemCallsTest {
    private static final Map<String, AttributeValue> CLAIM = Map.of("id", AttributeValue.fromS("notification#04l1#2026-11-20T10:00:01Z"));
    private static final Map<String, AttributeValue> GUARD = Map.of("id", AttributeValue.fromS("record#00Dorg#006a"));

    private static final RuntimeException THROTTLED = ProvisionedThroughputExceededException.builder().message("injected").build();
    private static final RuntimeException OK = new RuntimeException("not thrown: the call succeeds");

    /** What each call, in turn, throws, or {@link #OK}. */
    private final Deque<RuntimeException> throwing = new ArrayDeque<>();
    private final FailedItemCalls failed = new FailedItemCalls();
    private final DynamoDbClient client = failed.watching((DynamoDbClient) Proxy.newProxyInstance(getClass().getClassLoader(),
            new Class<?>[] {DynamoDbClient.class}, (proxy, method, args) -> {
                RuntimeException thrown = throwing.removeFirst();
                if (thrown != OK) {
                    throw thrown;
                }
                return switch (method.getName()) {
                    case "getItem" -> GetItemResponse.builder().build();
                    case "updateItem" -> UpdateItemResponse.builder().build();
                    case "deleteItem" -> DeleteItemResponse.builder().build();
                    default -> throw new UnsupportedOperationException(method.getName());
                };
            }));

    @Test
    void aReadThrottledThenRetriedWithSuccessDidNotFail() {
        throwing.addAll(List.of(THROTTLED, THROTTLED, OK));

        assertThrows(ProvisionedThroughputExceededException.class, this::guardRead);
        assertThrows(ProvisionedThroughputExceededException.class, this::guardRead);
        guardRead();

        assertEquals(List.of(), failed.failed());
    }

    @Test
    void aCompletionWhoseLastAttemptWasThrottledFailedAndSoDidAReadWithNoCallAfterIt() {
        throwing.addAll(List.of(THROTTLED, THROTTLED, OK, THROTTLED));

        assertThrows(ProvisionedThroughputExceededException.class, this::complete);
        assertThrows(ProvisionedThroughputExceededException.class, this::complete);
        client.deleteItem(b -> b.tableName("t").key(CLAIM));
        assertThrows(ProvisionedThroughputExceededException.class, this::guardRead);

        assertEquals(List.of(new FailedItemCalls.Call("UpdateItem", CLAIM, true), new FailedItemCalls.Call("GetItem", GUARD, false)),
                failed.failed());
        assertEquals("notification#04l1#2026-11-20T10:00:01Z", failed.failed().getFirst().id());
    }

    @Test
    void aCompletionWhoseLastAttemptTimedOutFailedButOneRefusedByItsConditionDidNot() {
        throwing.addAll(List.of(ApiCallAttemptTimeoutException.create(1000), OK,
                ConditionalCheckFailedException.builder().message("the lease is another's").build(), OK));

        assertThrows(ApiCallAttemptTimeoutException.class, this::complete);
        guardRead();
        assertEquals(List.of(new FailedItemCalls.Call("UpdateItem", CLAIM, true)), failed.failed());

        assertThrows(ConditionalCheckFailedException.class, this::complete);
        guardRead();
        assertEquals(1, failed.failed().size(), "a condition's answer is no failure");
    }

    @Test
    void aCompletionInterruptedMidCallFailedThoughWhatCameOutWasABareRuntimeException() {
        throwing.addAll(List.of(new RuntimeException(new InterruptedException()), OK));

        assertThrows(RuntimeException.class, this::complete);
        guardRead();

        assertEquals(List.of(new FailedItemCalls.Call("UpdateItem", CLAIM, true)), failed.failed());
    }

    private void guardRead() {
        client.getItem(b -> b.tableName("t").key(GUARD).consistentRead(true));
    }

    private void complete() {
        client.updateItem(b -> b.tableName("t").key(CLAIM).updateExpression("SET #status = :completed")
                .expressionAttributeValues(Map.of(":completed", AttributeValue.fromS("COMPLETED"))));
    }
}
