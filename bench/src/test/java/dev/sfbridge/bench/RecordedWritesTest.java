package dev.sfbridge.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sfbridge.idempotency.DynamoDbIdempotencyStore;
import dev.sfbridge.idempotency.IdempotencyStore.Claim;
import dev.sfbridge.testing.IdempotencyTable;
import dev.sfbridge.retry.Retry;
import dev.sfbridge.testing.EmbeddedDynamoDb;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbRequest;

/** The worker benchmark's ceiling replays sfbridge's own writes: the replay must leave the same items. */
class RecordedWritesTest {

    @Test
    void eachThreadsWritesReplayOnAnEmptyTableToTheSameItems() throws Exception {
        try (EmbeddedDynamoDb dynamo = new EmbeddedDynamoDb()) {
            DynamoDbClient dynamoDb = dynamo.client();
            String recordedOn = table(dynamoDb);
            RecordedWrites recorded = new RecordedWrites(dynamoDb);
            DynamoDbIdempotencyStore store = new DynamoDbIdempotencyStore(recorded.client(), recordedOn, Duration.ofDays(1),
                    Retry.withJitter(1, Duration.ofMillis(1), Duration.ofMillis(1)));
            Instant now = Instant.parse("2026-11-23T10:00:00Z");
            try (ExecutorService threadPerKey = Executors.newVirtualThreadPerTaskExecutor()) {
                for (String key : List.of("notification#1", "notification#2")) {
                    threadPerKey.submit(() -> {
                        Claim.Acquired claim = (Claim.Acquired) store.claim(key, now, Duration.ofMinutes(1));
                        store.complete(claim.lease(), "{\"orderNumber\":\"SO-" + key + "\"}", now);
                        return null;
                    }).get();
                }
            }

            List<List<DynamoDbRequest>> chains = recorded.drain();
            String replayedOn = table(dynamoDb);
            chains.forEach(chain -> RecordedWrites.replay(dynamoDb, chain, replayedOn));

            assertEquals(List.of(2, 2), chains.stream().map(List::size).toList());
            assertEquals(List.of(), recorded.drain());
            for (String key : List.of("notification#1", "notification#2")) {
                assertEquals("COMPLETED", item(dynamoDb, replayedOn, key).get("status").s());
                assertEquals(item(dynamoDb, recordedOn, key), item(dynamoDb, replayedOn, key));
            }
        }
    }

    private static String table(DynamoDbClient dynamoDb) {
        String table = "recorded-" + UUID.randomUUID();
        IdempotencyTable.create(dynamoDb, table);
        return table;
    }

    private static Map<String, AttributeValue> item(DynamoDbClient dynamoDb, String table, String key) {
        return dynamoDb.getItem(b -> b.tableName(table).key(Map.of("id", AttributeValue.fromS(key))).consistentRead(true)).item();
    }
}
