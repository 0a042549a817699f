package dev.sfbridge.sync;

import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * One sync job's item in the control table (docs/batch-sync.md, "Control table"): how far it has synced, and
 * its current or last run.
 *
 * @param watermark  every change before it has been synced; null before the first run succeeded. Advanced only
 *                   when a run has fully succeeded, to that run's {@code windowEnd}
 * @param runId      the current or last run, null before the first
 * @param windowStart the run's changes are those at or after it ...
 * @param windowEnd  ... and before it
 * @param reason     why the last run failed; null unless {@code status} is FAILED
 * @param restart    where the running run goes on after a pause or a crash, in the direction's own terms
 *                   (an ERP cursor, an ingest job in flight); empty when the run has not started its work
 * @param counts     the run's counts so far (read, uploaded, succeeded, failed, jobs ...)
 * @param recent     {@code key@modifiedAt} of the changes the last successful run synced inside the next run's
 *                   lookback: skipped when read again there (the de-duplication on key and modification time)
 * @param nextRecent the same, gathered by the running run: it becomes {@code recent} when the run succeeds. Each
 *                   tail holds at most {@link #TAIL_BYTES}, its newest entries ({@link LookbackTail})
 */
public record SyncState(String job, Instant watermark, String runId, Status status, Instant startedAt, Instant endedAt,
                        Instant windowStart, Instant windowEnd, String reason, Map<String, String> restart,
                        Map<String, Long> counts, Set<String> recent, Set<String> nextRecent) {
    public enum Status { RUNNING, SUCCEEDED, FAILED }

    /**
     * Bytes of {@code key@modifiedAt} per tail, at most: both tails live in the job's control item, which DynamoDB
     * caps at 400 KB (409,600 bytes) with its attribute names; two tails of 150,000 leave over 100 KB for the rest.
     */
    public static final long TAIL_BYTES = 150_000;

    public SyncState {
        restart = Map.copyOf(restart);
        counts = Map.copyOf(counts);
        recent = Set.copyOf(LookbackTail.newest(recent, TAIL_BYTES));
        nextRecent = Set.copyOf(LookbackTail.newest(nextRecent, TAIL_BYTES));
    }

    /** A job that has never run. */
    public static SyncState first(String job) {
        return new SyncState(job, null, null, null, null, null, null, null, null, Map.of(), Map.of(), Set.of(), Set.of());
    }

    public boolean running() {
        return status == Status.RUNNING;
    }

    /** A new run over {@code [windowStart, windowEnd)}; what the last run left to de-duplicate stays. */
    public SyncState started(String newRunId, Instant now, Instant newWindowStart, Instant newWindowEnd) {
        return new SyncState(job, watermark, newRunId, Status.RUNNING, now, null, newWindowStart, newWindowEnd, null,
                Map.of(), Map.of(), recent, Set.of());
    }

    /** A checkpoint: the run goes on from {@code newRestart} with {@code added} to its counts and its lookback tail. */
    public SyncState progressed(Map<String, String> newRestart, Map<String, Long> added, Set<String> addedRecent) {
        Map<String, Long> sum = new LinkedHashMap<>(counts);
        added.forEach((name, n) -> sum.merge(name, n, Long::sum));
        Set<String> tail = new HashSet<>(nextRecent);
        tail.addAll(addedRecent);
        return new SyncState(job, watermark, runId, status, startedAt, endedAt, windowStart, windowEnd, reason,
                newRestart, sum, recent, tail);
    }

    /** The run synced its whole window: the watermark moves to its end, and its tail is what the next run skips. */
    public SyncState succeeded(Instant now) {
        return new SyncState(job, windowEnd, runId, Status.SUCCEEDED, startedAt, now, windowStart, windowEnd, null,
                Map.of(), counts, nextRecent, Set.of());
    }

    /** The run is given up: the watermark stays, so the next run reads the same changes again. */
    public SyncState failed(Instant now, String why) {
        return new SyncState(job, watermark, runId, Status.FAILED, startedAt, now, windowStart, windowEnd, why,
                Map.of(), counts, recent, Set.of());
    }
}
