package dev.sfbridge.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import dev.sfbridge.bulk.BulkCsv;
import dev.sfbridge.bulk.BulkIngestClient;
import dev.sfbridge.bulk.IngestJob.State;
import dev.sfbridge.bulk.IngestResults;
import dev.sfbridge.model.SalesforceIds;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Bulk API 2.0 ingest jobs (and, through {@link #queries()}, query jobs) of one {@link SalesforceSimulator}'s org, on its server and behind its credentials
 * (docs/batch-sync.md says what of Salesforce's behaviour this follows):
 * <ul>
 *   <li>{@code POST /services/data/vXX.X/jobs/ingest} (41.0 to 66.0): an {@code upsert} job, {@code Open};</li>
 *   <li>{@code PUT .../jobs/ingest/{id}/batches}: the job's one upload, 201; a second one, a job not {@code Open} or
 *       more than {@link #maxUploadBytes(long)} (100 MB) of CSV: 400;</li>
 *   <li>{@code PATCH .../jobs/ingest/{id}} to {@code UploadComplete} or {@code Aborted};</li>
 *   <li>{@code GET .../jobs/ingest/{id}}: a closed job is {@code InProgress} at the first look, processed at the
 *       next (unless {@link #holdJobs held}), and {@code JobComplete}, or {@code Failed} / {@code Aborted} when
 *       told so ({@link #endNextJob});</li>
 *   <li>{@code GET .../successfulResults}, {@code failedResults}, {@code unprocessedrecords}: CSVs with the
 *       {@code sf__Id}, {@code sf__Created}, {@code sf__Error} columns before the row as uploaded;</li>
 *   <li>401 {@code INVALID_SESSION_ID} for a bearer the org does not take (an expired token); injected 5xx.</li>
 * </ul>
 * Upserted rows land in records kept by object and external ID; a column {@code X__r.ERP_Customer_Number__c}
 * finds the Account with that customer number ({@link #addAccount}), and fails the row when there is none.
 */
public final class BulkApiSimulator {
    /** The Account's external ID the invoices' parent reference names. */
    public static final String CUSTOMER_NUMBER = "ERP_Customer_Number__c";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern PATH = Pattern.compile("/services/data/v(\\d+\\.\\d)/jobs/ingest(?:/(\\w+)(?:/(\\w+))?)?/?");
    private static final Pattern QUERY_PATH = Pattern.compile("/services/data/v(\\d+\\.\\d)/jobs/query(?:/(\\w+)(?:/(results))?)?/?");
    private static final Pattern PARENT_REFERENCE = Pattern.compile("(\\w+)__r\\." + CUSTOMER_NUMBER);

    /** A job as the simulator holds it; {@code rows} counts the uploaded rows. */
    public record Job(String id, String object, String externalIdField, String apiVersion, State state, int rows, String errorMessage) {}

    private static final class IngestJobState {
        final String id;
        final String object;
        final String externalIdField;
        final String apiVersion;
        State state = State.Open;
        String csv;
        boolean looked;
        String errorMessage;
        final List<String> successful = new ArrayList<>();
        final List<String> failed = new ArrayList<>();
        final List<String> unprocessed = new ArrayList<>();
        List<String> header = List.of();
        int rows;

        IngestJobState(String id, String object, String externalIdField, String apiVersion) {
            this.id = id;
            this.object = object;
            this.externalIdField = externalIdField;
            this.apiVersion = apiVersion;
        }
    }

    private record RecordFailure(String code, String message) {}

    private final SalesforceSimulator org;
    private final BulkQuerySimulator queries = new BulkQuerySimulator(this::newId);
    private final Map<String, String> accounts = new ConcurrentHashMap<>();
    private final Map<String, Map<String, String>> records = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> writes = new ConcurrentHashMap<>();
    private final Map<String, IngestJobState> jobs = new ConcurrentHashMap<>();
    private final Map<String, Queue<RecordFailure>> recordFailures = new ConcurrentHashMap<>();
    private final JobEndings<State> endings = new JobEndings<>(State.Failed, State.Aborted);
    private final Queue<Integer> injectedStatuses = new ConcurrentLinkedQueue<>();
    private final AtomicInteger ids = new AtomicInteger();
    private final AtomicInteger calls = new AtomicInteger();
    private volatile CountDownLatch hold = new CountDownLatch(0);
    private volatile long maxUploadBytes = BulkIngestClient.MAX_UPLOAD_BYTES;

    public BulkApiSimulator(SalesforceSimulator org) {
        this.org = org;
        for (int version = 41; version <= 66; version++) {
            org.mount("/services/data/v" + version + ".0/jobs/", exchange -> serve(exchange));
        }
    }

    /** The org's Accounts as query jobs read them, and the query jobs themselves. */
    public BulkQuerySimulator queries() {
        return queries;
    }

    // --- the org's data ---

    /** An Account with this ERP customer number; returns its ID. */
    public String addAccount(String customerNumber) {
        return accounts.computeIfAbsent(customerNumber, number -> newId("001"));
    }

    /** The record of {@code object} with this external ID, as upserted so far. */
    public Optional<Map<String, String>> record(String object, String externalId) {
        return Optional.ofNullable(records.get(object + "/" + externalId)).map(Map::copyOf);
    }

    /** Every record of {@code object}, those made by hand ({@link #createRecord}) too. */
    public List<Map<String, String>> records(String object) {
        return records.entrySet().stream().filter(entry -> entry.getKey().startsWith(object + "/"))
                .map(entry -> Map.copyOf(entry.getValue())).toList();
    }

    /**
     * A record made in the org by other means than an upsert (by hand, another integration); nothing checks its
     * external ID against the others', as in an org where the field is not unique. Returns its ID.
     */
    public String createRecord(String object, Map<String, String> fields) {
        String id = newId("a0B");
        Map<String, String> record = new LinkedHashMap<>(fields);
        record.put("Id", id);
        records.put(object + "/#" + id, record);
        return id;
    }

    public int recordCount(String object) {
        return (int) records.keySet().stream().filter(key -> key.startsWith(object + "/")).count();
    }

    /** How many times jobs wrote the record: once per change sent, more when a change was sent twice. */
    public int writes(String object, String externalId) {
        AtomicInteger count = writes.get(object + "/" + externalId);
        return count == null ? 0 : count.get();
    }

    /** The next {@code times} rows with this external ID fail with this error, as a validation rule makes them. */
    public void failRecord(String externalId, String code, String message, int times) {
        Queue<RecordFailure> queue = recordFailures.computeIfAbsent(externalId, id -> new ArrayDeque<>());
        synchronized (queue) {
            for (int i = 0; i < times; i++) {
                queue.add(new RecordFailure(code, message));
            }
        }
    }

    // --- the jobs ---

    /** Every job created, in no particular order. */
    public List<Job> jobs() {
        return jobs.values().stream().map(job -> {
            synchronized (job) {
                return new Job(job.id, job.object, job.externalIdField, job.apiVersion, job.state, job.rows, job.errorMessage);
            }
        }).toList();
    }

    /** The next job processed ends {@code Failed} with this message, or {@code Aborted}, its rows unprocessed. */
    public void endNextJob(State state, String errorMessage) {
        endings.endNextJob(state, errorMessage);
    }

    /** Closed jobs stay {@code InProgress} until {@code release} is counted down. */
    public void holdJobs(CountDownLatch release) {
        hold = release;
    }

    /** Uploads larger than this are refused (Salesforce's own limit is 100 MB of CSV). */
    public void maxUploadBytes(long bytes) {
        maxUploadBytes = bytes;
    }

    /** The next {@code count} calls are answered with {@code status} (a 5xx: the page of a proxy in front of the org). */
    public void failNextCalls(int count, int status) {
        injectedStatuses.addAll(java.util.Collections.nCopies(count, status));
    }

    /** Calls to the jobs API, refused ones included. */
    public int calls() {
        return calls.get();
    }

    // --- serving ---

    /** What the simulator answers; {@code headers} beside the content type (a query's {@code Sforce-Locator}). */
    record Answer(int status, String contentType, String body, Map<String, String> headers) {
        Answer(int status, String contentType, String body) {
            this(status, contentType, body, Map.of());
        }

        static Answer json(int status, Object body) {
            try {
                return new Answer(status, "application/json", JSON.writeValueAsString(body));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        static Answer error(int status, String code, String message) {
            ArrayNode errors = JSON.createArrayNode();
            errors.addObject().put("errorCode", code).put("message", message);
            return json(status, errors);
        }

        /** A method the path does not take: 405, as the org answers it. */
        static Answer notAllowed() {
            return error(405, "METHOD_NOT_ALLOWED", "the simulator does not serve this method here");
        }
    }

    private void serve(HttpExchange exchange) throws IOException {
        try (exchange; InputStream in = exchange.getRequestBody()) {
            Answer answer;
            try {
                answer = answer(exchange, in);
            } catch (RuntimeException e) {
                answer = Answer.error(500, "UNKNOWN_EXCEPTION", "simulator: " + e);
            }
            exchange.getResponseHeaders().set("Content-Type", answer.contentType());
            answer.headers().forEach(exchange.getResponseHeaders()::set);
            byte[] body = answer.body() == null ? new byte[0] : answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(answer.status(), body.length == 0 ? -1 : body.length);
            exchange.getResponseBody().write(body);
        }
    }

    private Answer answer(HttpExchange exchange, InputStream in) throws IOException {
        calls.incrementAndGet();
        Integer injected = injectedStatuses.poll();
        if (injected != null) {
            return new Answer(injected, "text/html", "<html><body>Service Unavailable</body></html>");
        }
        if (!org.takesBearer(exchange.getRequestHeaders().getFirst("Authorization"))) {
            return Answer.error(401, "INVALID_SESSION_ID", "Session expired or invalid");
        }
        Matcher query = QUERY_PATH.matcher(exchange.getRequestURI().getPath());
        if (query.matches()) {
            return queries.answer(exchange.getRequestMethod(), query.group(1), query.group(2), query.group(3) != null,
                    exchange.getRequestURI().getRawQuery(), in);
        }
        Matcher path = PATH.matcher(exchange.getRequestURI().getPath());
        if (!path.matches()) {
            return Answer.error(404, "NOT_FOUND", "The requested resource does not exist");
        }
        String version = path.group(1);
        String jobId = path.group(2);
        String part = path.group(3);
        String method = exchange.getRequestMethod();
        if (jobId == null) {
            return "POST".equals(method) ? create(version, JSON.readTree(in)) : Answer.notAllowed();
        }
        IngestJobState job = jobs.get(jobId);
        if (job == null) {
            return Answer.error(404, "NOT_FOUND", "The requested resource does not exist");
        }
        synchronized (job) {
            if (part == null) {
                return switch (method) {
                    case "GET" -> Answer.json(200, info(look(job)));
                    case "PATCH" -> changeState(job, JSON.readTree(in));
                    default -> Answer.notAllowed();
                };
            }
            if ("batches".equals(part) && "PUT".equals(method)) {
                return upload(job, in);
            }
            if ("GET".equals(method)) {
                return results(job, version, part);
            }
            return Answer.notAllowed();
        }
    }

    private Answer create(String version, JsonNode request) {
        String object = request.path("object").asText("");
        String externalId = request.path("externalIdFieldName").asText("");
        if (object.isEmpty() || !"upsert".equals(request.path("operation").asText()) || externalId.isEmpty()) {
            return Answer.error(400, "INVALIDJOB", "the simulator takes upsert jobs with an object and an externalIdFieldName");
        }
        if (!"CSV".equals(request.path("contentType").asText("CSV")) || !"LF".equals(request.path("lineEnding").asText("LF"))) {
            return Answer.error(400, "INVALIDJOB", "the simulator takes CSV with LF line endings");
        }
        IngestJobState job = new IngestJobState(newId("750"), object, externalId, version);
        jobs.put(job.id, job);
        return Answer.json(200, info(job));
    }

    private Answer upload(IngestJobState job, InputStream in) throws IOException {
        byte[] csv = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxUploadBytes + 1));
        if (csv.length > maxUploadBytes) {
            return Answer.error(400, "INVALIDBATCH", "the upload exceeds " + maxUploadBytes + " bytes of CSV");
        }
        if (job.state != State.Open || job.csv != null) {
            return Answer.error(400, "INVALIDJOBSTATE", "job " + job.id + " is not open for an upload");
        }
        job.csv = new String(csv, StandardCharsets.UTF_8);
        return new Answer(201, "application/json", null);
    }

    private Answer changeState(IngestJobState job, JsonNode request) {
        String wanted = request.path("state").asText("");
        if ("UploadComplete".equals(wanted) && job.state == State.Open) {
            job.state = State.UploadComplete;
        } else if ("Aborted".equals(wanted) && !job.state.ended()) {
            job.state = State.Aborted;
            job.errorMessage = "aborted by the client";
        } else {
            return Answer.error(400, "INVALIDJOBSTATE", "job " + job.id + " cannot go from " + job.state + " to " + wanted);
        }
        return Answer.json(200, info(job));
    }

    /** A closed job is seen InProgress first; at the next look it is processed, unless jobs are held. */
    private IngestJobState look(IngestJobState job) {
        if (job.state == State.UploadComplete) {
            job.state = State.InProgress;
        } else if (job.state == State.InProgress && hold.getCount() == 0) {
            process(job);
        }
        return job;
    }

    private void process(IngestJobState job) {
        JobEndings.Ending<State> ending = endings.next();
        try (CSVParser rows = BulkCsv.reader(new java.io.StringReader(job.csv == null ? "" : job.csv))) {
            job.header = rows.getHeaderNames();
            Set<String> seen = new HashSet<>();
            for (CSVRecord row : rows) {
                job.rows++;
                List<String> values = row.toList();
                if (ending != null) {
                    job.unprocessed.add(BulkCsv.line(values));
                    continue;
                }
                String failure = upsert(job, row.toMap(), seen);
                if (failure == null) {
                    Map<String, String> stored = records.get(job.object + "/" + row.get(job.externalIdField));
                    List<String> success = new ArrayList<>(List.of(stored.get("Id"), Boolean.toString(writes(job.object,
                            row.get(job.externalIdField)) == 1)));
                    success.addAll(values);
                    job.successful.add(BulkCsv.line(success));
                } else {
                    List<String> failed = new ArrayList<>(List.of("", failure));
                    failed.addAll(values);
                    job.failed.add(BulkCsv.line(failed));
                }
            }
        } catch (IOException e) {
            ending = new JobEndings.Ending<>(State.Failed, "InvalidBatch : the CSV could not be read: " + e.getMessage());
        }
        job.state = ending == null ? State.JobComplete : ending.state();
        job.errorMessage = ending == null ? null : ending.errorMessage();
    }

    /** Upserts one row by the job's external ID; returns Salesforce's {@code CODE:message} when it fails. */
    private String upsert(IngestJobState job, Map<String, String> row, Set<String> seen) {
        String externalId = row.getOrDefault(job.externalIdField, "");
        if (externalId.isEmpty()) {
            return "MISSING_ARGUMENT:" + job.externalIdField + " not specified:--";
        }
        if (!seen.add(externalId)) {
            return "DUPLICATE_VALUE:Duplicate external id specified: " + externalId + ":--";
        }
        Queue<RecordFailure> injected = recordFailures.get(externalId);
        RecordFailure failure = null;
        if (injected != null) {
            synchronized (injected) {
                failure = injected.poll();
            }
        }
        if (failure != null) {
            return failure.code() + ":" + failure.message() + ":--";
        }
        Map<String, String> fields = new LinkedHashMap<>();
        for (Map.Entry<String, String> column : row.entrySet()) {
            Matcher parent = PARENT_REFERENCE.matcher(column.getKey());
            if (parent.matches()) {
                String accountId = accounts.get(column.getValue());
                if (accountId == null) {
                    return "INVALID_FIELD:Foreign key external ID: " + column.getValue() + " not found for field "
                            + CUSTOMER_NUMBER + " in entity Account:--";
                }
                fields.put(parent.group(1) + "__c", accountId);
            } else if (!column.getValue().isEmpty()) {
                // an empty value leaves the field as it is, #N/A empties it (Salesforce's rule for Bulk API CSV)
                fields.put(column.getKey(), "#N/A".equals(column.getValue()) ? null : column.getValue());
            }
        }
        records.compute(job.object + "/" + externalId, (key, before) -> {
            Map<String, String> after = before == null ? new LinkedHashMap<>(Map.of("Id", newId("a0B"))) : new LinkedHashMap<>(before);
            fields.forEach((name, value) -> {
                if (value == null) {
                    after.remove(name);
                } else {
                    after.put(name, value);
                }
            });
            return after;
        });
        writes.computeIfAbsent(job.object + "/" + externalId, key -> new AtomicInteger()).incrementAndGet();
        return null;
    }

    /** Results are read with the version the job was created with: another one is 409, as Salesforce answers. */
    private Answer results(IngestJobState job, String version, String part) {
        if (!version.equals(job.apiVersion)) {
            return Answer.error(409, "INVALIDJOBSTATE", "job " + job.id + " was created with API version " + job.apiVersion);
        }
        if (!job.state.ended()) {
            return Answer.error(400, "INVALIDJOBSTATE", "job " + job.id + " has no results while " + job.state);
        }
        List<String> prefix;
        List<String> lines;
        if (IngestResults.SUCCESSFUL.resource().equals(part)) {
            prefix = List.of(IngestResults.ID, IngestResults.CREATED);
            lines = job.successful;
        } else if (IngestResults.FAILED.resource().equals(part)) {
            prefix = List.of(IngestResults.ID, IngestResults.ERROR);
            lines = job.failed;
        } else if (IngestResults.UNPROCESSED.resource().equals(part)) {
            prefix = List.of();
            lines = job.unprocessed;
        } else {
            return Answer.error(404, "NOT_FOUND", "The requested resource does not exist");
        }
        List<String> header = new ArrayList<>(prefix);
        header.addAll(job.header);
        return new Answer(200, "text/csv", BulkCsv.line(header) + String.join("", lines));
    }

    private static ObjectNode info(IngestJobState job) {
        ObjectNode info = JSON.createObjectNode()
                .put("id", job.id)
                .put("operation", "upsert")
                .put("object", job.object)
                .put("externalIdFieldName", job.externalIdField)
                .put("state", job.state.name())
                .put("apiVersion", Double.parseDouble(job.apiVersion))
                .put("contentType", "CSV")
                .put("lineEnding", "LF")
                .put("numberRecordsProcessed", job.successful.size() + job.failed.size())
                .put("numberRecordsFailed", job.failed.size());
        if (job.errorMessage != null) {
            info.put("errorMessage", job.errorMessage);
        }
        return info;
    }

    private String newId(String prefix) {
        return SalesforceIds.to18(prefix + "%012d".formatted(ids.incrementAndGet()));
    }
}
