package dev.sfbridge.testing;

import dev.sfbridge.idempotency.DynamoDbIdempotencyStore;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The idempotency table's keys, as template.yaml declares them, for tests that make their own table; without its
 * time to live. DynamoDB Local (3.x) deletes an item whose {@code expiresAt} is past on the real clock within about a
 * second, and tests write on a {@link TestClock} set to a fixed day: a day after it, a key completed in a test would
 * vanish while the test reads it (an order API replay answered as a new request, at random). The store never relies on
 * the deletion: its conditions treat an expired item as gone ({@code DynamoDbIdempotencyStore}), which tests cover.
 */
public final class IdempotencyTable {
    private IdempotencyTable() {}

    /** @param table a name no one else uses: a table that already exists is taken to be this call's own */
    public static void create(DynamoDbClient dynamoDb, String table) {
        OnDemandTable.create(dynamoDb, table, DynamoDbIdempotencyStore.ID);
    }
}
