package dev.sfbridge.erpevents;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.sfbridge.model.CallbackRequest;
import dev.sfbridge.model.SalesforceIds;
import dev.sfbridge.queue.MessageCharacters;
import dev.sfbridge.salesforce.KeyPrefixes;
import dev.sfbridge.salesforce.OrderFieldLimits;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the ERP's status events: one JSON object, or an array of up to {@link #MAX_EVENTS}, each
 * {@code {orderNumber, salesforceRecordId, organizationId?, status, changedAt}}, into callbacks for the
 * configured org and object. Every event is checked before any is taken: one bad event refuses the request.
 * What Salesforce would refuse later is refused here, where the ERP hears of it: an order number or status
 * longer than its field ({@link OrderFieldLimits}), a record ID of another object, a {@code changedAt} outside
 * years 1970 to 9999 or more than {@link #MAX_CLOCK_AHEAD} ahead of this receiver's clock (a status from the
 * future would outrank every real one for ever), two statuses of one record at one {@code changedAt} (which is newer
 * cannot be told). Fields not named here are ignored, so the ERP may send more.
 */
final class OrderEventReader {
    static final int MAX_EVENTS = 100;
    /** How far a {@code changedAt} may be ahead of this receiver's clock: the two clocks' skew, generously. */
    static final Duration MAX_CLOCK_AHEAD = CallbackRequest.MAX_ERP_CLOCK_AHEAD;
    /** Any other string: Salesforce's longest text field holds 255 characters. */
    private static final int MAX_TEXT = 255;
    private static final ObjectMapper JSON = new ObjectMapper();
    /**
     * One JSON value and nothing after it: by default Jackson reads the first value and ignores the rest, so two
     * events sent as {@code {..}{..}} were answered 202 with the second one lost.
     */
    private static final ObjectReader ONE_VALUE = JSON.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final String organizationId;
    private final String objectType;
    private final Clock clock;

    /**
     * @param organizationId the configured org, 18 characters
     * @param clock          what a {@code changedAt} from the future is judged by
     */
    OrderEventReader(String organizationId, String objectType, Clock clock) {
        this.organizationId = organizationId;
        this.objectType = objectType;
        this.clock = clock;
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
        refuseTwoStatusesAtOneTime(callbacks);
        return callbacks;
    }

    /**
     * Two events of one record at one {@code changedAt} with another status or order number: which is newer cannot be
     * told, and the callbacks would keep whichever came first. The same event twice is a copy, and passes.
     */
    private static void refuseTwoStatusesAtOneTime(List<CallbackRequest> callbacks) throws Rejection {
        Map<List<Object>, Integer> first = new HashMap<>();
        for (int i = 0; i < callbacks.size(); i++) {
            CallbackRequest callback = callbacks.get(i);
            Integer earlier = first.putIfAbsent(List.of(callback.recordId(), callback.statusChangedAt()), i);
            if (earlier != null && !sameChange(callbacks.get(earlier), callback)) {
                throw badRequest("invalid_event", "events %d and %d: two statuses of record %s at one changedAt, %s: which is newer cannot be told; "
                        .formatted(earlier, i, callback.recordId(), callback.statusChangedAt())
                        + "send changedAt to the millisecond, a later one for the later change");
            }
        }
    }

    private static boolean sameChange(CallbackRequest one, CallbackRequest other) {
        return one.orderStatus().equals(other.orderStatus()) && one.orderNumber().equals(other.orderNumber());
    }

    private CallbackRequest toCallback(JsonNode event, String where) throws Rejection {
        if (!event.isObject()) {
            throw badRequest("invalid_event", where + "an event must be a JSON object");
        }
        String orderNumber = text(event, "orderNumber", OrderFieldLimits.ORDER_NUMBER, where);
        String status = text(event, "status", OrderFieldLimits.STATUS, where);
        String recordId = text(event, "salesforceRecordId", MAX_TEXT, where);
        if (!SalesforceIds.isValid(recordId)) {
            throw badRequest("invalid_event", where + "salesforceRecordId is not a Salesforce ID");
        }
        Optional<String> keyPrefix = KeyPrefixes.of(objectType);
        if (keyPrefix.isPresent() && !recordId.startsWith(keyPrefix.get())) {
            throw badRequest("invalid_event", where + "salesforceRecordId is not an ID of %s, whose IDs start %s"
                    .formatted(objectType, keyPrefix.get()));
        }
        JsonNode organization = event.get("organizationId");
        if (organization != null && !organization.isNull()) {
            if (!organization.isTextual() || !SalesforceIds.isValid(organization.asText())
                    || !SalesforceIds.to18(organization.asText()).equals(organizationId)) {
                throw badRequest("wrong_organization", where + "organizationId is not the org this route serves, " + organizationId);
            }
        }
        return new CallbackRequest(CallbackRequest.SCHEMA_VERSION, null, organizationId, objectType, SalesforceIds.to18(recordId),
                orderNumber, status, changedAt(text(event, "changedAt", MAX_TEXT, where), where), null, null);
    }

    private static String text(JsonNode event, String field, int maxLength, String where) throws Rejection {
        JsonNode value = event.get(field);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            throw badRequest("invalid_event", where + field + " is required and must be a non-empty string");
        }
        if (value.asText().length() > maxLength) {
            throw badRequest("invalid_event", where + field + " is longer than " + maxLength + " characters");
        }
        // JSON's \uFFFF or a lone surrogate reads as a string SQS refuses as message contents: answered 503, the
        // ERP would send the same request again for ever
        int refused = MessageCharacters.firstRefused(value.asText());
        if (refused >= 0) {
            throw badRequest("invalid_event", where + field + " holds U+%04X, a character no queue message may carry".formatted(refused));
        }
        return value.asText();
    }

    /**
     * ISO 8601 with an offset or Z: {@code 2026-11-23T11:59:30.250Z}, {@code 2026-11-23T12:59:30.250+01:00}; any fraction
     * digits beyond the millisecond are dropped when it is written to Salesforce. Whole seconds are read as they are:
     * {@code 11:59:30Z} is {@code 11:59:30.000Z} (docs/callbacks.md asks an ERP with such a clock for the second's end).
     */
    private Instant changedAt(String text, String where) throws Rejection {
        Instant changedAt;
        try {
            changedAt = OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeException e) {
            throw badRequest("invalid_event", where + "changedAt must be an ISO 8601 time with an offset, like 2026-11-23T11:59:30.250Z");
        }
        if (!CallbackRequest.writableTime(changedAt)) {
            throw badRequest("invalid_event", where + "changedAt must be in " + CallbackRequest.WRITABLE_YEARS);
        }
        if (changedAt.isAfter(clock.instant().plus(MAX_CLOCK_AHEAD))) {
            throw badRequest("invalid_event", where + "changedAt is more than " + MAX_CLOCK_AHEAD.toMinutes()
                    + " minutes ahead of the receiver's clock: a status cannot change in the future");
        }
        return changedAt;
    }

    private static Rejection badRequest(String reason, String message) {
        return new Rejection(400, reason, message);
    }
}
