package dev.sfbridge.testing;

import dev.sfbridge.idempotency.DynamoDbIdempotencyStore;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/** The idempotency table's shape, as template.yaml declares it, for tests that make their own table. */
public final class IdempotencyTable {
    private IdempotencyTable() {}

    /** @param table a name no one else uses: a table that already exists is taken to be this call's own */
    public static void create(DynamoDbClient dynamoDb, String table) {
        try {
            dynamoDb.createTable(b -> b.tableName(table)
                    .billingMode(BillingMode.PAY_PER_REQUEST)
                    .attributeDefinitions(a -> a.attributeName(DynamoDbIdempotencyStore.ID).attributeType(ScalarAttributeType.S))
                    .keySchema(k -> k.attributeName(DynamoDbIdempotencyStore.ID).keyType(KeyType.HASH)));
        } catch (ResourceInUseException madeByATimedOutAttempt) {
            // on a busy machine DynamoDB Local can answer CreateTable after the SDK's attempt timeout; the SDK's
            // retry then finds the table its first attempt made
        }
        dynamoDb.updateTimeToLive(b -> b.tableName(table)
                .timeToLiveSpecification(t -> t.attributeName(DynamoDbIdempotencyStore.EXPIRES_AT).enabled(true)));
    }
}
