package dev.sfbridge.sync;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

/**
 * The control table (docs/batch-sync.md): one item per sync job, keyed {@value #JOB}, holding its
 * {@link SyncState} and a lease. A run takes the lease with a conditional write and holds it for longer than
 * one invocation can last; each checkpoint is written only while the lease is still the writer's, so two runs
 * never overlap and a run that lost its lease stops at its next checkpoint instead of overwriting another's.
 */
public final class SyncControlTable {
    public static final String JOB = "job";
    private static final String LEASE_OWNER = "leaseOwner";
    private static final String LEASE_UNTIL = "leaseUntil";

    /** The lease is held by someone else, or was lost to a run that took it after it ran out. */
    public static final class LeaseLost extends Exception {
        public LeaseLost(String message) {
            super(message);
        }
    }

    /** A job's state as an operator sees it, with who holds its lease and until when (null, null when free). */
    public record Entry(SyncState state, String leaseOwner, Instant leaseUntil) {}

    private final DynamoDbClient dynamoDb;
    private final String table;

    public SyncControlTable(DynamoDbClient dynamoDb, String table) {
        this.dynamoDb = dynamoDb;
        this.table = table;
    }

    /**
     * Takes the job's lease for {@code owner} until {@code until}, if no one holds it or it ran out before
     * {@code now}. Returns the job's state, or empty when another run holds the lease.
     */
    public Optional<SyncState> acquire(String job, String owner, Instant now, Instant until) {
        try {
            Map<String, AttributeValue> item = dynamoDb.updateItem(b -> b.tableName(table)
                    .key(Map.of(JOB, s(job)))
                    .updateExpression("SET #owner = :owner, #until = :until")
                    .conditionExpression("attribute_not_exists(#until) OR #until < :now")
                    .expressionAttributeNames(Map.of("#owner", LEASE_OWNER, "#until", LEASE_UNTIL))
                    .expressionAttributeValues(Map.of(":owner", s(owner), ":until", n(until.toEpochMilli()), ":now", n(now.toEpochMilli())))
                    .returnValues(ReturnValue.ALL_NEW)).attributes();
            return Optional.of(SyncStateItem.read(job, item));
        } catch (ConditionalCheckFailedException held) {
            return Optional.empty();
        }
    }

    /** Writes {@code state} and extends the lease to {@code until}, if {@code owner} still holds it. */
    public void checkpoint(SyncState state, String owner, Instant until) throws LeaseLost {
        Map<String, AttributeValue> item = SyncStateItem.write(state);
        item.put(LEASE_OWNER, s(owner));
        item.put(LEASE_UNTIL, n(until.toEpochMilli()));
        put(item, owner);
    }

    /** Writes {@code state} and gives the lease up, if {@code owner} still holds it. */
    public void release(SyncState state, String owner) throws LeaseLost {
        put(SyncStateItem.write(state), owner);
    }

    public Optional<Entry> read(String job) {
        Map<String, AttributeValue> item = dynamoDb.getItem(b -> b.tableName(table).key(Map.of(JOB, s(job))).consistentRead(true)).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(entry(item));
    }

    /** Every job's item, for {@code ops sync status}: a handful, so one scan. */
    public List<Entry> all() {
        List<Entry> entries = new ArrayList<>();
        dynamoDb.scanPaginator(b -> b.tableName(table).consistentRead(true)).items().forEach(item -> entries.add(entry(item)));
        return entries;
    }

    private void put(Map<String, AttributeValue> item, String owner) throws LeaseLost {
        try {
            dynamoDb.putItem(b -> b.tableName(table).item(item)
                    .conditionExpression("#owner = :owner")
                    .expressionAttributeNames(Map.of("#owner", LEASE_OWNER))
                    .expressionAttributeValues(Map.of(":owner", s(owner))));
        } catch (ConditionalCheckFailedException e) {
            throw new LeaseLost("the lease of sync job " + item.get(JOB).s() + " is no longer " + owner + "'s");
        }
    }

    private static Entry entry(Map<String, AttributeValue> item) {
        AttributeValue until = item.get(LEASE_UNTIL);
        AttributeValue owner = item.get(LEASE_OWNER);
        return new Entry(SyncStateItem.read(item.get(JOB).s(), item), owner == null ? null : owner.s(),
                until == null ? null : Instant.ofEpochMilli(Long.parseLong(until.n())));
    }

    static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }

    /** {@link SyncState} to and from its item: instants as ISO-8601 text, maps as maps, the tails as string sets. */
    private static final class SyncStateItem {
        static Map<String, AttributeValue> write(SyncState state) {
            Map<String, AttributeValue> item = new HashMap<>();
            item.put(JOB, s(state.job()));
            putText(item, "watermark", state.watermark());
            putText(item, "runId", state.runId());
            putText(item, "status", state.status());
            putText(item, "startedAt", state.startedAt());
            putText(item, "endedAt", state.endedAt());
            putText(item, "windowStart", state.windowStart());
            putText(item, "windowEnd", state.windowEnd());
            putText(item, "reason", state.reason());
            Map<String, AttributeValue> restart = new HashMap<>();
            state.restart().forEach((k, v) -> restart.put(k, s(v)));
            item.put("restart", AttributeValue.fromM(restart));
            Map<String, AttributeValue> counts = new HashMap<>();
            state.counts().forEach((k, v) -> counts.put(k, n(v)));
            item.put("counts", AttributeValue.fromM(counts));
            // DynamoDB has no empty sets: an empty tail is no attribute
            if (!state.recent().isEmpty()) {
                item.put("recent", AttributeValue.fromSs(List.copyOf(state.recent())));
            }
            if (!state.nextRecent().isEmpty()) {
                item.put("nextRecent", AttributeValue.fromSs(List.copyOf(state.nextRecent())));
            }
            return item;
        }

        static SyncState read(String job, Map<String, AttributeValue> item) {
            Map<String, String> restart = new LinkedHashMap<>();
            item.getOrDefault("restart", AttributeValue.fromM(Map.of())).m().forEach((k, v) -> restart.put(k, v.s()));
            Map<String, Long> counts = new LinkedHashMap<>();
            item.getOrDefault("counts", AttributeValue.fromM(Map.of())).m().forEach((k, v) -> counts.put(k, Long.parseLong(v.n())));
            String status = text(item, "status");
            return new SyncState(job, instant(item, "watermark"), text(item, "runId"),
                    status == null ? null : SyncState.Status.valueOf(status), instant(item, "startedAt"), instant(item, "endedAt"),
                    instant(item, "windowStart"), instant(item, "windowEnd"), text(item, "reason"), restart, counts,
                    strings(item, "recent"), strings(item, "nextRecent"));
        }

        private static void putText(Map<String, AttributeValue> item, String name, Object value) {
            if (value != null) {
                item.put(name, s(value.toString()));
            }
        }

        private static String text(Map<String, AttributeValue> item, String name) {
            AttributeValue value = item.get(name);
            return value == null ? null : value.s();
        }

        private static Instant instant(Map<String, AttributeValue> item, String name) {
            String value = text(item, name);
            return value == null ? null : Instant.parse(value);
        }

        private static Set<String> strings(Map<String, AttributeValue> item, String name) {
            AttributeValue value = item.get(name);
            return value == null ? Set.of() : Set.copyOf(value.ss());
        }
    }
}
