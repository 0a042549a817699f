package dev.sfbridge.salesforce;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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

/**
 * {@link SalesforceClient} over HTTP. Errors come as {@code [{"errorCode","message","fields"}]} (REST) or,
 * per record of a collection, {@code {"statusCode","message","fields"}}; both shapes are read.
 */
public final class HttpSalesforceClient implements SalesforceClient {
    public static final String DEFAULT_API_VERSION = "62.0";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SalesforceHttp http;
    private final String apiVersion;

    /** @param apiVersion {@code 62.0}: the version in {@code /services/data/vXX.X} */
    public HttpSalesforceClient(SalesforceHttp http, String apiVersion) {
        this.http = http;
        this.apiVersion = apiVersion;
    }

    @Override
    public WriteResult updateRecord(AccessToken token, RecordUpdate update) throws SalesforceException {
        ObjectNode body = JSON.createObjectNode();
        update.fields().forEach(body::put);
        HttpResponse<String> response = patch(token, "/sobjects/" + segment(update.objectType()) + "/" + segment(update.id()), body);
        String apiUsage = apiUsage(response);
        if (response.statusCode() / 100 == 2) {
            return new WriteResult(List.of(RecordResult.ok(update.id())), apiUsage);
        }
        List<SalesforceError> errors = errors(response);
        Optional<SalesforceException> callFailure = callFailure(response.statusCode(), errors);
        if (callFailure.isPresent()) {
            throw callFailure.get();
        }
        return new WriteResult(List.of(new RecordResult(update.id(), errors)), apiUsage);
    }

    @Override
    public WriteResult updateRecords(AccessToken token, List<RecordUpdate> updates) throws SalesforceException {
        if (updates.isEmpty() || updates.size() > MAX_RECORDS_PER_CALL) {
            throw new IllegalArgumentException("an sObject Collections call takes 1 to 200 records, not " + updates.size());
        }
        ObjectNode body = JSON.createObjectNode().put("allOrNone", false);
        ArrayNode records = body.putArray("records");
        for (RecordUpdate update : updates) {
            ObjectNode record = records.addObject();
            record.putObject("attributes").put("type", update.objectType());
            record.put("id", update.id());
            update.fields().forEach(record::put);
        }
        HttpResponse<String> response = patch(token, "/composite/sobjects", body);
        if (response.statusCode() != 200) {
            List<SalesforceError> errors = errors(response);
            throw callFailure(response.statusCode(), errors).orElseGet(() -> new SalesforceException(Kind.PERMANENT,
                    response.statusCode(), "sObject Collections refused the call: " + describe(errors)));
        }
        JsonNode results = readTree(response.body());
        if (!results.isArray() || results.size() != updates.size()) {
            throw new SalesforceException(Kind.RETRYABLE, 200, "sObject Collections answered %s for %d records"
                    .formatted(results.isArray() ? results.size() + " results" : "no result array", updates.size()));
        }
        List<RecordResult> outcomes = new ArrayList<>(updates.size());
        for (int i = 0; i < updates.size(); i++) {
            JsonNode result = results.get(i);
            // results come in request order; a failed record may come back without its id
            String id = updates.get(i).id();
            outcomes.add(result.path("success").asBoolean(false) ? RecordResult.ok(id) : new RecordResult(id, errors(result.path("errors"))));
        }
        return new WriteResult(outcomes, apiUsage(response));
    }

    private HttpResponse<String> patch(AccessToken token, String path, ObjectNode body) throws SalesforceException {
        URI uri = token.instanceUrl().resolve("/services/data/v" + apiVersion + path);
        HttpRequest request = http.request(uri)
                .header("Authorization", "Bearer " + token.reveal())
                .header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(body.toString()))
                .build();
        return http.send(request);
    }

    /** The failures that concern the whole call whatever the records: the credential, the org's quota, the platform. */
    private static Optional<SalesforceException> callFailure(int status, List<SalesforceError> errors) {
        String detail = describe(errors);
        if (status == 401) {
            return Optional.of(new SalesforceException(Kind.SESSION_INVALID, status, "Salesforce refused the credential: " + detail));
        }
        if (errors.stream().anyMatch(e -> SalesforceError.REQUEST_LIMIT_EXCEEDED.equals(e.code()))) {
            return Optional.of(new SalesforceException(Kind.LIMIT_EXCEEDED, status, "the org's API limit is used up: " + detail));
        }
        if (status >= 500) {
            return Optional.of(new SalesforceException(Kind.RETRYABLE, status, "Salesforce answered HTTP " + status + ": " + detail));
        }
        return Optional.empty();
    }

    private static List<SalesforceError> errors(HttpResponse<String> response) {
        try {
            return errors(readTree(response.body()));
        } catch (SalesforceException notJson) {
            // a 5xx from a proxy in front of Salesforce can be an HTML page: the status says enough
            return List.of(new SalesforceError("HTTP_" + response.statusCode(), "no JSON error body", List.of()));
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
