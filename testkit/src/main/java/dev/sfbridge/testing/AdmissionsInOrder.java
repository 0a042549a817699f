package dev.sfbridge.testing;

import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

/**
 * A change guard's table (the {@code RecordVersionGuard}'s conditional {@code UpdateItem}) on which the
 * change of time {@code first} is admitted before the change of time {@code then}, whichever thread gets
 * there first: the race a test wants, every time, where the older change is admitted and then written late.
 */
public final class AdmissionsInOrder {
    /** How long {@code then}'s admission waits at most, so that a test whose {@code first} never comes fails instead of hanging. */
    private static final long WAIT_SECONDS = 30;

    private final AttributeValue first;
    private final AttributeValue then;
    private final CountDownLatch firstAdmitted = new CountDownLatch(1);
    private final DynamoDbClient client;

    public AdmissionsInOrder(DynamoDbClient delegate, Instant first, Instant then) {
        this.first = version(first);
        this.then = version(then);
        this.client = Intercepted.of(DynamoDbClient.class, delegate).around(UpdateItemRequest.class, this::updateItem).client();
    }

    /** The client on which the admissions come in that order. */
    public DynamoDbClient client() {
        return client;
    }

    private UpdateItemResponse updateItem(UpdateItemRequest request, Function<UpdateItemRequest, UpdateItemResponse> real) {
        AttributeValue version = request.hasExpressionAttributeValues() ? request.expressionAttributeValues().get(":version") : null;
        if (then.equals(version)) {
            try {
                firstAdmitted.await(WAIT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            return real.apply(request);
        } finally {
            if (first.equals(version)) {
                firstAdmitted.countDown();
            }
        }
    }

    /** The guard's version attribute: the change time in epoch milliseconds. */
    private static AttributeValue version(Instant changedAt) {
        return AttributeValue.fromN(Long.toString(changedAt.toEpochMilli()));
    }
}
