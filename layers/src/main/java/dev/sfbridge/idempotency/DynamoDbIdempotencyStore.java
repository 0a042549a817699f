package dev.sfbridge.idempotency;

import dev.sfbridge.retry.Retry;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;
import software.amazon.awssdk.services.dynamodb.model.RequestLimitExceededException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;

/**
 * The idempotency store in a DynamoDB table keyed by {@code id} (a string), with {@code expiresAt} as its
 * TTL attribute. A claim is one conditional {@code PutItem} that wins only if the key is new, its record
 * has expired, or it is in progress under an expired lease (the takeover); the losing side reads the
 * current record from the failed condition, without a second call. Each claim writes a fresh lease token,
 * so a retried put that meets its own earlier, applied attempt knows it by the token; a completion or a
 * release repeated after its first attempt was applied meets the same token, or no item, and is done too.
 */
public final class DynamoDbIdempotencyStore implements IdempotencyStore {
    public static final String ID = "id";
    static final String STATUS = "status";
    static final String RESULT = "result";
    static final String LEASE_TOKEN = "leaseToken";
    static final String LEASE_EXPIRES_AT = "leaseExpiresAt";
    public static final String EXPIRES_AT = "expiresAt";

    /** A record's {@code status}: claimed and in progress under a lease, or completed with its result. */
    enum Status { IN_PROGRESS, COMPLETED }

    private final DynamoDbClient dynamoDb;
    private final String table;
    private final Duration retention;
    private final Retry retry;

    /**
     * @param retention how long a completed key is remembered: longer than Salesforce's 24-hour redelivery
     *                  window plus the dead-letter queue's retention, so a replay is still recognised
     * @param retry     for throttling and 5xx that outlast the SDK's own retries
     */
    public DynamoDbIdempotencyStore(DynamoDbClient dynamoDb, String table, Duration retention, Retry retry) {
        this.dynamoDb = dynamoDb;
        this.table = table;
        this.retention = retention;
        this.retry = retry;
    }

    @Override
    public Claim claim(String key, Instant now, Duration lease) {
        Lease claimed = new Lease(key, UUID.randomUUID().toString(), now.plus(lease));
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(ID, s(key));
        item.put(STATUS, s(Status.IN_PROGRESS.name()));
        item.put(LEASE_TOKEN, s(claimed.token()));
        item.put(LEASE_EXPIRES_AT, n(claimed.expiresAt().toEpochMilli()));
        item.put(EXPIRES_AT, n(now.plus(retention).getEpochSecond()));
        try {
            PutItemResponse put = retry.call(() -> dynamoDb.putItem(b -> b.tableName(table).item(item)
                    .conditionExpression("attribute_not_exists(#id) OR #expiresAt < :nowSeconds"
                            + " OR (#status = :inProgress AND #leaseExpiresAt < :nowMillis)")
                    .expressionAttributeNames(Map.of("#id", ID, "#expiresAt", EXPIRES_AT, "#status", STATUS,
                            "#leaseExpiresAt", LEASE_EXPIRES_AT))
                    .expressionAttributeValues(Map.of(":nowSeconds", n(now.getEpochSecond()),
                            ":inProgress", s(Status.IN_PROGRESS.name()), ":nowMillis", n(now.toEpochMilli())))
                    .returnValues(ReturnValue.ALL_OLD)
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)),
                    DynamoDbIdempotencyStore::transientFailure);
            boolean takenOver = put.hasAttributes() && Status.IN_PROGRESS.name().equals(put.attributes().get(STATUS).s())
                    && Long.parseLong(put.attributes().get(EXPIRES_AT).n()) >= now.getEpochSecond();
            return new Claim.Acquired(claimed, takenOver);
        } catch (ConditionalCheckFailedException held) {
            Map<String, AttributeValue> holder = held.item();
            if (Status.COMPLETED.name().equals(holder.get(STATUS).s())) {
                return new Claim.AlreadyCompleted(holder.get(RESULT).s());
            }
            // An earlier attempt of this very put was applied but its answer lost (an attempt timeout, a reset
            // connection), and the SDK or the retry sent it again: the lease in the way is this claim's own. Whether
            // that attempt took a crashed worker's lease over, its lost answer would have said.
            return claimed.token().equals(holder.get(LEASE_TOKEN).s())
                    ? new Claim.Acquired(claimed, false)
                    : new Claim.HeldElsewhere();
        }
    }

    @Override
    public void complete(Lease lease, String result, Instant now) throws LeaseLost {
        try {
            retry.call(() -> dynamoDb.updateItem(b -> b.tableName(table).key(Map.of(ID, s(lease.key())))
                    .updateExpression("SET #status = :completed, #result = :result, #expiresAt = :expiresAt"
                            + " REMOVE #leaseExpiresAt")
                    .conditionExpression("#leaseToken = :token")
                    .expressionAttributeNames(Map.of("#status", STATUS, "#result", RESULT, "#expiresAt", EXPIRES_AT,
                            "#leaseExpiresAt", LEASE_EXPIRES_AT, "#leaseToken", LEASE_TOKEN))
                    .expressionAttributeValues(Map.of(":completed", s(Status.COMPLETED.name()), ":result", s(result),
                            ":expiresAt", n(now.plus(retention).getEpochSecond()), ":token", s(lease.token())))),
                    DynamoDbIdempotencyStore::transientFailure);
        } catch (ConditionalCheckFailedException lost) {
            throw new LeaseLost(lease.key());
        }
    }

    @Override
    public void release(Lease lease) {
        try {
            retry.call(() -> dynamoDb.deleteItem(b -> b.tableName(table).key(Map.of(ID, s(lease.key())))
                    .conditionExpression("#leaseToken = :token")
                    .expressionAttributeNames(Map.of("#leaseToken", LEASE_TOKEN))
                    .expressionAttributeValues(Map.of(":token", s(lease.token())))),
                    DynamoDbIdempotencyStore::transientFailure);
        } catch (ConditionalCheckFailedException lost) {
            // another worker holds the key now: it is theirs to finish
        }
    }

    /** Throttling, 5xx and client-side failures (timeouts) pass; a failed condition is an answer, not a fault. */
    static boolean transientFailure(RuntimeException e) {
        if (e instanceof ConditionalCheckFailedException) {
            return false;
        }
        if (e instanceof ProvisionedThroughputExceededException || e instanceof RequestLimitExceededException) {
            return true;
        }
        if (e instanceof AwsServiceException service) {
            return service.isThrottlingException() || service.statusCode() >= 500;
        }
        return e instanceof SdkClientException;
    }

    static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }
}
