package dev.sfbridge.testing;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntPredicate;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

/**
 * A real DynamoDB client that answers the item calls it is told to with throttling, the way DynamoDB
 * does when the SDK's own retries are spent: the caller must handle the rest.
 */
public final class ThrottlingDynamoDb extends DelegatingDynamoDb {
    private final IntPredicate throttleCall;
    private final AtomicInteger calls = new AtomicInteger();
    private final AtomicInteger throttled = new AtomicInteger();

    /** @param throttleCall given the call's number (from 1), whether to throttle it */
    public ThrottlingDynamoDb(DynamoDbClient delegate, IntPredicate throttleCall) {
        super(delegate);
        this.throttleCall = throttleCall;
    }

    public int throttled() {
        return throttled.get();
    }

    private void maybeThrottle() {
        if (throttleCall.test(calls.incrementAndGet())) {
            throttled.incrementAndGet();
            throw ProvisionedThroughputExceededException.builder().statusCode(400).message("injected throttling")
                    .awsErrorDetails(AwsErrorDetails.builder().errorCode("ProvisionedThroughputExceededException")
                            .errorMessage("injected throttling").serviceName("DynamoDB").build())
                    .build();
        }
    }

    @Override
    public PutItemResponse putItem(PutItemRequest request) {
        maybeThrottle();
        return super.putItem(request);
    }

    @Override
    public UpdateItemResponse updateItem(UpdateItemRequest request) {
        maybeThrottle();
        return super.updateItem(request);
    }

    @Override
    public GetItemResponse getItem(GetItemRequest request) {
        maybeThrottle();
        return super.getItem(request);
    }

    @Override
    public DeleteItemResponse deleteItem(DeleteItemRequest request) {
        maybeThrottle();
        return super.deleteItem(request);
    }
}
