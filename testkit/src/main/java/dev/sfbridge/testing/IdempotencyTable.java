package dev.sfbridge.testing;

import dev.sfbridge.idempotency.DynamoDbIdempotencyStore;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** The idempotency table's shape, as template.yaml declares it, for tests that make their own table. */
public final class IdempotencyTable {
    private IdempotencyTable() {}

    /** @param table a name no one else uses: a table that already exists is taken to be this call's own */
    public static void create(DynamoDbClient dynamoDb, String table) {
        OnDemandTable.create(dynamoDb, table, DynamoDbIdempotencyStore.ID);
        dynamoDb.updateTimeToLive(b -> b.tableName(table)
                .timeToLiveSpecification(t -> t.attributeName(DynamoDbIdempotencyStore.EXPIRES_AT).enabled(true)));
    }
}
