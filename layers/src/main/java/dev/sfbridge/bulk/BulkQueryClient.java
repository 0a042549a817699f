package dev.sfbridge.bulk;

import static dev.sfbridge.bulk.BulkRequests.JSON;
import static dev.sfbridge.bulk.BulkRequests.id;

import dev.sfbridge.salesforce.AccessToken;
import dev.sfbridge.salesforce.SalesforceException;
import dev.sfbridge.salesforce.SalesforceHttp;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Salesforce's Bulk API 2.0 query jobs ({@code /services/data/vXX.X/jobs/query}, API 47.0 and later;
 * docs/batch-sync.md): create a {@code queryAll} job, ask how it does, read its results a set at a time by locator
 * into a file. Failures are split as {@link BulkRequests} says, like the ingest client's. Results are always read
 * with the version the job was created with, which the caller stores beside the job ID: another one is answered 409.
 */
public final class BulkQueryClient {
    /** Bulk API 2.0's automatic chunking is switched off by these: a statement that holds one is refused here. */
    private static final Pattern CHUNKING_BREAKERS = Pattern.compile("\\b(ORDER\\s+BY|LIMIT)\\b", Pattern.CASE_INSENSITIVE);
    /** Salesforce's {@code Sforce-Locator} of the last set. */
    private static final String NO_MORE = "null";

    private final BulkRequests requests;
    private final String apiVersion;

    /** @param apiVersion {@code 62.0}: new jobs are created with it */
    public BulkQueryClient(SalesforceHttp http, String apiVersion) {
        this.requests = new BulkRequests(http, "query");
        this.apiVersion = apiVersion;
    }

    /**
     * {@code POST /jobs/query}: a {@code queryAll} job (deleted records included) of {@code soql}, CSV with commas and
     * LF. A statement with {@code ORDER BY} or {@code LIMIT} is refused before it is sent.
     */
    public QueryJob createQueryAll(AccessToken token, String soql) throws SalesforceException {
        if (CHUNKING_BREAKERS.matcher(soql).find()) {
            throw new IllegalArgumentException("a bulk query takes no ORDER BY or LIMIT: they switch off its chunking");
        }
        String body = JSON.createObjectNode()
                .put("operation", "queryAll")
                .put("query", soql)
                .put("contentType", "CSV")
                .put("columnDelimiter", "COMMA")
                .put("lineEnding", "LF")
                .toString();
        return job(requests.send(token, apiVersion, "", "POST", "application/json", HttpRequest.BodyPublishers.ofString(body)),
                "create a query job");
    }

    /** {@code GET /jobs/query/{id}}. A job Salesforce no longer has (deleted, expired) is 404, permanent. */
    public QueryJob info(AccessToken token, String jobId) throws SalesforceException {
        return job(requests.send(token, apiVersion, "/" + id(jobId), "GET", null, HttpRequest.BodyPublishers.noBody()),
                "read query job " + jobId);
    }

    /**
     * {@code GET /jobs/query/{id}/results?maxRecords=&locator=} into {@code file} (replaced): one set of at most
     * {@code maxRecords} rows, a CSV for {@link BulkCsv#reader}, starting at {@code locator} (null: the first set).
     *
     * @param jobApiVersion the version the job was created with, as stored with its ID
     */
    public QueryPage download(AccessToken token, String jobId, String jobApiVersion, String locator, int maxRecords, Path file)
            throws SalesforceException {
        String query = "?maxRecords=" + maxRecords
                + (locator == null ? "" : "&locator=" + URLEncoder.encode(locator, StandardCharsets.UTF_8));
        HttpResponse<Path> response = requests.download(token, jobApiVersion, "/" + id(jobId) + "/results" + query, file,
                "read the results of query job " + jobId);
        String next = response.headers().firstValue("Sforce-Locator").orElse(NO_MORE);
        long records = response.headers().firstValue("Sforce-NumberOfRecords").map(Long::parseLong).orElse(-1L);
        return new QueryPage(records, next.isBlank() || NO_MORE.equals(next.toLowerCase(Locale.ROOT)) ? null : next);
    }

    private QueryJob job(HttpResponse<String> response, String what) throws SalesforceException {
        BulkRequests.JobAnswer<QueryJob.State> job = BulkRequests.job(response, QueryJob.State.class, what);
        return new QueryJob(job.id(), job.state(), job.json().path("apiVersion").asText(apiVersion),
                job.json().path("numberRecordsProcessed").asLong(0), job.json().path("errorMessage").asText(null));
    }
}
