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
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Runs a {@link SyncJob} under the control table's lease (docs/batch-sync.md, "A run"): takes the lease or exits
 * when another run holds it; starts a run over {@code [watermark - lookback, now - lag)} unless one is under way,
 * which it resumes from its restart point; and ends it: succeeded (the watermark moves to the window's end), paused
 * near the time limit (a continuation is requested), interrupted by a peer (resumed by the next invocation) or
 * failed (recorded with its reason, the watermark unchanged, {@link Metric#SYNC_RUNS_FAILED} counted).
 */
public final class SyncRunner {
    /** How one invocation of a job ended. */
    public enum Outcome { SUCCEEDED, NOTHING_TO_SYNC, PAUSED, INTERRUPTED, FAILED, BUSY, LEASE_LOST }

    /**
     * @param lag           the window ends this long before now: changes still being committed are left to the next run
     * @param lookback      the window starts this long before the watermark (at least 10 minutes): late commits inside
     *                      it are still synced, those already synced skipped
     * @param firstStart    where the first run's window starts, before any watermark
     * @param leaseFor      longer than one invocation can last (the function's timeout and a margin)
     * @param stopBefore    the time left at which a run checkpoints and hands over to a fresh invocation
     */
    public record Settings(Duration lag, Duration lookback, Instant firstStart, Duration leaseFor, Duration stopBefore) {
        public Settings {
            if (lookback.compareTo(Duration.ofMinutes(10)) < 0) {
                throw new IllegalArgumentException("the lookback must be at least 10 minutes, not " + lookback);
            }
        }
    }

    private final SyncControlTable control;
    private final SyncErrorTable errors;
    private final Settings settings;
    private final Continuation continuation;
    private final JsonLog log;
    private final Metrics metrics;
    private final Clock clock;

    public SyncRunner(SyncControlTable control, SyncErrorTable errors, Settings settings, Continuation continuation, JsonLog log,
                      Metrics metrics, Clock clock) {
        this.control = control;
        this.errors = errors;
        this.settings = settings;
        this.continuation = continuation;
        this.log = log;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** @param timeLeft how long this invocation may still run */
    public Outcome run(SyncJob job, Supplier<Duration> timeLeft) {
        String owner = UUID.randomUUID().toString();
        Instant now = clock.instant();
        Optional<SyncState> acquired = control.acquire(job.name(), owner, now, now.plus(settings.leaseFor()));
        if (acquired.isEmpty()) {
            log.info("sync run not started: another run holds the lease", Map.of("syncJob", job.name()));
            return Outcome.BUSY;
        }
        SyncState state = acquired.get();
        try {
            if (!state.running()) {
                Instant start = state.watermark() == null ? settings.firstStart() : state.watermark().minus(settings.lookback());
                Instant end = now.minus(settings.lag());
                if (!end.isAfter(start)) {
                    control.release(state, owner);
                    return Outcome.NOTHING_TO_SYNC;
                }
                state = state.started(UUID.randomUUID().toString(), now, start, end);
                control.checkpoint(state, owner, now.plus(settings.leaseFor()));
            }
            SyncRun run = new SyncRun(control, errors, owner, settings, clock, timeLeft, log, metrics, state);
            return finish(job, run, owner);
        } catch (LeaseLost e) {
            log.error("sync run stopped: its lease was taken over", Map.of("syncJob", job.name(), "reason", e.getMessage()));
            return Outcome.LEASE_LOST;
        }
    }

    private Outcome finish(SyncJob job, SyncRun run, String owner) throws LeaseLost {
        try {
            if (job.resume(run) == SyncJob.Progress.PAUSED) {
                control.release(run.state(), owner);
                continuation.request(job.name());
                log.info("sync run paused near the time limit, continued in a fresh invocation", fields(run.state()));
                return Outcome.PAUSED;
            }
        } catch (SyncJob.Interrupted e) {
            control.release(run.state(), owner);
            log.warn("sync run interrupted, resumed from its checkpoint by the next invocation", with(fields(run.state()), e.getMessage()));
            return Outcome.INTERRUPTED;
        } catch (SyncJob.Stop e) {
            // SyncFailed, the only other kind of stop
            SyncState failed = run.state().failed(clock.instant(), e.getMessage());
            control.release(failed, owner);
            metrics.count(Metric.SYNC_RUNS_FAILED, job.name());
            log.error("sync run failed, the watermark unchanged", with(fields(failed), e.getMessage()));
            return Outcome.FAILED;
        }
        SyncState succeeded = run.state().succeeded(clock.instant());
        control.release(succeeded, owner);
        metrics.count(Metric.SYNC_RUNS_SUCCEEDED, job.name());
        log.info("sync run succeeded", fields(succeeded));
        return Outcome.SUCCEEDED;
    }

    private static Map<String, Object> fields(SyncState state) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("syncJob", state.job());
        fields.put("runId", state.runId());
        fields.put("windowStart", String.valueOf(state.windowStart()));
        fields.put("windowEnd", String.valueOf(state.windowEnd()));
        fields.put("counts", state.counts());
        return fields;
    }

    private static Map<String, Object> with(Map<String, Object> fields, String reason) {
        fields.put("reason", reason);
        return fields;
    }
}
