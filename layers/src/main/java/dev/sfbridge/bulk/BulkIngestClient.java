package dev.sfbridge.bulk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sfbridge.salesforce.AccessToken;
import dev.sfbridge.salesforce.SalesforceException;
import dev.sfbridge.salesforce.SalesforceException.Kind;
import dev.sfbridge.salesforce.SalesforceHttp;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Salesforce's Bulk API 2.0 ingest jobs ({@code /services/data/vXX.X/jobs/ingest}; docs/batch-sync.md): create an
 * upsert job, upload its CSV once, close it, ask how it does, abort it, download its results. Timeouts, dropped
 * connections and 5xx are retried boundedly by {@link SalesforceHttp}; a 401 is {@link Kind#SESSION_INVALID} for
 * the caller's {@code SalesforceAuth} to replace the token once; other 4xx are {@link Kind#PERMANENT}, except the
 * org's used-up quota ({@link Kind#LIMIT_EXCEEDED}) and 400 {@code INVALIDJOBSTATE}: the job is not in the state the
 * request expects, most likely because a repeat of a request whose answer was lost (an upload, a close) finds it
 * done already. That is {@link Kind#RETRYABLE}: the caller looks at the job again rather than giving the run up.
 * Uploads and downloads go through files, never held whole.
 */
public final class BulkIngestClient {
    /** Salesforce's limit of CSV per job, before its base64 encoding makes it 150 MB. */
    public static final long MAX_UPLOAD_BYTES = 100L * 1024 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern JOB_ID = Pattern.compile("[a-zA-Z0-9]{15,18}");

    private final SalesforceHttp http;
    private final String apiVersion;

    /** @param apiVersion {@code 62.0}: the jobs are created, and their results read, with it */
    public BulkIngestClient(SalesforceHttp http, String apiVersion) {
        this.http = http;
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
        return job(response, 200, "create a job");
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
        return job(send(token, "/" + id(jobId), "GET", null, HttpRequest.BodyPublishers.noBody()), 200, "read job " + jobId);
    }

    /**
     * {@code GET /jobs/ingest/{id}/<results>} into {@code file}, replaced if it exists: a CSV for
     * {@link BulkCsv#reader}. Read with the API version the job was created with, whatever this client's is now.
     */
    public void download(AccessToken token, IngestJob job, IngestResults results, Path file) throws SalesforceException {
        String jobId = job.id();
        HttpRequest request = http.request(uri(token, job.apiVersion(), "/" + id(jobId) + "/" + results.resource()))
                .header("Authorization", "Bearer " + token.reveal())
                .header("Accept", "text/csv")
                .GET().build();
        HttpResponse<Path> response = http.send(request, HttpResponse.BodyHandlers.ofFile(file));
        if (response.statusCode() != 200) {
            String body;
            try {
                body = Files.readString(file);
            } catch (IOException e) {
                body = "";
            }
            throw failure(response.statusCode(), body, "download the " + results.resource() + " of job " + jobId);
        }
    }

    private IngestJob changeState(AccessToken token, String jobId, IngestJob.State state) throws SalesforceException {
        String body = JSON.createObjectNode().put("state", state.name()).toString();
        HttpResponse<String> response = send(token, "/" + id(jobId), "PATCH", "application/json", HttpRequest.BodyPublishers.ofString(body));
        return job(response, 200, "set job " + jobId + " to " + state);
    }

    private HttpResponse<String> send(AccessToken token, String path, String method, String contentType,
                                      HttpRequest.BodyPublisher body) throws SalesforceException {
        HttpRequest.Builder request = http.request(uri(token, apiVersion, path)).header("Authorization", "Bearer " + token.reveal());
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return http.send(request.method(method, body).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static URI uri(AccessToken token, String version, String path) {
        return token.instanceUrl().resolve("/services/data/v" + version + "/jobs/ingest" + path);
    }

    private IngestJob job(HttpResponse<String> response, int expected, String what) throws SalesforceException {
        if (response.statusCode() != expected) {
            throw failure(response, what);
        }
        JsonNode job = json(response.body());
        String id = job.path("id").asText("");
        IngestJob.State state;
        try {
            state = IngestJob.State.valueOf(job.path("state").asText(""));
        } catch (IllegalArgumentException e) {
            state = null;
        }
        if (id.isEmpty() || state == null) {
            throw new SalesforceException(Kind.RETRYABLE, response.statusCode(), "Salesforce's answer to " + what + " has no job id or state");
        }
        return new IngestJob(id, state, job.path("apiVersion").asText(apiVersion), job.path("numberRecordsProcessed").asLong(0),
                job.path("numberRecordsFailed").asLong(0), job.path("errorMessage").asText(null));
    }

    private SalesforceException failure(HttpResponse<String> response, String what) {
        return failure(response.statusCode(), response.body(), what);
    }

    /** Bulk API 2.0 errors come as {@code [{"errorCode", "message"}]}; its text is Salesforce's, never the token. */
    private static SalesforceException failure(int status, String body, String what) {
        List<String> errors = new ArrayList<>();
        List<String> codes = new ArrayList<>();
        JsonNode answer = json(body);
        for (JsonNode error : answer.isArray() ? answer : JSON.createArrayNode()) {
            codes.add(error.path("errorCode").asText("UNKNOWN"));
            errors.add(codes.getLast() + ": " + error.path("message").asText(""));
        }
        String message = "could not " + what + ": HTTP " + status + (errors.isEmpty() ? "" : " " + String.join("; ", errors));
        Kind kind = status == 401 ? Kind.SESSION_INVALID
                : codes.contains("REQUEST_LIMIT_EXCEEDED") ? Kind.LIMIT_EXCEEDED
                : status >= 500 || status == 0 || (status == 400 && codes.contains("INVALIDJOBSTATE")) ? Kind.RETRYABLE
                : Kind.PERMANENT;
        return new SalesforceException(kind, status, message);
    }

    private static JsonNode json(String body) {
        try {
            JsonNode node = JSON.readTree(body == null || body.isBlank() ? "{}" : body);
            return node == null ? JSON.createObjectNode() : node;
        } catch (IOException e) {
            return JSON.createObjectNode();
        }
    }

    /** Job IDs are Salesforce IDs: checked, so nothing else reaches the path. */
    private static String id(String jobId) {
        if (jobId == null || !JOB_ID.matcher(jobId).matches()) {
            throw new IllegalArgumentException("not a Bulk API job ID: " + jobId);
        }
        return jobId;
    }
}
