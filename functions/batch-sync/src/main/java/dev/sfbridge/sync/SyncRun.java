package dev.sfbridge.sync;

import dev.sfbridge.observability.JsonLog;
import dev.sfbridge.observability.Metric;
import dev.sfbridge.observability.Metrics;
import dev.sfbridge.sync.SyncControlTable.LeaseLost;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * What a {@link SyncJob} sees of the run it works on: the window, where to go on from, the changes the last run
 * synced inside the lookback, the time left, and the checkpoint that saves its progress under the lease; and what
 * every job reports through: its records in the error table, its log lines (named by the job), and the records a
 * checkpoint counts as synced, failed and parked, as metrics.
 */
public final class SyncRun {
    /** The counts of a checkpoint that are also metrics, by their key in {@link SyncState#counts()}. */
    private static final Map<String, Metric> COUNTED = Map.of("synced", Metric.SYNC_RECORDS_SYNCED,
            "failed", Metric.SYNC_RECORDS_FAILED, "parked", Metric.SYNC_ERRORS_PARKED);
    private final SyncControlTable control;
    private final SyncErrorTable errors;
    private final String owner;
    private final SyncRunner.Settings settings;
    private final Clock clock;
    private final Supplier<Duration> timeLeft;
    private final JsonLog log;
    private final Metrics metrics;
    private SyncState state;
    /** Whether a look at the time let the job go on in this invocation. */
    private boolean wentOn;

    /**
     * @param settings the runner's: how long a checkpoint extends the lease, and the time left at which the job
     *                 checkpoints and stops
     * @param timeLeft how long the invocation may still run (Lambda's remaining time)
     */
    SyncRun(SyncControlTable control, SyncErrorTable errors, String owner, SyncRunner.Settings settings, Clock clock,
            Supplier<Duration> timeLeft, JsonLog log, Metrics metrics, SyncState state) {
        this.control = control;
        this.errors = errors;
        this.owner = owner;
        this.settings = settings;
        this.clock = clock;
        this.timeLeft = timeLeft;
        this.log = log;
        this.metrics = metrics;
        this.state = state;
    }

    public SyncState state() {
        return state;
    }

    /** The changes of this run are those modified at or after it ... */
    public Instant windowStart() {
        return state.windowStart();
    }

    /** ... and before it. */
    public Instant windowEnd() {
        return state.windowEnd();
    }

    public String runId() {
        return state.runId();
    }

    /** Where the run goes on; empty at its start. */
    public Map<String, String> restart() {
        return state.restart();
    }

    /** Whether the last successful run synced this {@code key@modifiedAt} already. */
    public boolean syncedBefore(String keyAtModifiedAt) {
        return state.recent().contains(keyAtModifiedAt);
    }

    /**
     * Keeps {@code keyAtModifiedAt} in {@code recent}, the next run's skip list, when the change lies inside that
     * run's lookback; the checkpoint cuts the list to its newest {@link SyncState#TAIL_BYTES}. A change skipped now
     * as well: on a schedule shorter than the lookback a third run reads it again.
     */
    public void rememberForNextRun(String keyAtModifiedAt, Instant modifiedAt, Duration lookback, Set<String> recent) {
        if (!modifiedAt.isBefore(windowEnd().minus(lookback))) {
            recent.add(keyAtModifiedAt);
        }
    }

    /** The invocation should checkpoint and stop now: a fresh one takes over. */
    public boolean nearDeadline() {
        boolean near = timeLeft.get().compareTo(settings.stopBefore()) < 0;
        wentOn |= !near;
        return near;
    }

    /** Whether the job went on after a look at the time: a run paused at its first did nothing in this invocation. */
    boolean wentOn() {
        return wentOn;
    }

    public Instant now() {
        return clock.instant();
    }

    /**
     * Saves the run's progress: it goes on from {@code restart}, with {@code counts} added to its counts and
     * {@code synced} ({@code key@modifiedAt} inside the next run's lookback) to what the next run skips. Once saved,
     * the records counted synced, failed and parked are counted as metrics too.
     */
    public void checkpoint(Map<String, String> restart, Map<String, Long> counts, Set<String> synced) throws LeaseLost {
        SyncState next = state.progressed(restart, counts, synced);
        control.checkpoint(next, owner, clock.instant().plus(settings.leaseFor()));
        state = next;
        COUNTED.forEach((count, metric) -> {
            if (counts.containsKey(count)) {
                metrics.count(metric, counts.get(count));
            }
        });
    }

    /** Starts a new run over {@code [windowStart, windowEnd)}: its first checkpoint, for the runner. */
    void start(String runId, Instant windowStart, Instant windowEnd) throws LeaseLost {
        Instant now = clock.instant();
        SyncState started = state.started(runId, now, windowStart, windowEnd);
        control.checkpoint(started, owner, now.plus(settings.leaseFor()));
        state = started;
    }

    /** The job's records in the error table, for this run: a record failing its {@code maxAttempts}th send is parked. */
    RecordErrors errors(int maxAttempts) {
        return new RecordErrors(errors, state.job(), maxAttempts);
    }

    /** A line of the job's log, its name ({@code syncJob}) first. */
    public void info(String message, Map<String, ?> fields) {
        log.info(message, named(fields));
    }

    public void warn(String message, Map<String, ?> fields) {
        log.warn(message, named(fields));
    }

    /** {@code fields} after the job's name, {@code syncJob}. */
    private Map<String, Object> named(Map<String, ?> fields) {
        Map<String, Object> named = new LinkedHashMap<>();
        named.put("syncJob", state.job());
        named.putAll(fields);
        return named;
    }
}
