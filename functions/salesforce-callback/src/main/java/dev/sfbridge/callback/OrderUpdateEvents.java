package dev.sfbridge.callback;

import dev.sfbridge.model.CallbackRequest;
import dev.sfbridge.model.SessionId;
import dev.sfbridge.observability.JsonLog;
import dev.sfbridge.observability.Metric;
import dev.sfbridge.observability.Metrics;
import dev.sfbridge.salesforce.PlatformEvent;
import dev.sfbridge.salesforce.RecordResult;
import dev.sfbridge.salesforce.SalesforceAuth;
import dev.sfbridge.salesforce.SalesforceClient;
import dev.sfbridge.salesforce.SalesforceDateTime;
import dev.sfbridge.salesforce.SalesforceException;
import dev.sfbridge.salesforce.WriteResult;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The platform event {@value #EVENT} for every record a callback was written to, so a Lightning page subscribed
 * to it shows the new status without a refresh (docs/callbacks.md, "Platform events"). Up to 200 events per API
 * call (sObject Collections), with the credential the records were written with.
 *
 * <p>Best-effort: the records are written already and their callbacks settled by what the write did. A publish
 * that fails as a whole (no answer in its own short timeout, a 5xx after the client's own retries, the API limit,
 * any exception) or refuses single events is counted ({@code PlatformEventsFailed}) and logged, never retried,
 * and never changes a callback's outcome.
 */
final class OrderUpdateEvents {
    /** The event's API name, and its fields' (salesforce/force-app/main/default/objects/ERP_Order_Update__e). */
    static final String EVENT = "ERP_Order_Update__e";
    static final String RECORD_ID = "Record_Id__c";
    static final String ORDER_NUMBER = "Order_Number__c";
    static final String STATUS = "Status__c";
    static final String CHANGED_AT = "Changed_At__c";
    /** The same time in epoch milliseconds: the event's DateTime holds seconds only, and a subscriber orders by this. */
    static final String CHANGED_AT_MS = "Changed_At_Ms__c";

    private final SalesforceClient salesforce;
    private final SalesforceAuth auth;
    private final JsonLog log;
    private final Metrics metrics;
    private final Clock clock;

    /** @param salesforce a client of its own, with the short request timeout publishing gets */
    OrderUpdateEvents(SalesforceClient salesforce, SalesforceAuth auth, JsonLog log, Metrics metrics, Clock clock) {
        this.salesforce = salesforce;
        this.auth = auth;
        this.log = log;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** Publishes nothing: {@code PLATFORM_EVENTS_ENABLED=false} (a publisher without a client). */
    static OrderUpdateEvents disabled() {
        return new OrderUpdateEvents(null, null, null, null, null);
    }

    /**
     * One event per callback, in calls of up to {@link SalesforceClient#MAX_RECORDS_PER_CALL}; never throws.
     *
     * @param written callbacks whose records were written with this credential (session and instance, or both null for OAuth)
     */
    void publish(String organizationId, SessionId session, String instanceUrl, List<QueuedCallback> written) {
        if (salesforce == null) {
            return;
        }
        for (int from = 0; from < written.size(); from += SalesforceClient.MAX_RECORDS_PER_CALL) {
            publishChunk(organizationId, session, instanceUrl,
                    written.subList(from, Math.min(from + SalesforceClient.MAX_RECORDS_PER_CALL, written.size())));
        }
    }

    private void publishChunk(String organizationId, SessionId session, String instanceUrl, List<QueuedCallback> callbacks) {
        LoggedWrite publish = new LoggedWrite(organizationId, clock);
        publish.put("events", callbacks.size());
        long failed;
        try {
            // made here, inside the try: nothing of the events, not even their fields, may fail the callbacks
            List<PlatformEvent> events = callbacks.stream().map(OrderUpdateEvents::event).toList();
            WriteResult published = publish.call(auth, session, instanceUrl, token -> salesforce.publishEvents(token, events));
            List<RecordResult> refused = published.records().stream().filter(r -> !r.success()).toList();
            failed = refused.size();
            if (!refused.isEmpty()) {
                publish.put("reason", String.join("; ", new TreeSet<>(refused.stream().map(RecordResult::describeErrors).toList())));
            }
        } catch (SalesforceException e) {
            failed = callbacks.size();
        } catch (RuntimeException e) {
            // best-effort: nothing the publish does may fail the callbacks, whose records are written
            failed = callbacks.size();
            publish.put("error", e.getClass().getSimpleName());
        }
        publish.put("failedEvents", failed);
        Map<String, Object> fields = publish.ended();
        if (failed < callbacks.size()) {
            metrics.count(Metric.PLATFORM_EVENTS_PUBLISHED, callbacks.size() - failed);
        }
        if (failed > 0) {
            metrics.count(Metric.PLATFORM_EVENTS_FAILED, failed);
            log.error("platform events", fields);
        } else {
            log.info("platform events", fields);
        }
    }

    /** What a subscriber needs to update its page: the record, its order number, and the status with its time (both ways). */
    private static PlatformEvent event(QueuedCallback callback) {
        CallbackRequest request = callback.request();
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put(RECORD_ID, callback.update().id());
        fields.put(ORDER_NUMBER, request.orderNumber());
        if (request.orderStatus() != null) {
            fields.put(STATUS, request.orderStatus());
        }
        fields.put(CHANGED_AT, SalesforceDateTime.format(request.statusChangedAt()));
        fields.put(CHANGED_AT_MS, request.statusChangedAt().toEpochMilli());
        return new PlatformEvent(EVENT, fields);
    }
}
