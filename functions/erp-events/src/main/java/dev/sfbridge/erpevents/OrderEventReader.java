package dev.sfbridge.erpevents;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.sfbridge.model.CallbackRequest;
import dev.sfbridge.model.SalesforceIds;
import dev.sfbridge.queue.MessageCharacters;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the ERP's status events: one JSON object, or an array of up to {@link #MAX_EVENTS}, each
 * {@code {orderNumber, salesforceRecordId, organizationId?, status, changedAt}}, into callbacks for the
 * configured org and object. Every event is checked before any is taken: one bad event refuses the request.
 * Fields not named here are ignored, so the ERP may send more.
 */
final class OrderEventReader {
    static final int MAX_EVENTS = 100;
    /** Salesforce's longest text field holds 255 characters. */
    private static final int MAX_TEXT = 255;
    private static final ObjectMapper JSON = new ObjectMapper();
    /**
     * One JSON value and nothing after it: by default Jackson reads the first value and ignores the rest, so two
     * events sent as {@code {..}{..}} were answered 202 with the second one lost.
     */
    private static final ObjectReader ONE_VALUE = JSON.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final String organizationId;
    private final String objectType;

    /** @param organizationId the configured org, 18 characters */
    OrderEventReader(String organizationId, String objectType) {
        this.organizationId = organizationId;
        this.objectType = objectType;
    }

    List<CallbackRequest> read(String body) throws Rejection {
        JsonNode root;
        try {
            root = ONE_VALUE.readTree(body);
        } catch (JsonProcessingException e) {
            throw badRequest("malformed_json", "the body is not one JSON value");
        }
        if (root == null || !(root.isObject() || root.isArray())) {
            throw badRequest("malformed_json", "the body must be an event object or an array of them");
        }
        List<JsonNode> events = new ArrayList<>();
        (root.isArray() ? root : JSON.createArrayNode().add(root)).forEach(events::add);
        if (events.isEmpty() || events.size() > MAX_EVENTS) {
            throw badRequest("event_count", "a request carries 1 to " + MAX_EVENTS + " events, not " + events.size());
        }
        List<CallbackRequest> callbacks = new ArrayList<>(events.size());
        for (int i = 0; i < events.size(); i++) {
            callbacks.add(toCallback(events.get(i), events.size() == 1 ? "" : "event " + i + ": "));
        }
        return callbacks;
    }

    private CallbackRequest toCallback(JsonNode event, String where) throws Rejection {
        if (!event.isObject()) {
            throw badRequest("invalid_event", where + "an event must be a JSON object");
        }
        String orderNumber = text(event, "orderNumber", where);
        String status = text(event, "status", where);
        String recordId = text(event, "salesforceRecordId", where);
        if (!SalesforceIds.isValid(recordId)) {
            throw badRequest("invalid_event", where + "salesforceRecordId is not a Salesforce ID");
        }
        JsonNode organization = event.get("organizationId");
        if (organization != null && !organization.isNull()) {
            if (!organization.isTextual() || !SalesforceIds.isValid(organization.asText())
                    || !SalesforceIds.to18(organization.asText()).equals(organizationId)) {
                throw badRequest("wrong_organization", where + "organizationId is not the org this route serves, " + organizationId);
            }
        }
        return new CallbackRequest(CallbackRequest.SCHEMA_VERSION, null, organizationId, objectType, SalesforceIds.to18(recordId),
                orderNumber, status, changedAt(text(event, "changedAt", where), where), null, null);
    }

    private static String text(JsonNode event, String field, String where) throws Rejection {
        JsonNode value = event.get(field);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            throw badRequest("invalid_event", where + field + " is required and must be a non-empty string");
        }
        if (value.asText().length() > MAX_TEXT) {
            throw badRequest("invalid_event", where + field + " is longer than " + MAX_TEXT + " characters");
        }
        // JSON's \uFFFF or a lone surrogate reads as a string SQS refuses as message contents: answered 503, the
        // ERP would send the same request again for ever
        int refused = MessageCharacters.firstRefused(value.asText());
        if (refused >= 0) {
            throw badRequest("invalid_event", where + field + " holds U+%04X, a character no queue message may carry".formatted(refused));
        }
        return value.asText();
    }

    /** ISO 8601 with an offset or Z: {@code 2026-11-23T11:59:30Z}, {@code 2026-11-23T12:59:30.250+01:00}. */
    private static Instant changedAt(String text, String where) throws Rejection {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeException e) {
            throw badRequest("invalid_event", where + "changedAt must be an ISO 8601 time with an offset, like 2026-11-23T11:59:30Z");
        }
    }

    private static Rejection badRequest(String reason, String message) {
        return new Rejection(400, reason, message);
    }
}
