package dev.sfbridge.testing;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntPredicate;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * A real DynamoDB client ({@link #client()}) that answers the item calls it is told to with throttling, the
 * way DynamoDB does when the SDK's own retries are spent: the caller must handle the rest.
 */
public final class ThrottlingDynamoDb {
    private final DynamoDbClient client;
    private final IntPredicate throttleCall;
    private final AtomicInteger calls = new AtomicInteger();
    private final AtomicInteger throttled = new AtomicInteger();

    /** @param throttleCall given the call's number (from 1), whether to throttle it */
    public ThrottlingDynamoDb(DynamoDbClient delegate, IntPredicate throttleCall) {
        this.throttleCall = throttleCall;
        Intercepted<DynamoDbClient> intercepted = Intercepted.of(DynamoDbClient.class, delegate);
        for (Class<? extends DynamoDbRequest> itemCall
                : List.of(PutItemRequest.class, UpdateItemRequest.class, GetItemRequest.class, DeleteItemRequest.class)) {
            intercepted.before(itemCall, request -> maybeThrottle());
        }
        this.client = intercepted.client();
    }

    /** The client whose item calls are throttled. */
    public DynamoDbClient client() {
        return client;
    }

    public int throttled() {
        return throttled.get();
    }

    /** What DynamoDB answers a throttled call with once the SDK's own retries are spent. */
    public static ProvisionedThroughputExceededException throttling() {
        return (ProvisionedThroughputExceededException) ProvisionedThroughputExceededException.builder().statusCode(400)
                .message("injected throttling").awsErrorDetails(AwsErrorDetails.builder()
                        .errorCode("ProvisionedThroughputExceededException").errorMessage("injected throttling")
                        .serviceName("DynamoDB").build())
                .build();
    }

    private void maybeThrottle() {
        if (throttleCall.test(calls.incrementAndGet())) {
            throttled.incrementAndGet();
            throw throttling();
        }
    }
}
