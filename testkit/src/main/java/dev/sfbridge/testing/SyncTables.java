package dev.sfbridge.testing;

import dev.sfbridge.sync.SyncControlTable;
import dev.sfbridge.sync.SyncErrorTable;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** The batch sync's control and error tables, shaped as template.yaml declares them, for tests and the local stack. */
public final class SyncTables {
    private SyncTables() {}

    /** Both tables; names no one else uses (one that exists already is taken to be a timed-out attempt's). */
    public static void create(DynamoDbClient dynamoDb, String controlTable, String errorsTable) {
        OnDemandTable.create(dynamoDb, controlTable, SyncControlTable.JOB);
        OnDemandTable.create(dynamoDb, errorsTable, SyncControlTable.JOB, SyncErrorTable.KEY);
    }
}
