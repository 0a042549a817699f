package dev.sfbridge.idempotency;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/** The table's shape, as template.yaml declares it; the local stack and tests create it from here. */
public final class IdempotencyTable {
    private IdempotencyTable() {}

    public static void create(DynamoDbClient dynamoDb, String table) {
        dynamoDb.createTable(b -> b.tableName(table)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(a -> a.attributeName(DynamoDbIdempotencyStore.ID).attributeType(ScalarAttributeType.S))
                .keySchema(k -> k.attributeName(DynamoDbIdempotencyStore.ID).keyType(KeyType.HASH)));
        dynamoDb.updateTimeToLive(b -> b.tableName(table)
                .timeToLiveSpecification(t -> t.attributeName(DynamoDbIdempotencyStore.EXPIRES_AT).enabled(true)));
    }
}
