package dev.sfbridge.sync;

import dev.sfbridge.bulk.BulkQueryClient;
import dev.sfbridge.bulk.QueryJob;
import dev.sfbridge.bulk.QueryPage;
import dev.sfbridge.erp.ErpCustomer;
import dev.sfbridge.erp.ErpException;
import dev.sfbridge.erp.HttpErpClient;
import dev.sfbridge.model.OrderResult;
import dev.sfbridge.sync.SyncControlTable.LeaseLost;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.commons.csv.CSVRecord;

/**
 * Salesforce → ERP: the Accounts whose {@code SystemModstamp} lies in the run's window, read with a Bulk API 2.0
 * {@code queryAll} job (deleted ones included) a set of results at a time, each upserted into the ERP's customers,
 * a deleted one as a deactivation (docs/batch-sync.md, "Salesforce → ERP"). A run first sends again the rows of
 * earlier failures that are not parked, then the window's query.
 *
 * <p>Restart point ({@link SyncRun#restart()}): {@code phase} ({@value #RETRY}, {@value #QUERY}, {@value #DONE});
 * in the retry phase {@code after}, the last error key sent; in the query phase, once the job exists, {@code jobId}
 * and {@code apiVersion} (the job's, which its results must be read with), {@value #FIELDS} (the fields it selects),
 * {@code locator} (the set being read, empty for the first) and {@code row} (how many of its rows are done). A run
 * resumed after a crash, a pause or a new token reads on from there; a job Salesforce no longer has (404), or one
 * selecting other fields than the mapping now does ({@code SYNC_ACCOUNT_FIELDS} changed), is queried again.
 */
public final class AccountSync implements SyncJob {
    public static final String NAME = "salesforce-accounts-to-erp";
    static final String RETRY = "retry";
    static final String QUERY = "query";
    static final String DONE = "done";
    /** Restart key: the fields the query job selects, which its results' columns are. */
    static final String FIELDS = "fields";
    private static final String GONE = "query job gone before its results were read: the window is queried again";

    /**
     * @param pageSize         rows per set of results ({@code maxRecords}): what one download and one checkpoint cover
     * @param maxErrorAttempts sends of a failing customer before it is parked
     * @param lookback         the runner's: changes inside it at the window's end are remembered for the next run
     */
    public record Settings(int pageSize, int maxErrorAttempts, Duration lookback) {}

    private final BulkQueryClient bulk;
    private final OrgCalls org;
    private final HttpErpClient erp;
    private final AccountMapping mapping;
    private final Settings settings;

    AccountSync(BulkQueryClient bulk, OrgCalls org, HttpErpClient erp, AccountMapping mapping, Settings settings) {
        this.bulk = bulk;
        this.org = org;
        this.erp = erp;
        this.mapping = mapping;
        this.settings = settings;
    }

    @Override
    public String name() {
        return NAME;
    }

    /** What one stretch of work did, checkpointed with the position it reached, then started afresh. */
    private static final class Tally {
        final Map<String, Long> counts = new HashMap<>();
        final Set<String> recent = new HashSet<>();

        void add(String count) {
            counts.merge(count, 1L, Long::sum);
        }

        void checkpoint(SyncRun run, Map<String, String> restart) throws LeaseLost {
            run.checkpoint(restart, counts, recent);
            counts.clear();
            recent.clear();
        }
    }

    @Override
    public Progress resume(SyncRun run) throws Stop, LeaseLost {
        RecordErrors recordErrors = run.errors(settings.maxErrorAttempts());
        if (RETRY.equals(run.restart().getOrDefault("phase", RETRY)) && retry(run, recordErrors) == Progress.PAUSED) {
            return Progress.PAUSED;
        }
        while (true) {
            Map<String, String> restart = run.restart();
            if (DONE.equals(restart.get("phase"))) {
                return Progress.DONE;
            }
            if (run.nearDeadline()) {
                return Progress.PAUSED;
            }
            String jobId = restart.get("jobId");
            if (jobId == null) {
                String soql = mapping.soql(run.windowStart(), run.windowEnd());
                QueryJob job = org.call("create a query job", token -> bulk.createQueryAll(token, soql));
                run.checkpoint(position(job.id(), job.apiVersion(), "", 0), Map.of("jobs", 1L), Set.of());
                continue;
            }
            if (!selected().equals(restart.get(FIELDS))) {
                // its CSV lacks a newly mapped column, which would go to the ERP as null and empty the field there
                queryAgain(run, "SYNC_ACCOUNT_FIELDS changed while the run read its query job: the window is queried again "
                        + "with the new fields", jobId);
                continue;
            }
            QueryJob job = org.await("read query job " + jobId, token -> bulk.info(token, jobId), seen -> seen.state().ended(),
                    run::nearDeadline);
            if (job == null) {
                queryAgain(run, GONE, jobId);
                continue;
            }
            if (!job.state().ended()) {
                return Progress.PAUSED;
            }
            if (job.state() != QueryJob.State.JobComplete) {
                throw new SyncFailed("query job " + jobId + " ended " + job.state()
                        + (job.errorMessage() == null ? "" : ": " + job.errorMessage()));
            }
            if (read(run, recordErrors) == Progress.PAUSED) {
                return Progress.PAUSED;
            }
        }
    }

    /**
     * The job's results from the stored locator on, a set at a time: each set downloaded into a file, its rows sent
     * to the ERP, then the next set's locator checkpointed. Returns when the last set is done, the run must pause,
     * or the job is gone (the query is made again).
     */
    private Progress read(SyncRun run, RecordErrors recordErrors) throws Stop, LeaseLost {
        while (true) {
            Map<String, String> restart = run.restart();
            String jobId = restart.get("jobId");
            String apiVersion = restart.get("apiVersion");
            String locator = restart.get("locator");
            int done = Integer.parseInt(restart.getOrDefault("row", "0"));
            if (run.nearDeadline()) {
                // the position is checkpointed: the continuation downloads this set
                return Progress.PAUSED;
            }
            Tally tally = new Tally();
            try (DownloadedCsv csv = new DownloadedCsv("a set of query results")) {
                QueryPage page = org.callUnlessGone("read the results of query job " + jobId, token -> bulk.download(token, jobId,
                        apiVersion, locator.isEmpty() ? null : locator, settings.pageSize(), csv.file()));
                if (page == null) {
                    queryAgain(run, GONE, jobId);
                    return Progress.DONE;
                }
                int row = 0;
                for (Iterator<CSVRecord> rows = csv.rows().iterator(); rows.hasNext(); row++) {
                    CSVRecord record = rows.next();
                    if (row < done) {
                        continue;
                    }
                    if (run.nearDeadline()) {
                        tally.checkpoint(run, position(jobId, apiVersion, locator, row));
                        return Progress.PAUSED;
                    }
                    try {
                        synced(run, record.toMap(), jobId, recordErrors, tally);
                    } catch (ErpException e) {
                        // the ERP is unavailable for now: what is done stays done, the next invocation goes on from here
                        tally.checkpoint(run, position(jobId, apiVersion, locator, row));
                        throw new Interrupted(e.getMessage());
                    }
                }
                tally.checkpoint(run, page.last() ? Map.of("phase", DONE) : position(jobId, apiVersion, page.nextLocator(), 0));
                if (page.last()) {
                    run.info("query job read", Map.of("jobId", jobId));
                    return Progress.DONE;
                }
            } catch (IOException | UncheckedIOException e) {
                throw new Interrupted("the results of query job " + jobId + " could not be read: " + e.getMessage());
            }
        }
    }

    /**
     * One row of the window: skipped when the last run sent this very change (inside the lookback), otherwise sent;
     * either way remembered for the next run when inside its lookback.
     *
     * @throws ErpException a retryable one: the ERP is unavailable for now
     */
    private void synced(SyncRun run, Map<String, String> row, String jobId, RecordErrors recordErrors, Tally tally)
            throws ErpException, SyncFailed {
        tally.add("read");
        Instant modifiedAt;
        try {
            modifiedAt = AccountMapping.modifiedAt(row);
        } catch (IllegalArgumentException e) {
            throw new SyncFailed("query job " + jobId + " answered " + e.getMessage());
        }
        String version = row.get(AccountMapping.ID) + "@" + modifiedAt;
        if (run.syncedBefore(version)) {
            tally.add("skipped");
        } else {
            send(run, mapping.kept(row), recordErrors, tally);
        }
        run.rememberForNextRun(version, modifiedAt, settings.lookback(), tally.recent);
    }

    /**
     * Upserts the row's customer: a success (or a change the ERP holds a newer one of) removes the Account from the
     * error table; a refusal (4xx) records it there, counted once per run (also when it fails in the retry and again as a newer change), parked at the limit.
     *
     * @throws ErpException a retryable one, for the caller to checkpoint and stop
     */
    private void send(SyncRun run, Map<String, String> row, RecordErrors recordErrors, Tally tally) throws ErpException {
        ErpCustomer customer = mapping.customer(row);
        String key = customer.salesforceAccountId();
        try {
            OrderResult.Write write = erp.upsertCustomer(customer);
            if (write == OrderResult.Write.REFUSED_AS_STALE) {
                tally.add("stale");
            } else {
                tally.add("synced");
                if (!customer.active()) {
                    tally.add("deactivated");
                }
            }
            recordErrors.succeeded(key);
        } catch (ErpException e) {
            if (e.kind() != ErpException.Kind.PERMANENT) {
                throw e;
            }
            tally.add("failed");
            if (recordErrors.failed(key.isEmpty() ? "(no Id)" : key, e.getMessage(), row, run.runId(), run.now())) {
                tally.add("parked");
            }
        }
    }

    /**
     * The rows of earlier failures that are not parked, as last read, in key order from the stored {@code after}:
     * first, so that a newer change of the same Account in this window, sent later, is the one the ERP keeps (it
     * would refuse the older one anyway: it orders changes by {@code SystemModstamp}).
     */
    private Progress retry(SyncRun run, RecordErrors recordErrors) throws Stop, LeaseLost {
        String after = run.restart().getOrDefault("after", "");
        Tally tally = new Tally();
        try (Stream<SyncError> pending = recordErrors.pending().filter(error -> error.key().compareTo(after) > 0)) {
            String last = after;
            for (Iterator<SyncError> it = pending.iterator(); it.hasNext(); ) {
                SyncError error = it.next();
                if (run.nearDeadline()) {
                    tally.checkpoint(run, Map.of("phase", RETRY, "after", last));
                    return Progress.PAUSED;
                }
                try {
                    send(run, error.row(), recordErrors, tally);
                } catch (ErpException e) {
                    tally.checkpoint(run, Map.of("phase", RETRY, "after", last));
                    throw new Interrupted(e.getMessage());
                } catch (IllegalArgumentException e) {
                    // a row the error table kept without a SystemModstamp cannot be ordered: it waits for an operator
                    run.warn("sync error not sent again: its row is unreadable", Map.of("key", error.key()));
                }
                last = error.key();
            }
        }
        tally.checkpoint(run, Map.of("phase", QUERY));
        return Progress.DONE;
    }

    /**
     * The window is queried again from its start, in a new job: the job is gone (deleted, or expired after its 7
     * days), or its fields are not the mapping's. Accounts already sent in this run are sent again: repeats.
     */
    private void queryAgain(SyncRun run, String why, String jobId) throws LeaseLost {
        run.warn(why, Map.of("jobId", jobId));
        run.checkpoint(Map.of("phase", QUERY), Map.of(), Set.of());
    }

    /** The fields the mapping selects, as the restart point records those of its query job. */
    private String selected() {
        return String.join(",", mapping.selected());
    }

    private Map<String, String> position(String jobId, String apiVersion, String locator, int row) {
        Map<String, String> position = new LinkedHashMap<>();
        position.put("phase", QUERY);
        position.put("jobId", jobId);
        position.put("apiVersion", apiVersion);
        position.put(FIELDS, selected());
        position.put("locator", locator == null ? "" : locator);
        position.put("row", Integer.toString(row));
        return position;
    }
}
