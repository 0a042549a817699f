package dev.sfbridge.testing;

import dev.sfbridge.sync.SyncControlTable;
import dev.sfbridge.sync.SyncErrorTable;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/** The batch sync's control and error tables, shaped as template.yaml declares them, for tests and the local stack. */
public final class SyncTables {
    private SyncTables() {}

    /** Both tables; names no one else uses (one that exists already is taken to be a timed-out attempt's). */
    public static void create(DynamoDbClient dynamoDb, String controlTable, String errorsTable) {
        try {
            dynamoDb.createTable(b -> b.tableName(controlTable)
                    .billingMode(BillingMode.PAY_PER_REQUEST)
                    .attributeDefinitions(a -> a.attributeName(SyncControlTable.JOB).attributeType(ScalarAttributeType.S))
                    .keySchema(k -> k.attributeName(SyncControlTable.JOB).keyType(KeyType.HASH)));
        } catch (ResourceInUseException madeByATimedOutAttempt) {
            // DynamoDB Local on a busy machine can answer after the SDK's attempt timeout; the retry finds the table
        }
        try {
            dynamoDb.createTable(b -> b.tableName(errorsTable)
                    .billingMode(BillingMode.PAY_PER_REQUEST)
                    .attributeDefinitions(a -> a.attributeName(SyncControlTable.JOB).attributeType(ScalarAttributeType.S),
                            a -> a.attributeName(SyncErrorTable.KEY).attributeType(ScalarAttributeType.S))
                    .keySchema(k -> k.attributeName(SyncControlTable.JOB).keyType(KeyType.HASH),
                            k -> k.attributeName(SyncErrorTable.KEY).keyType(KeyType.RANGE)));
        } catch (ResourceInUseException madeByATimedOutAttempt) {
            // as above
        }
    }
}
