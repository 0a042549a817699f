package dev.sfbridge.idempotency;

import static dev.sfbridge.idempotency.DynamoDbIdempotencyStore.EXPIRES_AT;
import static dev.sfbridge.idempotency.DynamoDbIdempotencyStore.ID;
import static dev.sfbridge.idempotency.DynamoDbIdempotencyStore.LEASE_EXPIRES_AT;
import static dev.sfbridge.idempotency.DynamoDbIdempotencyStore.RESULT;
import static dev.sfbridge.idempotency.DynamoDbIdempotencyStore.STATUS;

import dev.sfbridge.idempotency.DynamoDbIdempotencyStore.Status;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** What the store wrote for a key, read straight from the table: the tests' view; the worker never reads it. */
record IdempotencyRecords(DynamoDbClient dynamoDb, String table) {

    /** {@code result} is set once completed; {@code leaseExpiresAt} while in progress. */
    record IdempotencyRecord(String key, Status status, String result, Instant leaseExpiresAt, Instant expiresAt) {}

    /** The key's live record, if any (one past its retention counts as absent, whatever TTL has not yet deleted). */
    Optional<IdempotencyRecord> read(String key, Instant now) {
        Map<String, AttributeValue> item = dynamoDb.getItem(b -> b.tableName(table).key(Map.of(ID, AttributeValue.fromS(key)))
                .consistentRead(true)).item();
        if (item == null || item.isEmpty()) {
            return Optional.empty();
        }
        AttributeValue lease = item.get(LEASE_EXPIRES_AT);
        AttributeValue result = item.get(RESULT);
        IdempotencyRecord record = new IdempotencyRecord(item.get(ID).s(), Status.valueOf(item.get(STATUS).s()),
                result == null ? null : result.s(),
                lease == null ? null : Instant.ofEpochMilli(Long.parseLong(lease.n())),
                Instant.ofEpochSecond(Long.parseLong(item.get(EXPIRES_AT).n())));
        return Optional.of(record).filter(r -> r.expiresAt().isAfter(now));
    }
}
