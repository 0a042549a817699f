package dev.sfbridge.sync;

import dev.sfbridge.bulk.BulkIngestClient;
import dev.sfbridge.bulk.IngestJob;
import dev.sfbridge.bulk.IngestResults;
import dev.sfbridge.retry.Pause;
import dev.sfbridge.salesforce.SalesforceAuth;
import dev.sfbridge.sync.SyncJob.Interrupted;
import dev.sfbridge.sync.SyncJob.Stop;
import dev.sfbridge.sync.SyncJob.SyncFailed;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.apache.commons.csv.CSVRecord;
import software.amazon.awssdk.retries.api.BackoffStrategy;

/**
 * The steps of one Bulk API 2.0 upsert job, each an {@link OrgCalls} call: a refused token is replaced once, the
 * failures sorted for the run ({@link Interrupted} or {@link SyncFailed}).
 */
final class BulkUpsert {
    /** One row of a job's results: its key, Salesforce's error ({@code sf__Error}, null for a success), the row as uploaded. */
    record Result(String key, String error, Map<String, String> row) {}

    @FunctionalInterface
    interface ResultHandler {
        void accept(Result result);
    }

    private final BulkIngestClient bulk;
    private final OrgCalls org;
    private final InvoiceMapping mapping;

    /** @param pollBackoff the waits between two looks at a job in progress: short at first, longer for long jobs */
    BulkUpsert(BulkIngestClient bulk, SalesforceAuth auth, String organizationId, InvoiceMapping mapping,
               BackoffStrategy pollBackoff, Pause pause) {
        this.bulk = bulk;
        this.org = new OrgCalls(auth, organizationId, pollBackoff, pause);
        this.mapping = mapping;
    }

    IngestJob create() throws Stop {
        return org.call("create an ingest job", token -> bulk.createUpsert(token, mapping.object(), mapping.externalIdField()));
    }

    /** Uploads the job's CSV: one request, for the run to look at the time before the next. */
    void upload(String jobId, Path csv) throws Stop {
        org.call("upload job " + jobId, token -> {
            bulk.upload(token, jobId, csv);
            return null;
        });
    }

    /** Closes the job uploaded: Salesforce starts on it. */
    void close(String jobId) throws Stop {
        org.call("close job " + jobId, token -> bulk.close(token, jobId));
    }

    /** What Salesforce says of the job now; null when it no longer has it (deleted, expired). */
    IngestJob info(String jobId) throws Stop {
        return org.callUnlessGone("read job " + jobId, token -> bulk.info(token, jobId));
    }

    /**
     * An open job whose upload is in doubt is given up: its rows go again in a new job. A failure the run could
     * resume from is looked at again: a repeat of an abort whose answer was lost finds the job {@code Aborted}
     * already (400 {@code INVALIDJOBSTATE}), which is the abort done.
     */
    void abort(String jobId) throws Stop {
        try {
            org.call("abort job " + jobId, token -> bulk.abort(token, jobId));
        } catch (Interrupted e) {
            IngestJob job = info(jobId);
            if (job == null || job.state() != IngestJob.State.Aborted) {
                throw e;
            }
        }
    }

    /**
     * Looks at the job, with growing waits, until it has ended or {@code stop} says to stop; returns it as last seen.
     */
    IngestJob await(String jobId, BooleanSupplier stop) throws Stop {
        IngestJob job = org.await("read job " + jobId, token -> bulk.info(token, jobId), seen -> seen.state().ended(), stop);
        if (job == null) {
            throw new SyncFailed("Salesforce no longer has ingest job " + jobId + " while it was processed");
        }
        return job;
    }

    /** Reads one of the job's result files, row by row, from a temporary file deleted afterwards. */
    void results(IngestJob job, IngestResults which, ResultHandler handler) throws Stop {
        try (DownloadedCsv csv = new DownloadedCsv("the " + which.resource() + " of an ingest job")) {
            org.call("download the " + which.resource() + " of job " + job.id(), token -> {
                bulk.download(token, job, which, csv.file());
                return null;
            });
            for (CSVRecord row : csv.rows()) {
                Map<String, String> uploaded = new LinkedHashMap<>();
                mapping.columns().keySet().forEach(column -> uploaded.put(column, row.isMapped(column) ? row.get(column) : ""));
                String error = row.isMapped(IngestResults.ERROR) ? row.get(IngestResults.ERROR) : null;
                handler.accept(new Result(uploaded.get(mapping.externalIdField()), error, uploaded));
            }
        } catch (IOException | UncheckedIOException e) {
            throw new Interrupted("the " + which.resource() + " of job " + job.id() + " could not be read: " + e.getMessage());
        }
    }
}
