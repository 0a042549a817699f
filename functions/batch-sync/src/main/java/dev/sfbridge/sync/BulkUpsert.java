package dev.sfbridge.sync;

import dev.sfbridge.bulk.BulkCsv;
import dev.sfbridge.bulk.BulkIngestClient;
import dev.sfbridge.bulk.IngestJob;
import dev.sfbridge.bulk.IngestResults;
import dev.sfbridge.retry.Pause;
import dev.sfbridge.salesforce.AccessToken;
import dev.sfbridge.salesforce.SalesforceAuth;
import dev.sfbridge.salesforce.SalesforceException;
import dev.sfbridge.sync.SyncJob.Interrupted;
import dev.sfbridge.sync.SyncJob.Stop;
import dev.sfbridge.sync.SyncJob.SyncFailed;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import software.amazon.awssdk.retries.api.BackoffStrategy;

/**
 * The steps of one Bulk API 2.0 upsert job, each a call through {@link SalesforceAuth} (a refused token is
 * replaced once) whose failures are sorted for the run: the org unavailable, its quota used up or a token not
 * to be had is {@link Interrupted}; a request Salesforce refuses as such is {@link SyncFailed}.
 */
final class BulkUpsert {
    /** One row of a job's results: its key, Salesforce's error ({@code sf__Error}, null for a success), the row as uploaded. */
    record Result(String key, String error, Map<String, String> row) {}

    @FunctionalInterface
    interface ResultHandler {
        void accept(Result result);
    }

    private final BulkIngestClient bulk;
    private final SalesforceAuth auth;
    private final String organizationId;
    private final InvoiceMapping mapping;
    private final BackoffStrategy pollBackoff;
    private final Pause pause;

    /** @param pollBackoff the waits between two looks at a job in progress: short at first, longer for long jobs */
    BulkUpsert(BulkIngestClient bulk, SalesforceAuth auth, String organizationId, InvoiceMapping mapping,
               BackoffStrategy pollBackoff, Pause pause) {
        this.bulk = bulk;
        this.auth = auth;
        this.organizationId = organizationId;
        this.mapping = mapping;
        this.pollBackoff = pollBackoff;
        this.pause = pause;
    }

    IngestJob create() throws Stop {
        return call("create an ingest job", token -> bulk.createUpsert(token, mapping.object(), mapping.externalIdField()));
    }

    /** Uploads the CSV and closes the job: Salesforce starts on it. */
    void uploadAndClose(String jobId, Path csv) throws Stop {
        call("upload job " + jobId, token -> {
            bulk.upload(token, jobId, csv);
            return null;
        });
        call("close job " + jobId, token -> bulk.close(token, jobId));
    }

    /** What Salesforce says of the job now; null when it no longer has it (deleted, expired). */
    IngestJob info(String jobId) throws Stop {
        try {
            return auth.call(organizationId, null, null, token -> bulk.info(token, jobId));
        } catch (SalesforceException e) {
            if (e.status() == 404) {
                return null;
            }
            throw sorted("read job " + jobId, e);
        }
    }

    /** An open job whose upload is in doubt is given up: its rows go again in a new job. */
    void abort(String jobId) throws Stop {
        call("abort job " + jobId, token -> bulk.abort(token, jobId));
    }

    /**
     * Looks at the job, with growing waits, until it has ended or {@code stop} says to stop; returns it as last seen.
     */
    IngestJob await(String jobId, BooleanSupplier stop) throws Stop {
        for (int look = 1; ; look++) {
            IngestJob job = info(jobId);
            if (job == null) {
                throw new SyncFailed("Salesforce no longer has ingest job " + jobId + " while it was processed");
            }
            if (job.state().ended() || stop.getAsBoolean()) {
                return job;
            }
            try {
                pause.pause(pollBackoff.computeDelay(look));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new Interrupted("interrupted while waiting for ingest job " + jobId);
            }
        }
    }

    /** Reads one of the job's result files, row by row, from a temporary file deleted afterwards. */
    void results(IngestJob job, IngestResults which, ResultHandler handler) throws Stop {
        Path file;
        try {
            file = Files.createTempFile("sfbridge-results-", ".csv");
        } catch (IOException e) {
            throw new UncheckedIOException("no temporary file for an ingest job's results", e);
        }
        try {
            call("download the " + which.resource() + " of job " + job.id(), token -> {
                bulk.download(token, job, which, file);
                return null;
            });
            try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8); CSVParser rows = BulkCsv.reader(in)) {
                for (CSVRecord row : rows) {
                    Map<String, String> uploaded = new LinkedHashMap<>();
                    mapping.columns().keySet().forEach(column -> uploaded.put(column, row.isMapped(column) ? row.get(column) : ""));
                    String error = row.isMapped(IngestResults.ERROR) ? row.get(IngestResults.ERROR) : null;
                    handler.accept(new Result(uploaded.get(mapping.externalIdField()), error, uploaded));
                }
            }
        } catch (IOException | UncheckedIOException e) {
            throw new Interrupted("the " + which.resource() + " of job " + job.id() + " could not be read: " + e.getMessage());
        } finally {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                // a leftover in /tmp of this container; the next run's file has another name
            }
        }
    }

    @FunctionalInterface
    private interface Step<T> {
        T apply(AccessToken token) throws SalesforceException;
    }

    private <T> T call(String what, Step<T> step) throws Stop {
        try {
            return auth.call(organizationId, null, null, step::apply);
        } catch (SalesforceException e) {
            throw sorted(what, e);
        }
    }

    private static Stop sorted(String what, SalesforceException e) {
        return switch (e.kind()) {
            case PERMANENT, CONFIGURATION -> new SyncFailed("Salesforce refused to " + what + ": " + e.getMessage());
            default -> new Interrupted("could not " + what + ": " + e.getMessage());
        };
    }
}
