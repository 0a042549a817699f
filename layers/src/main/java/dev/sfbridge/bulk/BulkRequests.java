package dev.sfbridge.bulk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sfbridge.salesforce.AccessToken;
import dev.sfbridge.salesforce.SalesforceException;
import dev.sfbridge.salesforce.SalesforceException.Kind;
import dev.sfbridge.salesforce.SalesforceHttp;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What Bulk API 2.0's ingest and query clients share: requests to {@code /services/data/vXX.X/jobs/<kind>} with the
 * bearer token, downloads into files, and one split of Salesforce's errors. Timeouts, dropped connections and 5xx are
 * retried boundedly by {@link SalesforceHttp}; a 401 is {@link Kind#SESSION_INVALID} for the caller's
 * {@code SalesforceAuth} to replace the token once; the org's used-up quota is {@link Kind#LIMIT_EXCEEDED}; 400
 * {@code INVALIDJOBSTATE} is {@link Kind#RETRYABLE} (a repeat of a request whose answer was lost finds the job
 * moved on: the caller looks at the job again); other 4xx are {@link Kind#PERMANENT}.
 */
final class BulkRequests {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern JOB_ID = Pattern.compile("[a-zA-Z0-9]{15,18}");

    private final SalesforceHttp http;
    private final String kind;

    /** @param kind {@code ingest} or {@code query}: the jobs' path segment */
    BulkRequests(SalesforceHttp http, String kind) {
        this.http = http;
        this.kind = kind;
    }

    HttpResponse<String> send(AccessToken token, String version, String path, String method, String contentType,
                              HttpRequest.BodyPublisher body) throws SalesforceException {
        HttpRequest.Builder request = http.request(uri(token, version, path)).header("Authorization", "Bearer " + token.reveal());
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return http.send(request.method(method, body).build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * {@code GET} of a CSV resource into {@code file}, replaced if it exists; the answer, its headers included, when
     * it is 200. Never held in memory: a results file can be hundreds of megabytes. The request timeout covers the
     * wait for the headers only; the body must make progress within it too ({@link BodyProgressTimeout}), or the
     * attempt fails as a dropped answer and is retried.
     */
    HttpResponse<Path> download(AccessToken token, String version, String path, Path file, String what) throws SalesforceException {
        HttpRequest request = http.request(uri(token, version, path))
                .header("Authorization", "Bearer " + token.reveal())
                .header("Accept", "text/csv")
                .GET().build();
        HttpResponse<Path> response = http.send(request,
                BodyProgressTimeout.of(HttpResponse.BodyHandlers.ofFile(file), request.timeout().orElseThrow()));
        if (response.statusCode() != 200) {
            String body;
            try {
                body = Files.readString(file);
            } catch (IOException e) {
                body = "";
            }
            throw failure(response.statusCode(), body, what);
        }
        return response;
    }

    private URI uri(AccessToken token, String version, String path) {
        return token.instanceUrl().resolve("/services/data/v" + version + "/jobs/" + kind + path);
    }

    static SalesforceException failure(HttpResponse<String> response, String what) {
        return failure(response.statusCode(), response.body(), what);
    }

    /** Bulk API 2.0 errors come as {@code [{"errorCode", "message"}]}; its text is Salesforce's, never the token. */
    static SalesforceException failure(int status, String body, String what) {
        List<String> errors = new ArrayList<>();
        List<String> codes = new ArrayList<>();
        JsonNode answer = SalesforceHttp.jsonObject(body);
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

    /** A job as Salesforce described it: its JSON, ID and state. */
    record JobAnswer<S extends Enum<S>>(JsonNode json, String id, S state) {}

    /**
     * The job in a 200 answer; any other status is a {@link #failure}. A 200 whose body has no job ID or no state of
     * {@code states} is a broken answer: asking again is safe, so it is retryable.
     */
    static <S extends Enum<S>> JobAnswer<S> job(HttpResponse<String> response, Class<S> states, String what) throws SalesforceException {
        if (response.statusCode() != 200) {
            throw failure(response, what);
        }
        JsonNode job = SalesforceHttp.jsonObject(response.body());
        String id = job.path("id").asText("");
        S state;
        try {
            state = Enum.valueOf(states, job.path("state").asText(""));
        } catch (IllegalArgumentException e) {
            state = null;
        }
        if (id.isEmpty() || state == null) {
            throw new SalesforceException(Kind.RETRYABLE, response.statusCode(), "Salesforce's answer to " + what + " has no job id or state");
        }
        return new JobAnswer<>(job, id, state);
    }

    /** Job IDs are Salesforce IDs: checked, so nothing else reaches the path. */
    static String id(String jobId) {
        if (jobId == null || !JOB_ID.matcher(jobId).matches()) {
            throw new IllegalArgumentException("not a Bulk API job ID: " + jobId);
        }
        return jobId;
    }
}
