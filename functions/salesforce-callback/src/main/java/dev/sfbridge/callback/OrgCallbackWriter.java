package dev.sfbridge.callback;

import dev.sfbridge.model.CallbackRequest;
import dev.sfbridge.model.InstanceUrl;
import dev.sfbridge.model.SessionId;
import dev.sfbridge.observability.JsonLog;
import dev.sfbridge.observability.Metric;
import dev.sfbridge.observability.Metrics;
import dev.sfbridge.retry.Retry;
import dev.sfbridge.retry.StartDeadline;
import dev.sfbridge.salesforce.RecordResult;
import dev.sfbridge.salesforce.RecordUpdate;
import dev.sfbridge.salesforce.SalesforceAuth;
import dev.sfbridge.salesforce.SalesforceClient;
import dev.sfbridge.salesforce.SalesforceException;
import dev.sfbridge.salesforce.WriteResult;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes the callbacks of one org in one invocation: as few API calls as possible (sObject Collections,
 * up to {@code recordsPerCall} records each), one after another so the org sees one caller at a time.
 *
 * <ul>
 *   <li>Each callback goes with its own credential: the callbacks are grouped by instance URL and session
 *       (the callbacks of one outbound message share them), and each group is written with its session. The
 *       callbacks without a session (ERP events), and those whose session cannot be used (refused already,
 *       not a header value, not of the org), form the org's OAuth group. A session is never used for another
 *       group's records, so a forged, foreign or expired one affects its own callbacks only. For the org the
 *       OAuth credentials log in to, the groups go together with the token when that takes fewer calls.</li>
 *   <li>A record Salesforce reports a row lock for ({@link dev.sfbridge.salesforce.SalesforceError#rowLocked()}:
 *       UNABLE_TO_LOCK_ROW, or a trigger's CANNOT_INSERT_UPDATE_ACTIVATE_ENTITY that says so) is sent again, alone with
 *       the other locked ones, after a jittered pause, up to {@code rowLocks.maxAttempts()} tries; then it goes back
 *       to the queue.</li>
 *   <li>A record the org's stale-status rule refused ({@link StaleStatusRule}) holds a newer status: stale, done.</li>
 *   <li>A record whose failure Salesforce clears by itself ({@link RecordResult#transientFailure()}: its own
 *       REQUEST_LIMIT_EXCEEDED or UNKNOWN_EXCEPTION, or {@code success: false} without an error) goes back to the queue.</li>
 *   <li>Any other error of a record is permanent for it: dead-letter queue, with Salesforce's error.</li>
 *   <li>A write refused for the org's setup ({@link dev.sfbridge.salesforce.SalesforceError#configurationError()}:
 *       a field or object the org lacks, a field the user may not edit), for the call or a record, is counted
 *       ({@code SalesforceConfigurationErrors}) and goes back to the queue, fixed by a person, not by the record.</li>
 *   <li>A 400 that refuses a collection request as a whole for anything else (JSON_PARSER_ERROR) has each record sent
 *       alone, where a refusal is that record's own result: only the record at fault goes to the dead-letter queue.</li>
 *   <li>REQUEST_LIMIT_EXCEEDED is not retried here, and the instance that answered it is not called again in
 *       this invocation: its callbacks go back to the queue and come again after the visibility timeout.</li>
 *   <li>A 404 for the API path is a configuration fault: counted ({@code SalesforceConfigurationErrors}, alarmed)
 *       and the callbacks go back to the queue, never to the dead-letter queue.</li>
 *   <li>Timeouts, 5xx and any other answer that is not a result go back to the queue (the client retried the
 *       timeouts and 5xx first).</li>
 * </ul>
 * Once a group is written, its written records' platform events are published with the group's credential
 * ({@link OrderUpdateEvents}, best-effort: whatever becomes of them, the callbacks' outcomes stand).
 *
 * <p>No call is started after the invocation's {@link StartDeadline}, row-lock retries and the record-by-record
 * split included: what is not sent by then goes back to the queue ({@code RETRY_LATER}, reason {@code deadline},
 * logged and counted as {@code CallbacksNotStarted}), so a slow org times out no batch, and no callback written is
 * left without its platform event.
 */
final class OrgCallbackWriter {
    private static final Verdict LIMIT_REACHED_EARLIER = Verdict.retryLater("the org's API limit was reached earlier in this invocation");
    private static final Verdict NOT_STARTED = Verdict.retryLater("deadline: too little of the invocation was left to start the write");

    private final SalesforceClient salesforce;
    private final SalesforceAuth auth;
    private final int recordsPerCall;
    private final Retry rowLocks;
    private final OrderUpdateEvents events;
    private final JsonLog log;
    private final Metrics metrics;
    private final Clock clock;

    OrgCallbackWriter(SalesforceClient salesforce, SalesforceAuth auth, int recordsPerCall, Retry rowLocks, OrderUpdateEvents events,
                      JsonLog log, Metrics metrics, Clock clock) {
        this.salesforce = salesforce;
        this.auth = auth;
        this.recordsPerCall = recordsPerCall;
        this.rowLocks = rowLocks;
        this.events = events;
        this.log = log;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** Where a group's calls go and with what: a session and the instance it came with, or OAuth (both null). */
    private record Credential(InstanceUrl instance, SessionId session) {
        static final Credential OAUTH = new Credential(null, null);

        /** The instance whose API limit its calls count against, as far as is known before calling. */
        String limitKey() {
            return instance == null ? "oauth" : instance.toString();
        }

        /** The instance URL a session goes to, as {@link SalesforceAuth#call} takes it; null for OAuth. */
        String instanceUrl() {
            return instance == null ? null : instance.toString();
        }
    }

    /**
     * @param callbacks of one org, one per record
     * @param deadline  after which no call is started: the callbacks not sent by then go back to the queue
     */
    Map<QueuedCallback, Verdict> write(String organizationId, List<QueuedCallback> callbacks, StartDeadline deadline) {
        Map<QueuedCallback, Verdict> verdicts = new LinkedHashMap<>();
        Set<String> limitReached = new HashSet<>();
        byCredential(organizationId, callbacks).forEach((credential, group) -> {
            if (limitReached.contains(credential.limitKey())) {
                group.forEach(c -> verdicts.put(c, LIMIT_REACHED_EARLIER));
            } else if (writeInCalls(organizationId, credential, group, recordsPerCall, deadline, verdicts)) {
                limitReached.add(credential.limitKey());
            }
            events.publish(organizationId, credential.session(), credential.instanceUrl(),
                    group.stream().filter(c -> verdicts.get(c).outcome() == CallbackOutcome.WRITTEN).toList());
        });
        return verdicts;
    }

    private Map<Credential, List<QueuedCallback>> byCredential(String organizationId, List<QueuedCallback> callbacks) {
        Map<Credential, List<QueuedCallback>> groups = new LinkedHashMap<>();
        for (QueuedCallback callback : callbacks) {
            CallbackRequest request = callback.request();
            Credential credential = auth.usable(organizationId, request.sessionId(), request.instanceUrl())
                    ? new Credential(InstanceUrl.fromQueue(request.instanceUrl()), request.sessionId()) : Credential.OAUTH;
            groups.computeIfAbsent(credential, c -> new ArrayList<>()).add(callback);
        }
        // The org's own OAuth token can carry every group's records: when that takes fewer calls than a call
        // per group, it does, and no session is used at all (a batch mixing many outbound messages' callbacks)
        if (groups.size() > 1 && auth.hasOAuthFor(organizationId) && calls(callbacks.size()) < groups.values().stream()
                .mapToInt(group -> calls(group.size())).sum()) {
            return Map.of(Credential.OAUTH, callbacks);
        }
        return groups;
    }

    private int calls(int records) {
        return (records + recordsPerCall - 1) / recordsPerCall;
    }

    /**
     * Writes {@code callbacks} in calls of up to {@code perCall} records; once the API limit is reached, the rest go
     * back to the queue unsent. True when it was reached.
     */
    private boolean writeInCalls(String organizationId, Credential credential, List<QueuedCallback> callbacks, int perCall,
                                 StartDeadline deadline, Map<QueuedCallback, Verdict> verdicts) {
        boolean limitReached = false;
        for (int from = 0; from < callbacks.size(); from += perCall) {
            List<QueuedCallback> chunk = callbacks.subList(from, Math.min(from + perCall, callbacks.size()));
            if (limitReached) {
                chunk.forEach(c -> verdicts.put(c, LIMIT_REACHED_EARLIER));
            } else {
                limitReached = writeChunk(organizationId, credential, chunk, deadline, verdicts);
            }
        }
        return limitReached;
    }

    /** Puts a verdict for every callback of {@code chunk}; true when the API limit is reached. */
    private boolean writeChunk(String organizationId, Credential credential, List<QueuedCallback> chunk,
                               StartDeadline deadline, Map<QueuedCallback, Verdict> verdicts) {
        List<QueuedCallback> toSend = chunk;
        for (int attempt = 1; !toSend.isEmpty(); attempt++) {
            if (attempt > 1 && !pause(attempt)) {
                toSend.forEach(c -> verdicts.put(c, Verdict.retryLater("interrupted before sending row-locked records again")));
                return false;
            }
            List<QueuedCallback> sending = toSend;
            if (deadline.passed()) {
                notStarted(organizationId, sending, verdicts);
                return false;
            }
            List<RecordResult> results;
            try {
                results = send(organizationId, credential, sending);
            } catch (SalesforceException e) {
                if (e.kind() == SalesforceException.Kind.PERMANENT && sending.size() > 1) {
                    // the request was refused as a whole for something in it: one record's value must not cost the
                    // others their writes, so each goes alone, where a refusal is that record's own result
                    return writeInCalls(organizationId, credential, sending, 1, deadline, verdicts);
                }
                if (e.kind() == SalesforceException.Kind.CONFIGURATION) {
                    metrics.count(Metric.SALESFORCE_CONFIGURATION_ERRORS);
                }
                Verdict verdict = switch (e.kind()) {
                    case PERMANENT -> Verdict.deadLetter(e.getMessage());
                    case LIMIT_EXCEEDED, SESSION_INVALID, RETRYABLE, CONFIGURATION -> Verdict.retryLater(e.getMessage());
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
                } else if (result.configurationFailure()) {
                    // a field the user may not edit fails every record alike until a person grants it
                    metrics.count(Metric.SALESFORCE_CONFIGURATION_ERRORS);
                    verdicts.put(sending.get(i), Verdict.retryLater("the org's setup refuses the update: " + result.describeErrors()));
                } else if (result.transientFailure()) {
                    verdicts.put(sending.get(i), Verdict.retryLater("Salesforce failed the update for now: " + result.describeErrors()));
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
    private List<RecordResult> send(String organizationId, Credential credential, List<QueuedCallback> callbacks)
            throws SalesforceException {
        List<RecordUpdate> updates = callbacks.stream().map(QueuedCallback::update).toList();
        LoggedWrite write = new LoggedWrite(organizationId, clock);
        write.put("records", updates.size());
        try {
            WriteResult written = write.call(auth, credential.session(), credential.instanceUrl(), token ->
                    updates.size() == 1 ? salesforce.updateRecord(token, updates.getFirst()) : salesforce.updateRecords(token, updates));
            write.put("failedRecords", written.records().stream().filter(r -> !r.success()).count());
            log.info("salesforce call", write.ended());
            return written.records();
        } catch (SalesforceException e) {
            log.error("salesforce call", write.ended());
            throw e;
        }
    }

    /**
     * Too little of the invocation is left to start a call and see it through (its publish and the batch's settlement
     * included) before the function's timeout, which would fail the whole batch: back to the queue, unsent.
     */
    private void notStarted(String organizationId, List<QueuedCallback> callbacks, Map<QueuedCallback, Verdict> verdicts) {
        callbacks.forEach(c -> verdicts.put(c, NOT_STARTED));
        metrics.count(Metric.CALLBACKS_NOT_STARTED, callbacks.size());
        log.error("callbacks not written", Map.of(JsonLog.ORGANIZATION_ID, organizationId, "records", callbacks.size(), "reason", "deadline"));
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
