package dev.sfbridge.sync;

import java.time.Instant;
import java.util.Map;

/**
 * One record a sync could not write (docs/batch-sync.md, "Error table"): sent again by later runs until it
 * succeeds, or {@code parked} once it has failed {@code attempts} times, the limit.
 *
 * @param row the record as last sent (column to value), what a retry sends again
 */
public record SyncError(String job, String key, String error, int attempts, Instant firstSeen, Instant lastSeen,
                        boolean parked, Map<String, String> row) {
    public SyncError {
        row = Map.copyOf(row);
    }
}
