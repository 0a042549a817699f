package dev.sfbridge.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sfbridge.bulk.BulkCsv;
import dev.sfbridge.bulk.QueryJob.State;
import dev.sfbridge.testing.BulkApiSimulator.Answer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.IntConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Bulk API 2.0 query jobs of the {@link BulkApiSimulator}'s org over its Accounts (docs/batch-sync.md says what of
 * Salesforce's behaviour this follows):
 * <ul>
 *   <li>{@code POST .../jobs/query}: {@code query} or {@code queryAll} of exactly the statement the sync sends,
 *       {@code SELECT <fields> FROM Account WHERE SystemModstamp >= <t> AND SystemModstamp < <t>}; a statement
 *       with {@code ORDER BY} or {@code LIMIT} is refused (400) and counted, so a test proves none is sent;</li>
 *   <li>{@code GET .../jobs/query/{id}}: {@code UploadComplete} when created, {@code InProgress} at the first look,
 *       then {@code JobComplete} (the statement evaluated then), or {@code Failed} / {@code Aborted} when told so;</li>
 *   <li>{@code GET .../jobs/query/{id}/results?maxRecords=&locator=}: one set of CSV rows, with
 *       {@code Sforce-NumberOfRecords} and {@code Sforce-Locator} ({@code null} for the last set); 409 when read with
 *       another API version than the job's; 404 for a job deleted or expired ({@link #expire});</li>
 *   <li>{@code DELETE .../jobs/query/{id}}.</li>
 * </ul>
 * {@code queryAll} returns deleted Accounts with {@code IsDeleted} true; {@code query} leaves them out.
 */
public final class BulkQuerySimulator {
    /** The statements the simulator evaluates: field list, object, and the SystemModstamp window. */
    private static final Pattern STATEMENT = Pattern.compile(
            "SELECT\\s+(.+?)\\s+FROM\\s+(\\w+)\\s+WHERE\\s+SystemModstamp\\s*>=\\s*(\\S+)\\s+AND\\s+SystemModstamp\\s*<\\s*(\\S+)",
            Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    private static final Pattern CHUNKING_BREAKERS = Pattern.compile("\\b(ORDER\\s+BY|LIMIT)\\b", Pattern.CASE_INSENSITIVE);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int DEFAULT_MAX_RECORDS = 1000;
    /** How Bulk API CSV writes a dateTime: milliseconds always, UTC. */
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    /** An Account as the org holds it: its fields by API name (Id, SystemModstamp and IsDeleted apart). */
    public record Account(String id, Map<String, String> fields, Instant systemModstamp, boolean deleted) {}

    /** A query job as the simulator holds it. */
    public record Job(String id, String operation, String statement, String apiVersion, State state) {}

    private static final class QueryJobState {
        final String id;
        final String operation;
        final String statement;
        final String apiVersion;
        State state = State.UploadComplete;
        String errorMessage;
        List<String> header = List.of();
        List<String> lines = List.of();

        QueryJobState(String id, String operation, String statement, String apiVersion) {
            this.id = id;
            this.operation = operation;
            this.statement = statement;
            this.apiVersion = apiVersion;
        }
    }

    private final Function<String, String> newId;
    private final Map<String, Account> accounts = new ConcurrentHashMap<>();
    private final Map<String, QueryJobState> jobs = new ConcurrentHashMap<>();
    private final List<String> statements = new CopyOnWriteArrayList<>();
    private final List<String> refused = new CopyOnWriteArrayList<>();
    private final JobEndings<State> endings = new JobEndings<>(State.Failed, State.Aborted);
    private final AtomicInteger resultsCalls = new AtomicInteger();
    private volatile IntConsumer beforeResults = call -> { };

    BulkQuerySimulator(Function<String, String> newId) {
        this.newId = newId;
    }

    // --- the org's Accounts ---

    /** A new Account with these fields, last modified at {@code systemModstamp}; returns its ID. */
    public String addAccount(Map<String, String> fields, Instant systemModstamp) {
        String id = newId.apply("001");
        accounts.put(id, new Account(id, Map.copyOf(fields), systemModstamp, false));
        return id;
    }

    /** The Account's fields become {@code fields} (merged), modified at {@code systemModstamp}. */
    public void changeAccount(String id, Map<String, String> fields, Instant systemModstamp) {
        accounts.compute(id, (key, before) -> {
            Map<String, String> merged = new LinkedHashMap<>(before.fields());
            merged.putAll(fields);
            return new Account(id, merged, systemModstamp, before.deleted());
        });
    }

    /** The Account goes to the recycle bin at {@code systemModstamp}: only {@code queryAll} still sees it. */
    public void deleteAccount(String id, Instant systemModstamp) {
        accounts.computeIfPresent(id, (key, before) -> new Account(id, before.fields(), systemModstamp, true));
    }

    public Optional<Account> account(String id) {
        return Optional.ofNullable(accounts.get(id));
    }

    // --- the jobs ---

    /** Every statement received, in order, refused ones included. */
    public List<String> statements() {
        return List.copyOf(statements);
    }

    /** The statements refused for an {@code ORDER BY} or a {@code LIMIT}. */
    public List<String> refusedStatements() {
        return List.copyOf(refused);
    }

    public List<Job> jobs() {
        return jobs.values().stream().map(job -> {
            synchronized (job) {
                return new Job(job.id, job.operation, job.statement, job.apiVersion, job.state);
            }
        }).toList();
    }

    /** The next query job processed ends {@code Failed} with this message, or {@code Aborted}. */
    public void endNextJob(State state, String errorMessage) {
        endings.endNextJob(state, errorMessage);
    }

    /** The job is gone, as after Salesforce deleted it (7 days after it ended) or someone did: 404 from now on. */
    public void expire(String jobId) {
        jobs.remove(jobId);
    }

    /** Calls for results, refused ones included. */
    public int resultsCalls() {
        return resultsCalls.get();
    }

    /**
     * Runs {@code hook} with the call's number (1 for the first) before each call for results is answered: to expire
     * the org's tokens, or crash the caller, in the middle of a download.
     */
    public void beforeResults(IntConsumer hook) {
        beforeResults = hook;
    }

    // --- serving (BulkApiSimulator checked the bearer already) ---

    Answer answer(String method, String version, String jobId, boolean results, String rawQuery, InputStream in) throws IOException {
        if (jobId == null) {
            return "POST".equals(method) ? create(version, JSON.readTree(in)) : BulkApiSimulator.Answer.error(405,
                    "METHOD_NOT_ALLOWED", "the simulator creates query jobs only");
        }
        QueryJobState job = jobs.get(jobId);
        if (job == null) {
            return Answer.error(404, "NOT_FOUND", "The requested resource does not exist");
        }
        synchronized (job) {
            if (results) {
                beforeResults.accept(resultsCalls.incrementAndGet());
                return "GET".equals(method) ? results(job, version, UrlQuery.parse(rawQuery)) : Answer.notAllowed();
            }
            return switch (method) {
                case "GET" -> Answer.json(200, info(look(job)));
                case "DELETE" -> {
                    jobs.remove(jobId);
                    yield new Answer(204, "application/json", null);
                }
                default -> Answer.notAllowed();
            };
        }
    }

    private Answer create(String version, JsonNode request) {
        String operation = request.path("operation").asText("");
        String statement = request.path("query").asText("");
        statements.add(statement);
        if (CHUNKING_BREAKERS.matcher(statement).find()) {
            refused.add(statement);
            return Answer.error(400, "INVALIDJOB", "the simulator refuses ORDER BY and LIMIT: they switch off PK chunking");
        }
        Matcher parts = STATEMENT.matcher(statement);
        if (!("query".equals(operation) || "queryAll".equals(operation)) || !parts.matches() || !instants(parts)) {
            return Answer.error(400, "INVALIDJOB", "the simulator takes query or queryAll of SELECT ... FROM Account WHERE"
                    + " SystemModstamp >= t AND SystemModstamp < t, not " + operation + " " + statement);
        }
        QueryJobState job = new QueryJobState(newId.apply("750"), operation, statement, version);
        jobs.put(job.id, job);
        return Answer.json(200, info(job));
    }

    private static boolean instants(Matcher statement) {
        try {
            Instant.parse(statement.group(3));
            Instant.parse(statement.group(4));
            return "Account".equalsIgnoreCase(statement.group(2));
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    private QueryJobState look(QueryJobState job) {
        if (job.state == State.UploadComplete) {
            job.state = State.InProgress;
        } else if (job.state == State.InProgress) {
            JobEndings.Ending<State> ending = endings.next();
            if (ending == null) {
                evaluate(job);
                job.state = State.JobComplete;
            } else {
                job.state = ending.state();
                job.errorMessage = ending.errorMessage();
            }
        }
        return job;
    }

    /** The statement's rows, each a CSV line, in no particular order (Salesforce promises none without ORDER BY). */
    private void evaluate(QueryJobState job) {
        Matcher statement = STATEMENT.matcher(job.statement);
        if (!statement.matches()) {
            throw new IllegalStateException("checked at creation: " + job.statement);
        }
        List<String> fields = List.of(statement.group(1).split("\\s*,\\s*"));
        Instant from = Instant.parse(statement.group(3));
        Instant until = Instant.parse(statement.group(4));
        boolean all = "queryAll".equals(job.operation);
        List<String> lines = new ArrayList<>();
        for (Account account : accounts.values()) {
            if ((all || !account.deleted()) && !account.systemModstamp().isBefore(from) && account.systemModstamp().isBefore(until)) {
                lines.add(BulkCsv.line(fields.stream().map(field -> value(account, field)).toList()));
            }
        }
        job.header = fields;
        job.lines = lines;
    }

    private static String value(Account account, String field) {
        return switch (field) {
            case "Id" -> account.id();
            case "SystemModstamp" -> DATE_TIME.format(account.systemModstamp());
            case "IsDeleted" -> Boolean.toString(account.deleted());
            default -> account.fields().getOrDefault(field, "");
        };
    }

    /** One set from the locator (the offset, base64url) of at most {@code maxRecords}; 409 on another version. */
    private Answer results(QueryJobState job, String version, Map<String, String> query) {
        if (!version.equals(job.apiVersion)) {
            return Answer.error(409, "INVALIDJOBSTATE", "query job " + job.id + " was created with API version " + job.apiVersion);
        }
        if (job.state != State.JobComplete) {
            return Answer.error(400, "INVALIDJOBSTATE", "query job " + job.id + " has no results while " + job.state);
        }
        int from;
        int max;
        try {
            from = query.containsKey("locator")
                    ? Integer.parseInt(new String(Base64.getUrlDecoder().decode(query.get("locator")), StandardCharsets.UTF_8)) : 0;
            max = query.containsKey("maxRecords") ? Integer.parseInt(query.get("maxRecords")) : DEFAULT_MAX_RECORDS;
        } catch (IllegalArgumentException e) {
            return Answer.error(400, "INVALIDLOCATOR", "not a locator of this job, or maxRecords not a number");
        }
        if (from < 0 || from > job.lines.size() || max < 1) {
            return Answer.error(400, "INVALIDLOCATOR", "not a locator of this job, or maxRecords below 1");
        }
        int to = Math.min(job.lines.size(), from + max);
        StringBuilder csv = new StringBuilder(BulkCsv.line(job.header));
        job.lines.subList(from, to).forEach(csv::append);
        String next = to == job.lines.size() ? "null"
                : Base64.getUrlEncoder().withoutPadding().encodeToString(Integer.toString(to).getBytes(StandardCharsets.UTF_8));
        return new Answer(200, "text/csv", csv.toString(), Map.of("Sforce-Locator", next, "Sforce-NumberOfRecords",
                Integer.toString(to - from)));
    }

    private static ObjectNode info(QueryJobState job) {
        ObjectNode info = JSON.createObjectNode()
                .put("id", job.id)
                .put("operation", job.operation)
                .put("object", "Account")
                .put("state", job.state.name())
                .put("apiVersion", Double.parseDouble(job.apiVersion))
                .put("contentType", "CSV")
                .put("columnDelimiter", "COMMA")
                .put("lineEnding", "LF")
                .put("numberRecordsProcessed", job.lines.size());
        if (job.errorMessage != null) {
            info.put("errorMessage", job.errorMessage);
        }
        return info;
    }
}
