package dev.sfbridge.bench;

import dev.sfbridge.testing.Intercepted;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * Records the writes sfbridge makes, so the emulator's ceiling can be measured on the very same requests
 * sent straight with the SDK. The worker gives each notification a virtual thread of its own, so the
 * writes one thread made are one notification's chain, in order; only writes that succeeded are kept, so
 * a replay on an empty table meets the same conditions.
 */
final class RecordedWrites {
    private final Map<Long, List<DynamoDbRequest>> chains = new ConcurrentHashMap<>();
    private final DynamoDbClient client;

    RecordedWrites(DynamoDbClient delegate) {
        client = Intercepted.of(DynamoDbClient.class, delegate)
                .after(PutItemRequest.class, this::record)
                .after(UpdateItemRequest.class, this::record)
                .client();
    }

    /** The client whose successful writes are recorded. */
    DynamoDbClient client() {
        return client;
    }

    /** The chains recorded since the last call, one per notification, and forgets them. */
    List<List<DynamoDbRequest>> drain() {
        List<List<DynamoDbRequest>> drained = new ArrayList<>();
        for (Long thread : List.copyOf(chains.keySet())) {
            drained.add(chains.remove(thread));
        }
        return drained;
    }

    /** Sends one recorded chain, in order, to {@code table} instead of the table it was recorded on. */
    static void replay(DynamoDbClient dynamoDb, List<DynamoDbRequest> chain, String table) {
        for (DynamoDbRequest request : chain) {
            switch (request) {
                case PutItemRequest put -> dynamoDb.putItem(put.toBuilder().tableName(table).build());
                case UpdateItemRequest update -> dynamoDb.updateItem(update.toBuilder().tableName(table).build());
                default -> throw new IllegalStateException("not recorded: " + request.getClass().getSimpleName());
            }
        }
    }

    private void record(DynamoDbRequest request) {
        chains.computeIfAbsent(Thread.currentThread().threadId(), thread -> new ArrayList<>()).add(request);
    }
}
