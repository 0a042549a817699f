package dev.sfbridge.idempotency;

import static dev.sfbridge.idempotency.DynamoDbIdempotencyStore.EXPIRES_AT;
import static dev.sfbridge.idempotency.DynamoDbIdempotencyStore.ID;
import static dev.sfbridge.idempotency.DynamoDbIdempotencyStore.n;
import static dev.sfbridge.idempotency.DynamoDbIdempotencyStore.s;

import dev.sfbridge.retry.Retry;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;

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
 *
 * <p>A change time has whole seconds ({@code SystemModstamp}), so two changes within one second carry the same one. A
 * change admitted with its data's digest keeps it: an equal time with the same data is a repeat, with other data
 * it is {@link Admission#SAME_TIME_OTHER_DATA}, for the caller to read the record itself ({@link #admitRead}). Two such
 * changes applied at once can still reach their destination in the wrong order (the older admitted first, written last):
 * after its write the caller asks {@link #otherDataAdmittedAt} (one consistent read), and writes the record as read again
 * when other data came in meanwhile.
 */
public final class RecordVersionGuard implements ChangeGuard {
    static final String VERSION = "changedAt";
    static final String DIGEST = "dataDigest";
    /** An equal time passes whatever its data. */
    private static final String ANY_DATA_AT_EQUAL_TIME = "#version <= :version";
    /** An equal time passes with the data admitted at it, or when none was kept (admitted without a digest). */
    private static final String SAME_DATA_AT_EQUAL_TIME =
            "#version < :version OR (#version = :version AND (attribute_not_exists(#digest) OR #digest = :digest))";

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
        return refusedBy(organizationId, recordId, changedAt, null, ANY_DATA_AT_EQUAL_TIME, now) == null;
    }

    @Override
    public Admission admit(String organizationId, String recordId, Instant changedAt, String digest, Instant now) {
        Map<String, AttributeValue> held = refusedBy(organizationId, recordId, changedAt, digest, SAME_DATA_AT_EQUAL_TIME, now);
        if (held == null) {
            return Admission.ADMITTED;
        }
        AttributeValue version = held.get(VERSION);
        return version != null && Long.parseLong(version.n()) == changedAt.toEpochMilli()
                ? Admission.SAME_TIME_OTHER_DATA : Admission.STALE;
    }

    @Override
    public boolean admitRead(String organizationId, String recordId, Instant changedAt, String digest, Instant now) {
        return refusedBy(organizationId, recordId, changedAt, digest, ANY_DATA_AT_EQUAL_TIME, now) == null;
    }

    @Override
    public boolean otherDataAdmittedAt(String organizationId, String recordId, Instant changedAt, String digest) {
        Map<String, AttributeValue> held = retry.call(() -> dynamoDb.getItem(b -> b.tableName(table).key(key(organizationId, recordId))
                        .consistentRead(true).projectionExpression("#version, #digest")
                        .expressionAttributeNames(Map.of("#version", VERSION, "#digest", DIGEST))),
                DynamoDbIdempotencyStore::transientFailure).item();
        AttributeValue version = held == null ? null : held.get(VERSION);
        AttributeValue heldDigest = held == null ? null : held.get(DIGEST);
        return version != null && heldDigest != null && Long.parseLong(version.n()) == changedAt.toEpochMilli()
                && !heldDigest.s().equals(digest);
    }

    private Map<String, AttributeValue> key(String organizationId, String recordId) {
        return Map.of(ID, s(keyPrefix + "#" + organizationId + "#" + recordId));
    }

    /**
     * Makes the change the newest admitted if {@code admits} holds (or nothing was admitted, or it has expired), with
     * its digest when it has one.
     *
     * @return null when admitted; otherwise the record that refused it (empty if DynamoDB did not return it)
     */
    private Map<String, AttributeValue> refusedBy(String organizationId, String recordId, Instant changedAt, String digest,
                                                  String admits, Instant now) {
        Map<String, String> names = new HashMap<>(Map.of("#version", VERSION, "#expiresAt", EXPIRES_AT));
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":version", n(changedAt.toEpochMilli()),
                ":expiresAt", n(now.plus(retention).getEpochSecond()), ":nowSeconds", n(now.getEpochSecond())));
        String update = "SET #version = :version, #expiresAt = :expiresAt";
        if (digest != null) {
            names.put("#digest", DIGEST);
            values.put(":digest", s(digest));
            update += ", #digest = :digest";
        }
        String setExpression = update;
        try {
            retry.call(() -> dynamoDb.updateItem(b -> b.tableName(table)
                    .key(key(organizationId, recordId))
                    .updateExpression(setExpression)
                    .conditionExpression("attribute_not_exists(#version) OR " + admits + " OR #expiresAt < :nowSeconds")
                    .expressionAttributeNames(names)
                    .expressionAttributeValues(values)
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)),
                    DynamoDbIdempotencyStore::transientFailure);
            return null;
        } catch (ConditionalCheckFailedException refused) {
            return refused.hasItem() ? refused.item() : Map.of();
        }
    }
}
