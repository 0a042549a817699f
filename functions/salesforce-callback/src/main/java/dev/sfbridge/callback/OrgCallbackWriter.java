package dev.sfbridge.callback;

import dev.sfbridge.model.CallbackRequest;
import dev.sfbridge.observability.JsonLog;
import dev.sfbridge.retry.Retry;
import dev.sfbridge.salesforce.AccessToken;
import dev.sfbridge.salesforce.RecordResult;
import dev.sfbridge.salesforce.RecordUpdate;
import dev.sfbridge.salesforce.SalesforceAuth;
import dev.sfbridge.salesforce.SalesforceClient;
import dev.sfbridge.salesforce.SalesforceException;
import dev.sfbridge.salesforce.WriteResult;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Writes the callbacks of one org in one invocation: as few API calls as possible (sObject Collections,
 * up to {@code recordsPerCall} records each), one after another so the org sees one caller at a time.
 *
 * <ul>
 *   <li>A record Salesforce reports UNABLE_TO_LOCK_ROW for is sent again, alone with the other locked
 *       ones, after a jittered pause, up to {@code rowLocks.maxAttempts()} tries; then it goes back to the queue.</li>
 *   <li>A record the org's stale-status rule refused ({@link StaleStatusRule}) holds a newer status: stale, done.</li>
 *   <li>Any other error of a record is permanent for it: dead-letter queue, with Salesforce's error.</li>
 *   <li>REQUEST_LIMIT_EXCEEDED is not retried here, and the org is not called again in this invocation: its
 *       callbacks go back to the queue and come again after the visibility timeout.</li>
 *   <li>Timeouts and 5xx were retried by the client; when they outlast it the callbacks go back to the queue.</li>
 * </ul>
 */
final class OrgCallbackWriter {
    private final SalesforceClient salesforce;
    private final SalesforceAuth auth;
    private final int recordsPerCall;
    private final Retry rowLocks;
    private final JsonLog log;
    private final Clock clock;

    OrgCallbackWriter(SalesforceClient salesforce, SalesforceAuth auth, int recordsPerCall, Retry rowLocks, JsonLog log, Clock clock) {
        this.salesforce = salesforce;
        this.auth = auth;
        this.recordsPerCall = recordsPerCall;
        this.rowLocks = rowLocks;
        this.log = log;
        this.clock = clock;
    }

    /** @param callbacks of one org, one per record */
    Map<QueuedCallback, Verdict> write(String organizationId, List<QueuedCallback> callbacks) {
        Map<QueuedCallback, Verdict> verdicts = new LinkedHashMap<>();
        boolean limitReached = false;
        for (int from = 0; from < callbacks.size(); from += recordsPerCall) {
            List<QueuedCallback> chunk = callbacks.subList(from, Math.min(from + recordsPerCall, callbacks.size()));
            if (limitReached) {
                chunk.forEach(c -> verdicts.put(c, Verdict.retryLater("the org's API limit was reached earlier in this invocation")));
            } else {
                limitReached = writeChunk(organizationId, chunk, verdicts);
            }
        }
        return verdicts;
    }

    /** Puts a verdict for every callback of {@code chunk}; true when the org's API limit is reached. */
    private boolean writeChunk(String organizationId, List<QueuedCallback> chunk, Map<QueuedCallback, Verdict> verdicts) {
        // any session of the org will do: each outbound message's callbacks carry the session of its delivery.
        // The newest not yet refused: a refused one would go straight to OAuth, which another org has not got
        CallbackRequest withSession = chunk.stream().map(QueuedCallback::request)
                .filter(r -> r.sessionId() != null && r.instanceUrl() != null && !auth.refused(r.sessionId()))
                .max(Comparator.comparing(CallbackRequest::statusChangedAt)).orElse(null);
        List<QueuedCallback> toSend = chunk;
        for (int attempt = 1; !toSend.isEmpty(); attempt++) {
            if (attempt > 1 && !pause(attempt)) {
                toSend.forEach(c -> verdicts.put(c, Verdict.retryLater("interrupted before sending row-locked records again")));
                return false;
            }
            List<QueuedCallback> sending = toSend;
            List<RecordResult> results;
            try {
                results = send(organizationId, withSession, sending);
            } catch (SalesforceException e) {
                Verdict verdict = switch (e.kind()) {
                    case PERMANENT -> Verdict.deadLetter(e.getMessage());
                    case LIMIT_EXCEEDED, SESSION_INVALID, RETRYABLE -> Verdict.retryLater(e.getMessage());
                };
                sending.forEach(c -> verdicts.put(c, verdict));
                return e.kind() == SalesforceException.Kind.LIMIT_EXCEEDED;
            }
            List<QueuedCallback> locked = new ArrayList<>();
            for (int i = 0; i < sending.size(); i++) {
                RecordResult result = results.get(i);
                if (result.success()) {
                    verdicts.put(sending.get(i), Verdict.WRITTEN);
                } else if (result.rowLocked()) {
                    locked.add(sending.get(i));
                } else if (StaleStatusRule.refused(result)) {
                    // admitted, but a newer status of the record was written first: the org keeps the newer one
                    verdicts.put(sending.get(i), Verdict.stale("Salesforce holds a newer status: " + result.describeErrors()));
                } else {
                    verdicts.put(sending.get(i), Verdict.deadLetter("Salesforce refused the update: " + result.describeErrors()));
                }
            }
            if (!locked.isEmpty() && attempt == rowLocks.maxAttempts()) {
                Verdict stillLocked = Verdict.retryLater("UNABLE_TO_LOCK_ROW after " + attempt + " attempts");
                locked.forEach(c -> verdicts.put(c, stillLocked));
                break;
            }
            toSend = locked;
        }
        return false;
    }

    /** A lone record goes as a single-record PATCH (the same one API call, a smaller answer); more as a collection. */
    private List<RecordResult> send(String organizationId, CallbackRequest withSession, List<QueuedCallback> callbacks)
            throws SalesforceException {
        List<RecordUpdate> updates = callbacks.stream().map(QueuedCallback::update).toList();
        AtomicReference<AccessToken.Source> usedAuth = new AtomicReference<>();
        Instant started = clock.instant();
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put(JsonLog.ORGANIZATION_ID, organizationId);
        fields.put("records", updates.size());
        try {
            WriteResult written = auth.call(organizationId, withSession == null ? null : withSession.sessionId(),
                    withSession == null ? null : withSession.instanceUrl(), token -> {
                        usedAuth.set(token.source());
                        return updates.size() == 1 ? salesforce.updateRecord(token, updates.getFirst()) : salesforce.updateRecords(token, updates);
                    });
            fields.put("auth", String.valueOf(usedAuth.get()));
            fields.put("failedRecords", written.records().stream().filter(r -> !r.success()).count());
            fields.put("apiUsage", written.apiUsage());
            fields.put("durationMs", Duration.between(started, clock.instant()).toMillis());
            log.info("salesforce call", fields);
            return written.records();
        } catch (SalesforceException e) {
            fields.put("auth", String.valueOf(usedAuth.get()));
            fields.put("status", e.status());
            fields.put("error", e.kind().name());
            fields.put("reason", e.getMessage());
            fields.put("durationMs", Duration.between(started, clock.instant()).toMillis());
            log.error("salesforce call", fields);
            throw e;
        }
    }

    private boolean pause(int attempt) {
        try {
            rowLocks.pauseBefore(attempt);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
