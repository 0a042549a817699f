package dev.sfbridge.idempotency;

import static dev.sfbridge.idempotency.DynamoDbIdempotencyStore.EXPIRES_AT;
import static dev.sfbridge.idempotency.DynamoDbIdempotencyStore.ID;
import static dev.sfbridge.idempotency.DynamoDbIdempotencyStore.n;
import static dev.sfbridge.idempotency.DynamoDbIdempotencyStore.s;

import dev.sfbridge.retry.Retry;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * The second guard, per Salesforce record: remembers the newest change time admitted for each record
 * and refuses an older one, so a change delivered late never overwrites a newer one. It shares the
 * idempotency table under keys of their own ({@code <prefix>#<org>#<recordId>}): each kind of change has
 * its prefix, so the order worker's record changes ({@code record}) and the callbacks' order statuses
 * ({@code status}) of one record are ordered separately.
 *
 * <p>A change is admitted before it is applied. If applying it then fails, the same change is admitted
 * again on its retry (equal times pass), while older changes stay refused: the newer one is still on its
 * way, through retries or the dead-letter queue.
 */
public final class RecordVersionGuard implements ChangeGuard {
    static final String VERSION = "changedAt";

    private final DynamoDbClient dynamoDb;
    private final String table;
    private final String keyPrefix;
    private final Duration retention;
    private final Retry retry;

    /** @param keyPrefix names the kind of change guarded: {@code record}, {@code status} */
    public RecordVersionGuard(DynamoDbClient dynamoDb, String table, String keyPrefix, Duration retention, Retry retry) {
        this.dynamoDb = dynamoDb;
        this.table = table;
        this.keyPrefix = keyPrefix;
        this.retention = retention;
        this.retry = retry;
    }

    @Override
    public boolean admit(String organizationId, String recordId, Instant changedAt, Instant now) {
        try {
            retry.call(() -> dynamoDb.updateItem(b -> b.tableName(table)
                    .key(Map.of(ID, s(keyPrefix + "#" + organizationId + "#" + recordId)))
                    .updateExpression("SET #version = :version, #expiresAt = :expiresAt")
                    .conditionExpression("attribute_not_exists(#version) OR #version <= :version OR #expiresAt < :nowSeconds")
                    .expressionAttributeNames(Map.of("#version", VERSION, "#expiresAt", EXPIRES_AT))
                    .expressionAttributeValues(Map.of(":version", n(changedAt.toEpochMilli()),
                            ":expiresAt", n(now.plus(retention).getEpochSecond()), ":nowSeconds", n(now.getEpochSecond())))),
                    DynamoDbIdempotencyStore::transientFailure);
            return true;
        } catch (ConditionalCheckFailedException newerSeen) {
            return false;
        }
    }
}
