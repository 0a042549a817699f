package dev.sfbridge.callback;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent.SQSMessage;
import dev.sfbridge.callback.FieldMapping.UnmappableCallback;
import dev.sfbridge.idempotency.ChangeGuard;
import dev.sfbridge.idempotency.ChangeGuard.Admission;
import dev.sfbridge.model.CallbackRequest;
import dev.sfbridge.model.QueueJson;
import dev.sfbridge.model.SalesforceIds;
import dev.sfbridge.observability.JsonLog;
import dev.sfbridge.observability.Metric;
import dev.sfbridge.observability.Metrics;
import dev.sfbridge.queue.DeadLetterQueue;
import dev.sfbridge.retry.StartDeadline;
import dev.sfbridge.salesforce.SalesforceDateTime;
import dev.sfbridge.sqs.Disposition;
import dev.sfbridge.sqs.FanOut;
import dev.sfbridge.sqs.FanOut.Attempt;
import dev.sfbridge.sqs.RedeliveryBackoff;
import dev.sfbridge.sqs.SqsBatchConsumer;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * One batch of callbacks from the callbacks queue onto Salesforce records:
 * <ol>
 *   <li>read each message; one that is not a callback of a known {@code schemaVersion}, or cannot be mapped
 *       to the configured object, goes to the dead-letter queue;</li>
 *   <li>keep the newest status of each record in the batch ({@code statusChangedAt}); the older ones are stale;
 *       a callback without a status (the order number alone) takes no part in the ordering;</li>
 *   <li>admit it with the {@code status} {@link ChangeGuard}, with its status and order number's digest: a status older
 *       than one already admitted for the record is stale and never written, so a late message cannot overwrite a newer
 *       status; another status at the time of one admitted (in the batch or before) is dead-lettered, as which of the
 *       two is newer cannot be told;</li>
 *   <li>write the admitted callbacks of each org together ({@link OrgCallbackWriter}), orgs concurrently;</li>
 *   <li>send the permanent failures to the dead-letter queue with their reason, and answer with the items
 *       to retry ({@code ReportBatchItemFailures}, through the {@link SqsBatchConsumer}).</li>
 * </ol>
 */
public final class SalesforceCallbacks {
    private final ChangeGuard statusGuard;
    private final FieldMapping mapping;
    private final OrgCallbackWriter writer;
    private final DeadLetterQueue deadLetters;
    private final JsonLog log;
    private final Metrics metrics;
    private final SqsBatchConsumer consumer;
    private final Clock clock;

    /** @param metrics shared with the writer, the token endpoint and the dead-letter queue: flushed once per batch */
    /** @param sqs for hiding the callbacks to retry for their backoff ({@link SqsBatchConsumer}) */
    SalesforceCallbacks(ChangeGuard statusGuard, FieldMapping mapping, OrgCallbackWriter writer,
                        DeadLetterQueue deadLetters, JsonLog log, Metrics metrics, SqsClient sqs, Clock clock) {
        this.statusGuard = statusGuard;
        this.mapping = mapping;
        this.writer = writer;
        this.deadLetters = deadLetters;
        this.log = log;
        this.metrics = metrics;
        this.consumer = new SqsBatchConsumer(log, metrics, sqs, RedeliveryBackoff.standard());
        this.clock = clock;
    }

    /** Without a deadline: callers outside a Lambda invocation. */
    public SQSBatchResponse process(List<SQSMessage> messages) {
        return process(messages, StartDeadline.NONE);
    }

    /** @param deadline after which no Salesforce call is started: the callbacks not sent by then go back to the queue */
    public SQSBatchResponse process(List<SQSMessage> messages, StartDeadline deadline) {
        return consumer.settleTogether(messages, batch -> settleAll(batch, deadline));
    }

    private Map<String, Disposition> settleAll(List<SQSMessage> messages, StartDeadline deadline) {
        Map<String, Verdict> verdicts = new LinkedHashMap<>();
        Map<String, CallbackRequest> requests = new LinkedHashMap<>();
        List<QueuedCallback> readable = new ArrayList<>();
        for (SQSMessage message : messages) {
            try {
                QueuedCallback callback = read(message);
                requests.put(message.getMessageId(), callback.request());
                readable.add(callback);
            } catch (UnreadableCallback e) {
                verdicts.put(message.getMessageId(), Verdict.deadLetter(e.getMessage()));
            }
        }
        List<QueuedCallback> newest = newestPerRecord(readable, verdicts);
        List<QueuedCallback> admitted = admit(newest, verdicts);
        forEachOrg(admitted, deadline).forEach((callback, verdict) -> verdicts.put(callback.messageId(), verdict));

        Map<String, Disposition> dispositions = new LinkedHashMap<>();
        for (SQSMessage message : messages) {
            Verdict verdict = settle(message, verdicts.get(message.getMessageId()));
            logOutcome(message.getMessageId(), requests.get(message.getMessageId()), verdict);
            switch (verdict.outcome()) {
                case WRITTEN -> metrics.count(Metric.CALLBACKS_APPLIED);
                case STALE -> metrics.count(Metric.STALE_CHANGES_SKIPPED);
                case RETRY_LATER, DEAD_LETTERED -> { } // a dead letter is counted by the queue, once it took the message
            }
            // a message ID twice in the batch: the retry of either copy wins
            dispositions.merge(message.getMessageId(), verdict.outcome().disposition(),
                    (one, other) -> one instanceof Disposition.Retry ? one : other);
        }
        return dispositions;
    }

    private QueuedCallback read(SQSMessage message) throws UnreadableCallback {
        CallbackRequest request;
        try {
            request = QueueJson.read(message.getBody(), CallbackRequest.class);
        } catch (UncheckedIOException | IllegalArgumentException | NullPointerException e) {
            throw new UnreadableCallback("not a callback message of schemaVersion " + CallbackRequest.SCHEMA_VERSION);
        }
        if (request.schemaVersion() != CallbackRequest.SCHEMA_VERSION) {
            throw new UnreadableCallback("unknown schemaVersion " + request.schemaVersion());
        }
        if (!SalesforceIds.isValid(request.organizationId())) {
            throw new UnreadableCallback("organizationId is not a Salesforce org ID");
        }
        if (!CallbackRequest.writableTime(request.statusChangedAt())) {
            // beyond them its epoch milliseconds overflow: it would fail every callback of the batch, not itself
            throw new UnreadableCallback("statusChangedAt must be in " + CallbackRequest.WRITABLE_YEARS);
        }
        try {
            return new QueuedCallback(message.getMessageId(), message.getBody(), request, mapping.toUpdate(request));
        } catch (UnmappableCallback e) {
            throw new UnreadableCallback(e.getMessage());
        }
    }

    /**
     * One callback per record: the newest status; the first of equals (the same status delivered twice; another status
     * at the same time is dead-lettered, {@link #sameTimeOtherStatus}). A callback
     * without a status takes no part in that: it writes the order number alone, so it neither makes a status stale
     * nor goes through the status guard. It is written when no status of its record is in the batch (the newest of
     * such callbacks); beside one, whose write carries an order number too, it is done when the numbers are equal
     * and comes again after it when they differ.
     */
    private static List<QueuedCallback> newestPerRecord(List<QueuedCallback> callbacks, Map<String, Verdict> verdicts) {
        Map<String, QueuedCallback> newest = new LinkedHashMap<>();
        Map<String, QueuedCallback> numbersOnly = new LinkedHashMap<>();
        for (QueuedCallback callback : callbacks) {
            keepNewest(callback.request().orderStatus() == null ? numbersOnly : newest, callback, verdicts);
        }
        List<QueuedCallback> kept = new ArrayList<>(newest.values());
        numbersOnly.forEach((record, numberOnly) -> {
            QueuedCallback status = newest.get(record);
            if (status == null) {
                kept.add(numberOnly);
            } else if (status.request().orderNumber().equals(numberOnly.request().orderNumber())) {
                verdicts.put(numberOnly.messageId(), Verdict.stale("the record's status in the same batch writes the same order number"));
            } else {
                verdicts.put(numberOnly.messageId(), Verdict.retryLater("the record's status in the same batch is written first"));
            }
        });
        return kept;
    }

    private static void keepNewest(Map<String, QueuedCallback> newest, QueuedCallback callback, Map<String, Verdict> verdicts) {
        String record = recordKey(callback);
        QueuedCallback kept = newest.get(record);
        if (kept == null || callback.request().statusChangedAt().isAfter(kept.request().statusChangedAt())) {
            newest.put(record, callback);
            if (kept != null) {
                verdicts.put(kept.messageId(), Verdict.stale("a newer status of the record is in the same batch"));
            }
        } else if (callback.request().statusChangedAt().equals(kept.request().statusChangedAt())
                && !callback.statusDigest().equals(kept.statusDigest())) {
            verdicts.put(callback.messageId(), sameTimeOtherStatus(callback));
        } else {
            verdicts.put(callback.messageId(), Verdict.stale("a newer or equal status of the record is in the same batch"));
        }
    }

    /**
     * Another status (or order number) of a record at the time of one admitted before it: the times cannot tell which
     * is newer, and the org's rule lets an equal time pass, so writing it would have the one landing last win. The one
     * that came first stands; this one goes where a person sees it (docs/callbacks.md, "Two statuses at one time").
     */
    private static Verdict sameTimeOtherStatus(QueuedCallback callback) {
        return Verdict.deadLetter("two statuses of one order at one time (" + SalesforceDateTime.format(callback.request().statusChangedAt())
                + "): which is newer cannot be told; the record keeps the one that came first. If this one is newer, set it on the record "
                + "by hand or have the ERP send it again with a later changedAt");
    }

    private static String recordKey(QueuedCallback callback) {
        return SalesforceIds.to18(callback.request().organizationId()) + "#" + callback.update().id();
    }

    /**
     * The guard's conditional writes, concurrently: each waits on DynamoDB, not on the CPU. A callback without a
     * status is admitted as it is: the guard orders statuses, and it writes none.
     */
    private List<QueuedCallback> admit(List<QueuedCallback> all, Map<String, Verdict> verdicts) {
        List<QueuedCallback> admitted = new ArrayList<>(all.stream().filter(c -> c.request().orderStatus() == null).toList());
        List<QueuedCallback> callbacks = all.stream().filter(c -> c.request().orderStatus() != null).toList();
        List<Attempt<Admission>> admissions = FanOut.apply(callbacks, c -> statusGuard.admit(SalesforceIds.to18(c.request().organizationId()),
                c.update().id(), c.request().statusChangedAt(), c.statusDigest(), clock.instant()));
        for (int i = 0; i < callbacks.size(); i++) {
            QueuedCallback callback = callbacks.get(i);
            switch (admissions.get(i)) {
                case Attempt.Succeeded<Admission> admission -> {
                    switch (admission.value()) {
                        case ADMITTED -> admitted.add(callback);
                        case STALE -> verdicts.put(callback.messageId(), Verdict.stale("a newer status was written to the record already"));
                        case SAME_TIME_OTHER_DATA -> verdicts.put(callback.messageId(), sameTimeOtherStatus(callback));
                    }
                }
                case Attempt.Failed<Admission> failed -> verdicts.put(callback.messageId(),
                        Verdict.retryLater("the status guard failed: " + failed.error().getClass().getSimpleName()));
            }
        }
        return admitted;
    }

    private Map<QueuedCallback, Verdict> forEachOrg(List<QueuedCallback> callbacks, StartDeadline deadline) {
        Map<String, List<QueuedCallback>> byOrg = callbacks.stream().collect(Collectors.groupingBy(
                c -> SalesforceIds.to18(c.request().organizationId()), LinkedHashMap::new, Collectors.toList()));
        List<String> orgs = List.copyOf(byOrg.keySet());
        List<Attempt<Map<QueuedCallback, Verdict>>> writes = FanOut.apply(orgs, org -> writer.write(org, byOrg.get(org), deadline));
        Map<QueuedCallback, Verdict> verdicts = new LinkedHashMap<>();
        for (int i = 0; i < orgs.size(); i++) {
            switch (writes.get(i)) {
                case Attempt.Succeeded<Map<QueuedCallback, Verdict>> written -> verdicts.putAll(written.value());
                case Attempt.Failed<Map<QueuedCallback, Verdict>> failed -> byOrg.get(orgs.get(i)).forEach(c ->
                        verdicts.put(c, Verdict.retryLater("unexpected " + failed.error().getClass().getSimpleName())));
            }
        }
        return verdicts;
    }

    /** A dead letter is settled once it is on the dead-letter queue; if it cannot be put there, it comes back. */
    private Verdict settle(SQSMessage message, Verdict verdict) {
        if (verdict.outcome() != CallbackOutcome.DEAD_LETTERED) {
            return verdict;
        }
        try {
            deadLetters.send(message.getBody(), verdict.reason(), message.getMessageId());
            return verdict;
        } catch (SdkException e) {
            return Verdict.retryLater("the dead-letter queue refused it (" + e.getClass().getSimpleName() + ") after: " + verdict.reason());
        }
    }

    private void logOutcome(String messageId, CallbackRequest request, Verdict verdict) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put(JsonLog.MESSAGE_ID, messageId);
        if (request != null) {
            fields.put(JsonLog.NOTIFICATION_ID, request.notificationId());
            fields.put(JsonLog.ORGANIZATION_ID, request.organizationId());
            fields.put(JsonLog.RECORD_ID, request.recordId());
            fields.put(JsonLog.ORDER_NUMBER, request.orderNumber());
            fields.put("orderStatus", request.orderStatus());
            fields.put("statusChangedAt", request.statusChangedAt().toString());
            fields.put("source", request.sessionId() == null ? "erp_event" : "outbound_message");
        }
        fields.put("outcome", verdict.outcome().name());
        if (verdict.reason() != null) {
            fields.put("reason", verdict.reason());
        }
        if (verdict.outcome() == CallbackOutcome.RETRY_LATER || verdict.outcome() == CallbackOutcome.DEAD_LETTERED) {
            log.error("callback", fields);
        } else {
            log.info("callback", fields);
        }
    }

    /** The message is not a callback this function can write; sending it again will not change that. */
    private static final class UnreadableCallback extends Exception {
        UnreadableCallback(String message) {
            super(message);
        }
    }
}
