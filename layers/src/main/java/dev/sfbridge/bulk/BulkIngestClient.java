package dev.sfbridge.bulk;

import static dev.sfbridge.bulk.BulkRequests.JSON;
import static dev.sfbridge.bulk.BulkRequests.failure;
import static dev.sfbridge.bulk.BulkRequests.id;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sfbridge.salesforce.AccessToken;
import dev.sfbridge.salesforce.SalesforceException;
import dev.sfbridge.salesforce.SalesforceException.Kind;
import dev.sfbridge.salesforce.SalesforceHttp;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Salesforce's Bulk API 2.0 ingest jobs ({@code /services/data/vXX.X/jobs/ingest}; docs/batch-sync.md): create an
 * upsert job, upload its CSV once, close it, ask how it does, abort it, download its results. Failures are split as
 * {@link BulkRequests} says: 400 {@code INVALIDJOBSTATE}, most likely a repeat of a request whose answer was lost (an
 * upload, a close) finding it done already, is {@link Kind#RETRYABLE}: the caller looks at the job again rather than
 * giving the run up. Uploads and downloads go through files, never held whole.
 */
public final class BulkIngestClient {
    /** Salesforce's limit of CSV per job, before its base64 encoding makes it 150 MB. */
    public static final long MAX_UPLOAD_BYTES = 100L * 1024 * 1024;
    private final BulkRequests requests;
    private final String apiVersion;

    /** @param apiVersion {@code 62.0}: the jobs are created, and their results read, with it */
    public BulkIngestClient(SalesforceHttp http, String apiVersion) {
        this.requests = new BulkRequests(http, "ingest");
        this.apiVersion = apiVersion;
    }

    /** {@code POST /jobs/ingest}: an upsert job of {@code object} by {@code externalIdField}, CSV with LF line endings. */
    public IngestJob createUpsert(AccessToken token, String object, String externalIdField) throws SalesforceException {
        ObjectNode body = JSON.createObjectNode()
                .put("object", object)
                .put("externalIdFieldName", externalIdField)
                .put("contentType", "CSV")
                .put("operation", "upsert")
                .put("lineEnding", "LF");
        HttpResponse<String> response = send(token, "", "POST", "application/json", HttpRequest.BodyPublishers.ofString(body.toString()));
        return job(response, "create a job");
    }

    /** {@code PUT /jobs/ingest/{id}/batches}: the job's one upload, at most {@link #MAX_UPLOAD_BYTES}. */
    public void upload(AccessToken token, String jobId, Path csv) throws SalesforceException {
        long size;
        HttpRequest.BodyPublisher body;
        try {
            size = Files.size(csv);
            body = HttpRequest.BodyPublishers.ofFile(csv);
        } catch (IOException e) {
            throw new UncheckedIOException("the job's CSV cannot be read", e);
        }
        if (size > MAX_UPLOAD_BYTES) {
            throw new IllegalArgumentException("a job takes at most " + MAX_UPLOAD_BYTES + " bytes of CSV, not " + size);
        }
        HttpResponse<String> response = send(token, "/" + id(jobId) + "/batches", "PUT", "text/csv", body);
        if (response.statusCode() != 201) {
            throw failure(response, "upload the CSV of job " + jobId);
        }
    }

    /** {@code PATCH /jobs/ingest/{id}} to {@code UploadComplete}: Salesforce starts processing it. */
    public IngestJob close(AccessToken token, String jobId) throws SalesforceException {
        return changeState(token, jobId, IngestJob.State.UploadComplete);
    }

    /** {@code PATCH /jobs/ingest/{id}} to {@code Aborted}: an open job whose upload is in doubt is given up. */
    public IngestJob abort(AccessToken token, String jobId) throws SalesforceException {
        return changeState(token, jobId, IngestJob.State.Aborted);
    }

    /** {@code GET /jobs/ingest/{id}}. A job Salesforce no longer has (deleted, expired) is 404, {@link Kind#PERMANENT}. */
    public IngestJob info(AccessToken token, String jobId) throws SalesforceException {
        return job(send(token, "/" + id(jobId), "GET", null, HttpRequest.BodyPublishers.noBody()), "read job " + jobId);
    }

    /**
     * {@code GET /jobs/ingest/{id}/<results>} into {@code file}, replaced if it exists: a CSV for
     * {@link BulkCsv#reader}. Read with the API version the job was created with, whatever this client's is now.
     */
    public void download(AccessToken token, IngestJob job, IngestResults results, Path file) throws SalesforceException {
        requests.download(token, job.apiVersion(), "/" + id(job.id()) + "/" + results.resource(), file,
                "download the " + results.resource() + " of job " + job.id());
    }

    private IngestJob changeState(AccessToken token, String jobId, IngestJob.State state) throws SalesforceException {
        String body = JSON.createObjectNode().put("state", state.name()).toString();
        HttpResponse<String> response = send(token, "/" + id(jobId), "PATCH", "application/json", HttpRequest.BodyPublishers.ofString(body));
        return job(response, "set job " + jobId + " to " + state);
    }

    private HttpResponse<String> send(AccessToken token, String path, String method, String contentType,
                                      HttpRequest.BodyPublisher body) throws SalesforceException {
        return requests.send(token, apiVersion, path, method, contentType, body);
    }

    private IngestJob job(HttpResponse<String> response, String what) throws SalesforceException {
        BulkRequests.JobAnswer<IngestJob.State> job = BulkRequests.job(response, IngestJob.State.class, what);
        return new IngestJob(job.id(), job.state(), job.json().path("apiVersion").asText(apiVersion),
                job.json().path("numberRecordsProcessed").asLong(0), job.json().path("numberRecordsFailed").asLong(0),
                job.json().path("errorMessage").asText(null));
    }
}
