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
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Runs a {@link SyncJob} under the control table's lease (docs/batch-sync.md, "A run"): takes the lease or exits
 * when another run holds it; starts a run over {@code [watermark - lookback, now - lag)} unless one is under way,
 * which it resumes from its restart point; and ends it: succeeded (the watermark moves to the window's end), paused
 * near the time limit (a continuation is requested; a run paused before any step fails instead, as its continuation
 * would, in a chain without end), interrupted by a peer (resumed by the next invocation) or
 * failed (recorded with its reason, the watermark unchanged, {@link Metric#SYNC_RUNS_FAILED} counted): given up by
 * the job, or stopped by an AWS call that failed (a checkpoint DynamoDB refused).
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
        SyncRun run = new SyncRun(control, errors, owner, settings, clock, timeLeft, log, metrics, acquired.get());
        Outcome outcome;
        try {
            try {
                outcome = work(job, run, owner, now, timeLeft);
            } catch (SyncJob.Stop e) {
                // SyncFailed, the only other kind of stop: work() ends an interrupted run itself
                outcome = failed(job, run, owner, e.getMessage());
            } catch (SdkException e) {
                // a write the table refuses (ValidationException) or cannot take now (throttled past the SDK's
                // retries): resumed from the last checkpoint, the run would meet it again under a lease held for nothing
                outcome = failed(job, run, owner, "an AWS call failed: " + described(e));
            }
        } catch (LeaseLost e) {
            log.error("sync run stopped: its lease was taken over", Map.of("syncJob", job.name(), "reason", e.getMessage()));
            return Outcome.LEASE_LOST;
        }
        if (outcome == Outcome.PAUSED) {
            continuation.request(job.name());
            log.info("sync run paused near the time limit, continued in a fresh invocation", fields(run.state()));
        }
        return outcome;
    }

    /** Starts a run unless one is under way, has the job work on it, and ends it, unless it failed. */
    private Outcome work(SyncJob job, SyncRun run, String owner, Instant now, Supplier<Duration> timeLeft)
            throws SyncJob.Stop, LeaseLost {
        if (!run.state().running()) {
            SyncState last = run.state();
            Instant start = last.watermark() == null ? settings.firstStart() : last.watermark().minus(settings.lookback());
            Instant end = now.minus(settings.lag());
            if (!end.isAfter(start)) {
                control.release(last, owner);
                return Outcome.NOTHING_TO_SYNC;
            }
            run.start(UUID.randomUUID().toString(), start, end);
        }
        try {
            if (job.resume(run) == SyncJob.Progress.PAUSED) {
                if (!run.wentOn()) {
                    // its continuation would start with no more time than this invocation: a chain without progress
                    throw new SyncJob.SyncFailed("the run paused at its first look at the time, before any step: "
                            + timeLeft.get().toSeconds() + " s left of the invocation, under the " + settings.stopBefore().toSeconds() + " s margin"
                            + " (SYNC_STOP_BEFORE_SECONDS, at least the longest Salesforce request): the function's Timeout"
                            + " must be longer than the margin");
                }
                control.release(run.state(), owner);
                return Outcome.PAUSED;
            }
        } catch (SyncJob.Interrupted e) {
            control.release(run.state(), owner);
            log.warn("sync run interrupted, resumed from its checkpoint by the next invocation", with(fields(run.state()), e.getMessage()));
            return Outcome.INTERRUPTED;
        }
        SyncState succeeded = run.state().succeeded(clock.instant());
        control.release(succeeded, owner);
        metrics.count(Metric.SYNC_RUNS_SUCCEEDED, job.name());
        log.info("sync run succeeded", fields(succeeded));
        return Outcome.SUCCEEDED;
    }

    /**
     * Records the run failed with {@code reason}, the watermark unchanged, and gives the lease up; when the table
     * refuses that too, the lease runs out by itself and the failure is in the log and the metric.
     */
    private Outcome failed(SyncJob job, SyncRun run, String owner, String reason) throws LeaseLost {
        SyncState failed = run.state().failed(clock.instant(), reason);
        try {
            control.release(failed, owner);
            log.error("sync run failed, the watermark unchanged", with(fields(failed), reason));
        } catch (SdkException e) {
            log.error("sync run failed, the watermark unchanged; its failure could not be recorded, the lease runs out",
                    with(fields(failed), reason + "; recording it: " + described(e)));
        }
        metrics.count(Metric.SYNC_RUNS_FAILED, job.name());
        return Outcome.FAILED;
    }

    /** The exception's class and, from a service, its error code: the SDK's classes name the service, not the error. */
    private static String described(SdkException e) {
        String code = e instanceof AwsServiceException service && service.awsErrorDetails() != null
                ? " " + service.awsErrorDetails().errorCode() : "";
        return e.getClass().getSimpleName() + code + ": " + e.getMessage();
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
