package dev.sfbridge.sync;

import static dev.sfbridge.sync.SyncControlTable.n;
import static dev.sfbridge.sync.SyncControlTable.s;

import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

/**
 * The error table (docs/batch-sync.md): per sync job ({@value SyncControlTable#JOB}, the partition key), one item
 * per record that failed ({@value #KEY}, the sort key), with its error, how often it failed, when first and last,
 * whether it is parked, and the row to send again.
 */
public final class SyncErrorTable {
    public static final String KEY = "key";
    private static final String PARKED = "parked";

    private final DynamoDbClient dynamoDb;
    private final String table;

    public SyncErrorTable(DynamoDbClient dynamoDb, String table) {
        this.dynamoDb = dynamoDb;
        this.table = table;
    }

    /**
     * Records that {@code key} failed in {@code attempt} (the run's ID): counted once per attempt however often it
     * fails in it (a run resumed after a crash reads a job's results again; a record sent again from the table and
     * then as a newer change fails twice), parked when the count reaches {@code maxAttempts}. The error and the row
     * are the latest either way: the next run sends that row. Returns the item as it is now.
     */
    public SyncError failed(String job, String key, String error, Map<String, String> row, String attempt, Instant now, int maxAttempts) {
        Map<String, AttributeValue> rowValue = new HashMap<>();
        row.forEach((column, value) -> rowValue.put(column, s(value)));
        Map<String, AttributeValue> item;
        try {
            item = dynamoDb.updateItem(b -> b.tableName(table).key(key(job, key))
                    .updateExpression("SET #error = :error, #row = :row, lastSeen = :now, firstSeen = if_not_exists(firstSeen, :now),"
                            + " lastAttempt = :attempt, attempts = if_not_exists(attempts, :zero) + :one")
                    .conditionExpression("attribute_not_exists(lastAttempt) OR lastAttempt <> :attempt")
                    .expressionAttributeNames(Map.of("#error", "error", "#row", "row"))
                    .expressionAttributeValues(Map.of(":error", s(error), ":row", AttributeValue.fromM(rowValue),
                            ":now", s(now.toString()), ":attempt", s(attempt), ":zero", n(0), ":one", n(1)))
                    .returnValues(ReturnValue.ALL_NEW)).attributes();
        } catch (ConditionalCheckFailedException countedAlready) {
            item = dynamoDb.updateItem(b -> b.tableName(table).key(key(job, key))
                    .updateExpression("SET #error = :error, #row = :row, lastSeen = :now")
                    .expressionAttributeNames(Map.of("#error", "error", "#row", "row"))
                    .expressionAttributeValues(Map.of(":error", s(error), ":row", AttributeValue.fromM(rowValue), ":now", s(now.toString())))
                    .returnValues(ReturnValue.ALL_NEW)).attributes();
        }
        SyncError recorded = error(item);
        if (!recorded.parked() && recorded.attempts() >= maxAttempts) {
            dynamoDb.updateItem(b -> b.tableName(table).key(key(job, key))
                    .updateExpression("SET #parked = :true")
                    .expressionAttributeNames(Map.of("#parked", PARKED))
                    .expressionAttributeValues(Map.of(":true", AttributeValue.fromBool(true))));
            return new SyncError(job, key, recorded.error(), recorded.attempts(), recorded.firstSeen(), recorded.lastSeen(),
                    true, recorded.row());
        }
        return recorded;
    }

    /** The record went through: it is no longer an error, parked or not. */
    public void succeeded(String job, String key) {
        dynamoDb.deleteItem(b -> b.tableName(table).key(key(job, key)));
    }

    /** The job's errors in key order, parked ones included, read page by page as the stream is consumed. */
    public Stream<SyncError> errors(String job) {
        return dynamoDb.queryPaginator(b -> b.tableName(table).consistentRead(true)
                        .keyConditionExpression("#job = :job")
                        .expressionAttributeNames(Map.of("#job", SyncControlTable.JOB))
                        .expressionAttributeValues(Map.of(":job", s(job))))
                .items().stream().map(SyncErrorTable::error);
    }

    /** Every job's errors, for {@code ops sync errors}. */
    public Stream<SyncError> all() {
        return dynamoDb.scanPaginator(b -> b.tableName(table).consistentRead(true)).items().stream().map(SyncErrorTable::error);
    }

    /** A parked error is sent again by the next run, with its count started over. Returns whether it was parked. */
    public boolean unpark(String job, String key) {
        try {
            dynamoDb.updateItem(b -> b.tableName(table).key(key(job, key))
                    .updateExpression("SET #parked = :false, attempts = :zero")
                    .conditionExpression("#parked = :true")
                    .expressionAttributeNames(Map.of("#parked", PARKED))
                    .expressionAttributeValues(Map.of(":false", AttributeValue.fromBool(false), ":true", AttributeValue.fromBool(true),
                            ":zero", n(0))));
            return true;
        } catch (ConditionalCheckFailedException notParked) {
            return false;
        }
    }

    private static Map<String, AttributeValue> key(String job, String key) {
        return Map.of(SyncControlTable.JOB, s(job), KEY, s(key));
    }

    private static SyncError error(Map<String, AttributeValue> item) {
        Map<String, String> row = new LinkedHashMap<>();
        item.getOrDefault("row", AttributeValue.fromM(Map.of())).m().forEach((column, value) -> row.put(column, value.s()));
        AttributeValue parked = item.get(PARKED);
        return new SyncError(item.get(SyncControlTable.JOB).s(), item.get(KEY).s(), item.get("error").s(),
                Integer.parseInt(item.get("attempts").n()), Instant.parse(item.get("firstSeen").s()),
                Instant.parse(item.get("lastSeen").s()), parked != null && parked.bool(), row);
    }
}
