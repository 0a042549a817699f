package dev.sfbridge.salesforce;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sfbridge.salesforce.SalesforceException.Kind;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.stream.StreamSupport;

/**
 * {@link SalesforceClient} over HTTP. Errors come as {@code [{"errorCode","message","fields"}]} (REST) or,
 * per record of a collection, {@code {"statusCode","message","fields"}}; both shapes are read.
 *
 * <p>A query call is bounded by two of Salesforce's limits (docs/order-worker.md, "Fetching the record"): a SOQL
 * statement has at most 100,000 characters, and a REST call's URI and headers together at most 16,384 bytes
 * (414 URI Too Long or 431 beyond them). The headers sent here (the bearer, Accept, Host, User-Agent) take well
 * under 1,000 bytes, so the query's path and encoded statement get {@value #MAX_QUERY_URI_BYTES}.
 */
public final class HttpSalesforceClient implements SalesforceClient {
    public static final String DEFAULT_API_VERSION = "62.0";
    /** Amounts, quantities and prices read as decimals, as Salesforce holds them, not as binary doubles. */
    private static final ObjectMapper JSON = JsonMapper.builder().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES).build();

    /** Salesforce's default limit on a SOQL statement's length. */
    public static final int MAX_SOQL_CHARACTERS = 100_000;
    /** The query path and its encoded statement: 16,384 bytes for URI and headers, less a margin for the headers. */
    static final int MAX_QUERY_URI_BYTES = 15_000;
    /** Where every {@code nextRecordsUrl} points: the token is sent to the instance's REST API and nowhere else. */
    private static final String REST_PATH = "/services/data/";

    /** The statuses a single-record PATCH reports the record's own error with. */
    private static final Set<Integer> RECORD_ERROR_STATUSES = Set.of(400, 404, 409);

    private final SalesforceHttp http;
    private final String apiVersion;

    /** @param apiVersion {@code 62.0}: the version in {@code /services/data/vXX.X} */
    public HttpSalesforceClient(SalesforceHttp http, String apiVersion) {
        this.http = http;
        this.apiVersion = apiVersion;
    }

    /**
     * A record's own error (400, 404 or 409 with Salesforce's error array) is its result; anything else is the
     * call's failure. A 404 {@code NOT_FOUND} here can mean the record or the API path: the record goes again as
     * a collection of one, whose answer tells them apart (a missing record is a result there). One more call,
     * for an answer that is rare.
     */
    @Override
    public WriteResult updateRecord(AccessToken token, RecordUpdate update) throws SalesforceException {
        ObjectNode body = JSON.createObjectNode();
        update.fields().forEach(body::putPOJO);
        HttpResponse<String> response = send(token, "PATCH", "/sobjects/" + segment(update.objectType()) + "/" + segment(update.id()), body);
        if (response.statusCode() / 100 == 2) {
            return new WriteResult(List.of(RecordResult.ok(update.id())), apiUsage(response));
        }
        Optional<List<SalesforceError>> errors = errorArray(response.body());
        if (errors.isEmpty() || !RECORD_ERROR_STATUSES.contains(response.statusCode())) {
            throw callFailure(response, errors);
        }
        if (response.statusCode() == 404 && errors.get().stream().anyMatch(e -> SalesforceError.NOT_FOUND.equals(e.code()))) {
            return updateRecords(token, List.of(update));
        }
        if (errors.get().stream().anyMatch(SalesforceError::configurationError)) {
            throw setupRefused(response.statusCode(), errors.get(), "write");
        }
        return new WriteResult(List.of(RecordResult.failed(update.id(), errors.get())), apiUsage(response));
    }

    @Override
    public WriteResult updateRecords(AccessToken token, List<RecordUpdate> updates) throws SalesforceException {
        ObjectNode body = collection(updates, RecordUpdate::objectType, (update, record) -> {
            record.put("id", update.id());
            update.fields().forEach(record::putPOJO);
        });
        HttpResponse<String> response = send(token, "PATCH", "/composite/sobjects", body);
        JsonNode results = collectionResults(response, updates.size());
        List<RecordResult> outcomes = new ArrayList<>(updates.size());
        for (int i = 0; i < updates.size(); i++) {
            // results come in request order; a failed record may come back without its id
            outcomes.add(result(updates.get(i).id(), results.get(i)));
        }
        return new WriteResult(outcomes, apiUsage(response));
    }

    /**
     * Platform events are published by creating them as records; sObject Collections' create takes any sObject
     * type, events included, and answers a SaveResult per event. An accepted event comes back {@code success:
     * true} with an {@code OPERATION_ENQUEUED} entry in {@code errors} (high-volume events are published
     * asynchronously), so success is read from {@code success} alone.
     */
    @Override
    public WriteResult publishEvents(AccessToken token, List<PlatformEvent> events) throws SalesforceException {
        ObjectNode body = collection(events, PlatformEvent::eventType, (event, record) -> event.fields().forEach(record::putPOJO));
        HttpResponse<String> response = send(token, "POST", "/composite/sobjects", body);
        JsonNode results = collectionResults(response, events.size());
        List<RecordResult> outcomes = new ArrayList<>(events.size());
        for (JsonNode result : results) {
            outcomes.add(result(result.path("id").asText(null), result));
        }
        return new WriteResult(outcomes, apiUsage(response));
    }

    /** An sObject Collections body: {@code allOrNone: false}, and a record per item with its type in {@code attributes}. */
    private static <T> ObjectNode collection(List<T> items, Function<T, String> type, BiConsumer<T, ObjectNode> fields) {
        if (items.isEmpty() || items.size() > MAX_RECORDS_PER_CALL) {
            throw new IllegalArgumentException("an sObject Collections call takes 1 to 200 records, not " + items.size());
        }
        ObjectNode body = JSON.createObjectNode().put("allOrNone", false);
        ArrayNode records = body.putArray("records");
        for (T item : items) {
            ObjectNode record = records.addObject();
            record.putObject("attributes").put("type", type.apply(item));
            fields.accept(item, record);
        }
        return body;
    }

    /**
     * The per-record results of a collection call, one per record sent; any other answer is the call's failure. A
     * 400 with Salesforce's errors that is not the org's limit refuses the request as it is: for the org's setup
     * ({@link SalesforceError#configurationError()}), fixed by a person; otherwise ({@code JSON_PARSER_ERROR}) sent
     * again unchanged it is refused again, so it is permanent, like a lone record's 400.
     */
    private JsonNode collectionResults(HttpResponse<String> response, int sent) throws SalesforceException {
        if (response.statusCode() != 200) {
            Optional<List<SalesforceError>> errors = errorArray(response.body());
            // records' errors come in a 200's array; any other answer is about the call, and none is the records' fault
            SalesforceException failure = callOrSetupFailure(response, errors, "write");
            if (failure.kind() == Kind.RETRYABLE && response.statusCode() == 400 && errors.isPresent()) {
                throw new SalesforceException(Kind.PERMANENT, 400, "Salesforce refused the request: " + describe(errors.get()));
            }
            throw failure;
        }
        JsonNode results = readTree(response.body());
        if (!results.isArray() || results.size() != sent) {
            throw new SalesforceException(Kind.RETRYABLE, 200, "sObject Collections answered %s for %d records"
                    .formatted(results.isArray() ? results.size() + " results" : "no result array", sent));
        }
        return results;
    }

    @Override
    public boolean fitsOneQuery(String soql) {
        return soql.length() <= MAX_SOQL_CHARACTERS && queryPath(soql).length() <= MAX_QUERY_URI_BYTES;
    }

    @Override
    public QueryResult queryAll(AccessToken token, String soql) throws SalesforceException {
        if (!fitsOneQuery(soql)) {
            throw new IllegalArgumentException("a SOQL statement of " + soql.length() + " characters does not fit one query call");
        }
        QueryPages pages = new QueryPages(token);
        List<ObjectNode> records = new ArrayList<>();
        JsonNode page = pages.read(queryPath(soql));
        while (true) {
            for (JsonNode record : page.get("records")) {
                if (!record.isObject()) {
                    throw new SalesforceException(Kind.RETRYABLE, 200, "a query answered a record that is not a JSON object");
                }
                records.add(withAllChildren(pages, (ObjectNode) record));
            }
            if (page.path("done").asBoolean(true)) {
                return new QueryResult(records, pages.calls);
            }
            page = pages.read(nextRecordsPath(page));
        }
    }

    private String queryPath(String soql) {
        return "/services/data/v" + apiVersion + "/queryAll?q=" + URLEncoder.encode(soql, StandardCharsets.UTF_8);
    }

    /** Each child relationship list not {@code done} gets the rows of its further pages, and is then done. */
    private static ObjectNode withAllChildren(QueryPages pages, ObjectNode record) throws SalesforceException {
        for (JsonNode value : record) {
            if (value.isObject() && value.path("records").isArray() && value.has("done")) {
                ArrayNode rows = (ArrayNode) value.get("records");
                JsonNode page = value;
                while (!page.path("done").asBoolean(true)) {
                    page = pages.read(nextRecordsPath(page));
                    page.get("records").forEach(rows::add);
                }
                ((ObjectNode) value).put("done", true).remove("nextRecordsUrl");
            }
        }
        return record;
    }

    /** A page's {@code nextRecordsUrl}: a path of the instance's REST API, or the answer is not one to follow. */
    private static String nextRecordsPath(JsonNode page) throws SalesforceException {
        String next = page.path("nextRecordsUrl").asText("");
        if (!next.startsWith(REST_PATH) || next.contains("//")) {
            throw new SalesforceException(Kind.RETRYABLE, 200, "a query page is not done and has no nextRecordsUrl on the instance");
        }
        return next;
    }

    /** The pages of one query, read with one credential, counted. */
    private final class QueryPages {
        private final AccessToken token;
        private int calls;

        QueryPages(AccessToken token) {
            this.token = token;
        }

        JsonNode read(String pathAndQuery) throws SalesforceException {
            calls++;
            HttpRequest request = http.request(token.instanceUrl().resolve(pathAndQuery))
                    .header("Authorization", "Bearer " + token.reveal())
                    .GET()
                    .build();
            HttpResponse<String> response = http.send(request);
            if (response.statusCode() != 200) {
                // a field or object the query names that the org lacks, or the user may not read: the org's setup
                throw callOrSetupFailure(response, errorArray(response.body()), "query");
            }
            JsonNode page = readTree(response.body());
            if (!page.isObject() || !page.path("records").isArray()) {
                throw new SalesforceException(Kind.RETRYABLE, 200, "a query answered without a records array");
            }
            return page;
        }
    }

    /** {@code success} decides: an entry {@code success: false} without errors is a failure, never a write. */
    private static RecordResult result(String id, JsonNode result) {
        return result.path("success").asBoolean(false) ? RecordResult.ok(id) : RecordResult.failed(id, errors(result.path("errors")));
    }

    private HttpResponse<String> send(AccessToken token, String method, String path, ObjectNode body) throws SalesforceException {
        URI uri = token.instanceUrl().resolve("/services/data/v" + apiVersion + path);
        HttpRequest request = http.request(uri)
                .header("Authorization", "Bearer " + token.reveal())
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body.toString()))
                .build();
        return http.send(request);
    }

    /**
     * What an answer that carries no record's result means for the call: the credential refused, the org's
     * quota used up, the API path missing (a configuration fault), or anything else (5xx, a proxy's page, a 400
     * about the request): retryable, so no callback is dead-lettered for what is not its own fault.
     */
    private SalesforceException callFailure(HttpResponse<String> response, Optional<List<SalesforceError>> errors) {
        int status = response.statusCode();
        String detail = errors.map(HttpSalesforceClient::describe).orElse("no Salesforce error in the answer");
        if (status == 401) {
            return new SalesforceException(Kind.SESSION_INVALID, status, "Salesforce refused the credential: " + detail);
        }
        if (errors.orElse(List.of()).stream().anyMatch(e -> SalesforceError.REQUEST_LIMIT_EXCEEDED.equals(e.code()))) {
            return new SalesforceException(Kind.LIMIT_EXCEEDED, status, "the org's API limit is used up: " + detail);
        }
        if (status == 404) {
            return new SalesforceException(Kind.CONFIGURATION, status, "Salesforce has no %s at %s (HTTP 404: %s): is API version %s served there?"
                    .formatted(response.request().uri().getPath(), response.request().uri().getHost(), detail, apiVersion));
        }
        return new SalesforceException(Kind.RETRYABLE, status, "Salesforce answered HTTP " + status + ": " + detail);
    }

    /**
     * {@link #callFailure}'s verdict first (the org's limit, a refused credential, a missing API path); a 400 it leaves
     * retryable that names the org's setup ({@link #setupRefused}) is that.
     *
     * @param call what was refused, as its message says: {@code write} or {@code query}
     */
    private SalesforceException callOrSetupFailure(HttpResponse<String> response, Optional<List<SalesforceError>> errors, String call) {
        SalesforceException failure = callFailure(response, errors);
        if (failure.kind() == Kind.RETRYABLE && response.statusCode() == 400
                && errors.orElse(List.of()).stream().anyMatch(SalesforceError::configurationError)) {
            return setupRefused(400, errors.get(), call);
        }
        return failure;
    }

    /**
     * A field or object the org lacks, or one the user may not read or edit: the org's setup, so every record fails
     * alike until a person deploys salesforce/ or its permission set, and then the same call goes through. Not
     * permanent: a stack deployed before its Salesforce side would otherwise dead-letter every callback, and every
     * notification whose record is read, at once; a configuration fault, counted and alarmed on.
     */
    private static SalesforceException setupRefused(int status, List<SalesforceError> errors, String call) {
        return new SalesforceException(Kind.CONFIGURATION, status, "Salesforce refused the " + call + " for the org's setup ("
                + describe(errors) + "): deploy salesforce/ and its permission set to the org (docs/salesforce-setup.md)");
    }

    /** Salesforce's error array; empty when the body is something else (an HTML page from a proxy, a result array, nothing). */
    private static Optional<List<SalesforceError>> errorArray(String body) {
        try {
            JsonNode array = JSON.readTree(body == null || body.isBlank() ? "null" : body);
            boolean isErrorArray = array != null && array.isArray() && !array.isEmpty()
                    && StreamSupport.stream(array.spliterator(), false).allMatch(e -> e.hasNonNull("errorCode"));
            return isErrorArray ? Optional.of(errors(array)) : Optional.empty();
        } catch (JsonProcessingException notJson) {
            return Optional.empty();
        }
    }

    private static List<SalesforceError> errors(JsonNode array) {
        List<SalesforceError> errors = new ArrayList<>();
        for (JsonNode error : array) {
            String code = error.hasNonNull("errorCode") ? error.get("errorCode").asText() : error.path("statusCode").asText("UNKNOWN");
            List<String> fields = new ArrayList<>();
            error.path("fields").forEach(field -> fields.add(field.asText()));
            errors.add(new SalesforceError(code, error.path("message").asText(""), fields));
        }
        return errors;
    }

    private static String describe(List<SalesforceError> errors) {
        return errors.isEmpty() ? "no error details" : String.join("; ", errors.stream().map(SalesforceError::describe).toList());
    }

    private static JsonNode readTree(String body) throws SalesforceException {
        try {
            return JSON.readTree(body == null || body.isBlank() ? "[]" : body);
        } catch (JsonProcessingException e) {
            throw new SalesforceException(Kind.RETRYABLE, 0, "Salesforce's answer is not JSON");
        }
    }

    private static String apiUsage(HttpResponse<String> response) {
        return response.headers().firstValue("Sforce-Limit-Info").orElse(null);
    }

    /** IDs and API names are letters, digits and underscores; encoding keeps anything else out of the path. */
    private static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
