package dev.sfbridge.sync;

import dev.sfbridge.bulk.IngestJob;
import dev.sfbridge.bulk.IngestResults;
import dev.sfbridge.erp.ErpException;
import dev.sfbridge.erp.ErpInvoice;
import dev.sfbridge.erp.HttpInvoiceFeed;
import dev.sfbridge.erp.InvoicePage;
import dev.sfbridge.sync.SyncControlTable.LeaseLost;
import dev.sfbridge.sync.SyncJob.Interrupted;
import dev.sfbridge.sync.SyncJob.Stop;
import dev.sfbridge.sync.SyncJob.SyncFailed;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * ERP → Salesforce: the invoices the ERP changed in the run's window, upserted with Bulk API 2.0 ingest jobs
 * (docs/batch-sync.md). A run first sends again the rows of earlier failures that are not parked, then reads the
 * change feed page by page into jobs of at most {@code maxJobBytes} of CSV and {@code maxJobRecords} rows, one
 * job at a time. Restart point ({@link SyncRun#restart()}): {@code phase} ({@value #RETRY} or {@value #FEED}),
 * {@code cursor} (where the next job's pages start: empty for the window's start, {@value #END} when the feed is
 * done), and for a job in flight {@code jobId}, {@code jobEnd} (the cursor after its last page), and
 * {@value #ABORTING} once this sync begins to abort it. A job found {@code Open} after a crash is marked, aborted
 * and its pages read again (a job found {@code Aborted} with the mark too: the abort went through, its
 * checkpoint did not); one closed is awaited; one ended is read for its results; then the cursor moves past it,
 * in one checkpoint.
 */
public final class InvoiceSync implements SyncJob {
    public static final String NAME = "erp-invoices-to-salesforce";
    static final String RETRY = "retry";
    static final String FEED = "feed";
    static final String END = "end";
    /** Restart key naming the in-flight job this sync is aborting: found {@code Aborted}, it is given up like a gone one. */
    static final String ABORTING = "aborting";
    /** Restart key naming the in-flight job whose CSV is uploaded: found {@code Open}, it is closed, not given up. */
    static final String UPLOADED = "uploaded";
    /** Restart key naming the in-flight job whose failed rows are recorded and counted: only its successes are left to read. */
    static final String FAILURES_RECORDED = "failuresRecorded";

    /**
     * @param pageSize         invoices per page of the change feed
     * @param maxJobBytes      CSV per ingest job, at most Salesforce's 100 MB
     * @param maxJobRecords    rows per ingest job; also bounds the keys held to keep one invoice out of a job twice
     * @param maxErrorAttempts sends of a failing row before it is parked
     * @param lookback         the runner's: changes inside it at the window's end are remembered for the next run
     */
    public record Settings(int pageSize, long maxJobBytes, int maxJobRecords, int maxErrorAttempts, Duration lookback) {}

    private final HttpInvoiceFeed feed;
    private final BulkUpsert upsert;
    private final InvoiceMapping mapping;
    private final Settings settings;

    InvoiceSync(HttpInvoiceFeed feed, BulkUpsert upsert, InvoiceMapping mapping, Settings settings) {
        this.feed = feed;
        this.upsert = upsert;
        this.mapping = mapping;
        this.settings = settings;
    }

    @Override
    public String name() {
        return NAME;
    }

    /** One job's content, built: its file, the cursor after its last page, the keys it holds for the next run. */
    private record Built(GroupedCsvFile csv, String endCursor, Set<String> recent, long skipped) {}

    @Override
    public Progress resume(SyncRun run) throws Stop, LeaseLost {
        RecordErrors recordErrors = run.errors(settings.maxErrorAttempts());
        if (run.restart().containsKey("jobId") && finishInFlight(run, recordErrors) == Progress.PAUSED) {
            return Progress.PAUSED;
        }
        while (true) {
            Map<String, String> restart = run.restart();
            String phase = restart.getOrDefault("phase", RETRY);
            String cursor = restart.getOrDefault("cursor", "");
            if (FEED.equals(phase) && END.equals(cursor)) {
                return Progress.DONE;
            }
            if (run.nearDeadline()) {
                return Progress.PAUSED;
            }
            Built built = RETRY.equals(phase) ? retries(recordErrors) : fromFeed(run, cursor);
            if (built == null) {
                return Progress.PAUSED;
            }
            try (GroupedCsvFile csv = built.csv()) {
                String next = RETRY.equals(phase) ? "" : built.endCursor();
                if (csv.rows() == 0) {
                    run.checkpoint(restart(FEED, next), Map.of("skipped", built.skipped()), built.recent());
                    continue;
                }
                if (run.nearDeadline()) {
                    // no job for an upload there is no time for: the pages are read again by the continuation
                    return Progress.PAUSED;
                }
                IngestJob job = upsert.create();
                Map<String, String> inFlight = new HashMap<>(restart(phase, cursor));
                inFlight.put("jobId", job.id());
                inFlight.put("jobEnd", next);
                // the job's changes inside the lookback are remembered now: a job aborted and built again adds them again
                inFlight(run, job, inFlight, Map.of("jobs", 1L, "read", (long) csv.rows(), "skipped", built.skipped()), built.recent());
                // the time is looked at before each request, as the margin holds one: an empty open job is given up
                // by the continuation, its pages read again; one uploaded is closed by it
                if (run.nearDeadline()) {
                    return Progress.PAUSED;
                }
                upsert.upload(job.id(), csv.finish());
                if (run.nearDeadline()) {
                    inFlight.put(UPLOADED, job.id());
                    run.checkpoint(inFlight, Map.of(), Set.of());
                    return Progress.PAUSED;
                }
                upsert.close(job.id());
            }
            if (finishInFlight(run, recordErrors) == Progress.PAUSED) {
                return Progress.PAUSED;
            }
        }
    }

    /**
     * Checkpoints the job just created as the one in flight. When that fails the job is aborted: recorded nowhere,
     * no later run could find it, and an {@code Open} job is never processed.
     */
    private void inFlight(SyncRun run, IngestJob job, Map<String, String> restart, Map<String, Long> counts, Set<String> recent)
            throws LeaseLost {
        try {
            run.checkpoint(restart, counts, recent);
        } catch (LeaseLost | RuntimeException e) {
            try {
                upsert.abort(job.id());
            } catch (Stop | RuntimeException abortFailed) {
                e.addSuppressed(abortFailed);
            }
            throw e;
        }
    }

    /**
     * The job of the restart point: an open one is aborted and its rows read again, unless its upload is done
     * (marked {@value #UPLOADED}: it is closed); one Salesforce no longer has, or one this sync aborted (marked
     * {@value #ABORTING}), is read again too; otherwise it is awaited, its results recorded, and the cursor moved
     * past it. The time left is looked at before each request.
     */
    private Progress finishInFlight(SyncRun run, RecordErrors recordErrors) throws Stop, LeaseLost {
        Map<String, String> restart = run.restart();
        String jobId = restart.get("jobId");
        String phase = restart.get("phase");
        if (run.nearDeadline()) {
            return Progress.PAUSED;
        }
        IngestJob job = upsert.info(jobId);
        boolean open = job != null && job.state() == IngestJob.State.Open;
        boolean abortedBySync = job != null && job.state() == IngestJob.State.Aborted && jobId.equals(restart.get(ABORTING));
        if (open && jobId.equals(restart.get(UPLOADED))) {
            if (run.nearDeadline()) {
                return Progress.PAUSED;
            }
            upsert.close(jobId);
        } else if (job == null || open || abortedBySync) {
            if (open) {
                if (run.nearDeadline()) {
                    return Progress.PAUSED;
                }
                // marked first: a crash or a lost answer after the PATCH leaves a job this sync aborted, not a person
                Map<String, String> aborting = new HashMap<>(restart);
                aborting.put(ABORTING, jobId);
                run.checkpoint(aborting, Map.of(), Set.of());
                upsert.abort(jobId);
            }
            run.warn("ingest job given up before it was processed: its rows go again", Map.of("jobId", jobId));
            run.checkpoint(restart(phase, restart.get("cursor")), Map.of(), Set.of());
            return Progress.DONE;
        }
        if (run.nearDeadline()) {
            return Progress.PAUSED;
        }
        job = upsert.await(jobId, run::nearDeadline);
        if (!job.state().ended()) {
            return Progress.PAUSED;
        }
        if (job.state() != IngestJob.State.JobComplete) {
            throw new SyncFailed("ingest job " + jobId + " ended " + job.state()
                    + (job.errorMessage() == null ? "" : ": " + job.errorMessage()));
        }
        if (!jobId.equals(restart.get(FAILURES_RECORDED))) {
            if (run.nearDeadline()) {
                return Progress.PAUSED;
            }
            // checkpointed apart from the successes, with a look at the time between the two downloads: a
            // continuation reads the successes only, and counts no failure twice
            Map<String, String> failuresRecorded = new HashMap<>(restart);
            failuresRecorded.put(FAILURES_RECORDED, jobId);
            run.checkpoint(failuresRecorded, recordFailures(run, job, recordErrors), Set.of());
        }
        if (run.nearDeadline()) {
            return Progress.PAUSED;
        }
        long synced = recordSuccesses(run, job, recordErrors);
        run.checkpoint(restart(RETRY.equals(phase) ? FEED : phase, restart.get("jobEnd")), Map.of("synced", synced), Set.of());
        return Progress.DONE;
    }

    /** Failed rows into the error table (parked at the limit); their counts. */
    private Map<String, Long> recordFailures(SyncRun run, IngestJob job, RecordErrors recordErrors) throws Stop {
        long[] failed = new long[1];
        long[] parked = new long[1];
        upsert.results(job, IngestResults.FAILED, result -> {
            failed[0]++;
            if (recordErrors.failed(result.key(), result.error(), result.row(), run.runId(), run.now())) {
                parked[0]++;
            }
        });
        run.info("ingest job's failed rows recorded", Map.of("jobId", job.id(), "failed", failed[0], "parked", parked[0]));
        return Map.of("failed", failed[0], "parked", parked[0]);
    }

    /** Successful rows out of the error table; their count. */
    private long recordSuccesses(SyncRun run, IngestJob job, RecordErrors recordErrors) throws Stop {
        long[] synced = new long[1];
        upsert.results(job, IngestResults.SUCCESSFUL, result -> {
            recordErrors.succeeded(result.key());
            synced[0]++;
        });
        run.info("ingest job done", Map.of("jobId", job.id(), "synced", synced[0]));
        return synced[0];
    }

    /** The rows of errors not parked, as they were last sent: one job's worth; the rest wait for the next run. */
    private Built retries(RecordErrors recordErrors) {
        GroupedCsvFile csv = new GroupedCsvFile(mapping.header());
        try (Stream<SyncError> pending = recordErrors.pending()) {
            Iterator<SyncError> it = pending.iterator();
            while (it.hasNext() && csv.rows() < settings.maxJobRecords()) {
                SyncError error = it.next();
                List<String> values = mapping.header().stream().map(column -> error.row().getOrDefault(column, "")).toList();
                if (csv.bytes() + GroupedCsvFile.size(values) > settings.maxJobBytes()) {
                    break;
                }
                csv.add(error.row().getOrDefault(mapping.parentColumn(), ""), error.key(), values);
            }
        }
        return new Built(csv, "", Set.of(), 0);
    }

    /** An invoice as changed at one time: what a run remembers as synced. */
    private static String version(ErpInvoice invoice) {
        return invoice.invoiceNumber() + "@" + invoice.modifiedAt();
    }

    /**
     * Pages from {@code cursor} until the feed is done or the next page would not fit the job: more bytes or rows
     * than allowed, or an invoice already in it (changed again while the run read it; the newer change goes in the
     * next job, after this one). A page that does not fit is read again as the next job's first. Null when the run
     * must pause before the next page: what was read is dropped and read again by the continuation.
     */
    private Built fromFeed(SyncRun run, String cursor) throws Stop {
        GroupedCsvFile csv = new GroupedCsvFile(mapping.header());
        Set<String> keys = new HashSet<>();
        Set<String> recent = new HashSet<>();
        long skipped = 0;
        String pageCursor = cursor;
        try {
            while (true) {
                InvoicePage page = feed.changes(run.windowStart(), run.windowEnd(), pageCursor.isEmpty() ? null : pageCursor,
                        settings.pageSize());
                Map<String, List<String>> rows = new LinkedHashMap<>();
                long pageBytes = 0;
                for (ErpInvoice invoice : page.invoices()) {
                    String version = version(invoice);
                    if (run.syncedBefore(version)) {
                        skipped++;
                        // still inside the next run's lookback when the schedule is shorter: skipped there as well
                        run.rememberForNextRun(version, invoice.modifiedAt(), settings.lookback(), recent);
                        continue;
                    }
                    List<String> row = mapping.row(invoice);
                    rows.put(invoice.invoiceNumber(), row);
                    pageBytes += GroupedCsvFile.size(row);
                }
                boolean fits = csv.rows() + rows.size() <= settings.maxJobRecords()
                        && csv.bytes() + pageBytes <= settings.maxJobBytes()
                        && rows.keySet().stream().noneMatch(keys::contains);
                if (!fits && csv.rows() > 0) {
                    return new Built(csv, pageCursor, recent, skipped);
                }
                if (!fits) {
                    throw new SyncFailed("one page of " + settings.pageSize() + " invoices does not fit an ingest job of "
                            + settings.maxJobRecords() + " rows and " + settings.maxJobBytes() + " bytes: lower SYNC_PAGE_SIZE");
                }
                for (ErpInvoice invoice : page.invoices()) {
                    List<String> row = rows.get(invoice.invoiceNumber());
                    if (row == null) {
                        continue;
                    }
                    csv.add(invoice.customerNumber(), invoice.invoiceNumber(), row);
                    keys.add(invoice.invoiceNumber());
                    run.rememberForNextRun(version(invoice), invoice.modifiedAt(), settings.lookback(), recent);
                }
                if (page.nextCursor() == null) {
                    return new Built(csv, END, recent, skipped);
                }
                if (run.nearDeadline()) {
                    csv.close();
                    return null;
                }
                pageCursor = page.nextCursor();
            }
        } catch (ErpException e) {
            csv.close();
            throw e.kind() == ErpException.Kind.PERMANENT ? new SyncFailed(e.getMessage()) : new Interrupted(e.getMessage());
        } catch (SyncFailed e) {
            csv.close();
            throw e;
        }
    }

    private static Map<String, String> restart(String phase, String cursor) {
        return Map.of("phase", phase, "cursor", cursor == null ? "" : cursor);
    }
}
