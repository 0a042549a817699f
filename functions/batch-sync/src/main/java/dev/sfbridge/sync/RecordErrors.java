package dev.sfbridge.sync;

import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * One sync job's records in the error table, as a run sees them (docs/batch-sync.md, "Error table"): which keys
 * failed before, a new failure recorded (counted once per run, parked at the limit), a success taking the record
 * out. The keys are read once when the run resumes, so a success costs a delete only for a record that had failed.
 */
final class RecordErrors {
    private final SyncErrorTable table;
    private final String job;
    private final int maxAttempts;
    private final Set<String> keys = new HashSet<>();

    RecordErrors(SyncErrorTable table, String job, int maxAttempts) {
        this.table = table;
        this.job = job;
        this.maxAttempts = maxAttempts;
        try (Stream<SyncError> known = table.errors(job)) {
            known.forEach(error -> keys.add(error.key()));
        }
    }

    /**
     * Records the failure, one attempt for the run {@code runId} however often the record fails in it; returns
     * whether it parked the record just now (the limit reached with this attempt).
     */
    boolean failed(String key, String error, Map<String, String> row, String runId, Instant now) {
        SyncError recorded = table.failed(job, key, error, row, runId, now, maxAttempts);
        keys.add(key);
        return recorded.parked() && recorded.attempts() == maxAttempts;
    }

    /** The record went through: out of the table if it was in it. */
    void succeeded(String key) {
        if (keys.remove(key)) {
            table.succeeded(job, key);
        }
    }

    /** The errors a run sends again, in key order: those not parked. */
    Stream<SyncError> pending() {
        return table.errors(job).filter(error -> !error.parked());
    }
}
