package dev.sfbridge.sync;

import dev.sfbridge.sync.SyncControlTable.LeaseLost;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * What a {@link SyncJob} sees of the run it works on: the window, where to go on from, the changes the last run
 * synced inside the lookback, the time left, and the checkpoint that saves its progress under the lease.
 */
public final class SyncRun {
    /**
     * {@code key@modifiedAt} kept for the next run's de-duplication, at most: they live in the control table's item
     * (400 KB); beyond this, later changes are simply sent again, which upserts make harmless.
     */
    static final int MAX_RECENT = 4_000;
    private final SyncControlTable control;
    private final String owner;
    private final Duration leaseFor;
    private final Clock clock;
    private final Supplier<Duration> timeLeft;
    private final Duration stopBefore;
    private SyncState state;

    /**
     * @param timeLeft   how long the invocation may still run (Lambda's remaining time)
     * @param stopBefore the time left at which the job checkpoints and stops: longer than its longest step
     */
    SyncRun(SyncControlTable control, String owner, Duration leaseFor, Clock clock, Supplier<Duration> timeLeft,
            Duration stopBefore, SyncState state) {
        this.control = control;
        this.owner = owner;
        this.leaseFor = leaseFor;
        this.clock = clock;
        this.timeLeft = timeLeft;
        this.stopBefore = stopBefore;
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
     * run's lookback (up to {@link #MAX_RECENT} of them). A change skipped now as well: on a schedule shorter than
     * the lookback a third run reads it again.
     */
    public void rememberForNextRun(String keyAtModifiedAt, Instant modifiedAt, Duration lookback, Set<String> recent) {
        if (!modifiedAt.isBefore(windowEnd().minus(lookback)) && state.nextRecent().size() + recent.size() < MAX_RECENT) {
            recent.add(keyAtModifiedAt);
        }
    }

    /** The invocation should checkpoint and stop now: a fresh one takes over. */
    public boolean nearDeadline() {
        return timeLeft.get().compareTo(stopBefore) < 0;
    }

    public Instant now() {
        return clock.instant();
    }

    /**
     * Saves the run's progress: it goes on from {@code restart}, with {@code counts} added to its counts and
     * {@code synced} ({@code key@modifiedAt} inside the next run's lookback) to what the next run skips.
     */
    public void checkpoint(Map<String, String> restart, Map<String, Long> counts, Set<String> synced) throws LeaseLost {
        SyncState next = state.progressed(restart, counts, synced);
        control.checkpoint(next, owner, clock.instant().plus(leaseFor));
        state = next;
    }
}
