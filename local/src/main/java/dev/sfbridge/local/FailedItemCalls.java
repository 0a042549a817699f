package dev.sfbridge.local;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.core.SdkRequest;
import dev.sfbridge.idempotency.DynamoDbIdempotencyStore;
import dev.sfbridge.testing.Intercepted;

/**
 * The functions' DynamoDB steps that failed for good in a chaos run, as opposed to the failed attempts a retry got
 * through: the injected throttling, and what the machine adds of itself (a call that outlasts the client's attempt
 * timeout when DynamoDB Local answers slowly on a loaded machine: ApiCallAttemptTimeoutException, which once made 48
 * of a CI run's 1,000 records written twice, each a claim's completion after the ERP's write). A failed condition is
 * an answer, not a failure. The idempotency store and the change guard try a failed call again (the same request,
 * from the same thread); their step failed when the thread's next call is another one, or there is none: then the
 * caller gave up and cleans up (the claim's release). Each call is told by its operation and item key.
 */
final class FailedItemCalls {
    /** A DynamoDB item call: its operation, item key and, for an update, whether it completes a claim. */
    record Call(String operation, Map<String, AttributeValue> key, boolean completesClaim) {
        /** The key's ID, {@code notification#…} for a claim, {@code record#…} for a change guard's item; null for others. */
        String id() {
            AttributeValue id = key == null ? null : key.get(DynamoDbIdempotencyStore.ID);
            return id == null ? null : id.s();
        }
    }

    private final Map<Thread, Call> failedLast = new ConcurrentHashMap<>();
    private final List<Call> failed = new CopyOnWriteArrayList<>();

    /** The functions' client, {@code client} (the throttling one, or the real) watched. */
    DynamoDbClient watching(DynamoDbClient client) {
        return Intercepted.of(DynamoDbClient.class, client)
                .aroundEvery((SdkRequest request, Function<SdkRequest, Object> real) -> watch(call(request), request, real)).client();
    }

    private static Call call(SdkRequest request) {
        return switch (request) {
            case GetItemRequest get -> new Call("GetItem", get.key(), false);
            case UpdateItemRequest update -> new Call("UpdateItem", update.key(), completesClaim(update));
            default -> new Call(request.getClass().getSimpleName(), null, false);
        };
    }

    /** Whether the update is a claim's completion: the one that sets its status {@code :completed}. */
    static boolean completesClaim(UpdateItemRequest update) {
        return update.hasExpressionAttributeValues() && update.expressionAttributeValues().containsKey(":completed");
    }

    private Object watch(Call call, SdkRequest request, Function<SdkRequest, Object> real) {
        Thread thread = Thread.currentThread();
        Call pending = failedLast.remove(thread);
        if (pending != null && !pending.equals(call)) {
            failed.add(pending);
        }
        try {
            return real.apply(request);
        } catch (ConditionalCheckFailedException answer) {
            throw answer;
        } catch (RuntimeException failure) {
            // not only the SDK's exceptions: a call whose thread was interrupted mid-way can come out of the SDK as a
            // bare RuntimeException around the InterruptedException, and its step failed all the same
            failedLast.put(thread, call);
            throw failure;
        }
    }

    /** The steps that failed: each failed last attempt not followed by a successful one, up to now. */
    List<Call> failed() {
        List<Call> all = new ArrayList<>(failed);
        all.addAll(failedLast.values());
        return all;
    }
}
