package dev.sfbridge.worker;

import dev.sfbridge.aws.AwsClients;
import dev.sfbridge.erp.ErpClient;
import dev.sfbridge.erp.ErpException;
import dev.sfbridge.erp.HttpErpClient;
import dev.sfbridge.idempotency.IdempotencyStore;
import dev.sfbridge.idempotency.IdempotencyStore.Claim;
import dev.sfbridge.idempotency.IdempotencyStore.LeaseLost;
import dev.sfbridge.idempotency.ChangeGuard;
import dev.sfbridge.idempotency.ChangeGuard.Admission;
import dev.sfbridge.model.CallbackRequest;
import dev.sfbridge.model.Notification;
import dev.sfbridge.model.OrderRequest;
import dev.sfbridge.model.OrderResult;
import dev.sfbridge.model.QueueJson;
import dev.sfbridge.observability.JsonLog;
import dev.sfbridge.observability.Metric;
import dev.sfbridge.observability.Metrics;
import dev.sfbridge.queue.BatchEnqueuer;
import dev.sfbridge.queue.DeadLetterQueue;
import dev.sfbridge.queue.MessageCharacters;
import dev.sfbridge.queue.EnqueueFailed;
import dev.sfbridge.retry.StartDeadline;
import dev.sfbridge.salesforce.SalesforceException;
import dev.sfbridge.sqs.Disposition;
import dev.sfbridge.worker.OrderMapping.UnmappableNotification;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * One notification to one ERP order, in an order of steps that survives a crash between any two:
 * claim the notification and its change → admit the change for its record → upsert the ERP order → queue the
 * callback → complete. A crash leaves the claim in progress until its lease runs out; the redelivery
 * then takes it over and repeats the upsert, which the ERP answers with the same order. The guard orders
 * admissions only; the ERP orders the writes themselves (it refuses a change older than the one it holds).
 */
public final class NotificationProcessor {
    /** The log field with the ERP's {@code Retry-After}, in seconds, that was longer than its client waits. */
    private static final String ERP_RETRY_AFTER = "erpRetryAfterSeconds";
    /** The longest ERP attempt: {@link HttpErpClient.Settings#defaults()}'s connect and request timeouts. */
    static final Duration ERP_ATTEMPT = HttpErpClient.Settings.defaults().connectTimeout()
            .plus(HttpErpClient.Settings.defaults().requestTimeout());
    /** Kept of the invocation, once the callback is queued or given up, for the claim's completion or release: one DynamoDB call. */
    static final Duration COMPLETION = AwsClients.API_CALL_TIMEOUT;
    /**
     * What follows the last start ({@link StartDeadline#lastStart()}) of an ERP attempt: the attempt, the callback's
     * enqueue (one SQS attempt at least, {@link BatchEnqueuer#SHORTEST_ATTEMPT}) and the claim's completion.
     */
    static final Duration AFTER_LAST_START = ERP_ATTEMPT.plus(BatchEnqueuer.SHORTEST_ATTEMPT).plus(COMPLETION);
    /** What DynamoDB and SQS answer a request that is invalid as it is made: a key over its size limit, say. */
    private static final String VALIDATION_EXCEPTION = "ValidationException";
    /** Of AWS's error message, the code points kept in a dead-letter reason: as much as of an ERP's ({@code ErpAnswer}). */
    private static final int AWS_MESSAGE_KEPT = 300;

    private final IdempotencyStore store;
    private final ChangeGuard guard;
    private final OrderMapping mapping;
    private final ErpClient erp;
    private final BatchEnqueuer callbacks;
    private final String callbacksQueueUrl;
    private final DeadLetterQueue deadLetters;
    private final JsonLog log;
    private final Metrics metrics;
    private final Clock clock;
    private final RecordReader reader;

    /** Reads a notification's record from Salesforce now ({@link RecordFetcher#read}). */
    @FunctionalInterface
    interface RecordReader {
        /** Null when none can be read: the change is then admitted at an equal time whatever its data. */
        Fetched read(Notification notification, StartDeadline deadline);
    }

    /** A processor that reads no record: two changes in one second are told apart by their arrival only. */
    public NotificationProcessor(IdempotencyStore store, ChangeGuard guard, OrderMapping mapping, ErpClient erp,
                                 BatchEnqueuer callbacks, String callbacksQueueUrl, DeadLetterQueue deadLetters,
                                 JsonLog log, Metrics metrics, Clock clock) {
        this(store, guard, mapping, erp, callbacks, callbacksQueueUrl, deadLetters, log, metrics, clock, (n, d) -> null);
    }

    NotificationProcessor(IdempotencyStore store, ChangeGuard guard, OrderMapping mapping, ErpClient erp,
                          BatchEnqueuer callbacks, String callbacksQueueUrl, DeadLetterQueue deadLetters,
                          JsonLog log, Metrics metrics, Clock clock, RecordReader reader) {
        this.store = store;
        this.guard = guard;
        this.mapping = mapping;
        this.erp = erp;
        this.callbacks = callbacks;
        this.callbacksQueueUrl = callbacksQueueUrl;
        this.deadLetters = deadLetters;
        this.log = log;
        this.metrics = metrics;
        this.clock = clock;
        this.reader = reader;
    }

    /**
     * What became of a notification, and when the ERP asked for more time than its client waits, how long that is:
     * its redelivery comes no sooner.
     */
    record Processed(NotificationOutcome outcome, Duration retryAfter) {
        Disposition disposition() {
            return outcome == NotificationOutcome.RETRY_LATER && retryAfter != null
                    ? new Disposition.RetryAfter(retryAfter) : outcome.disposition();
        }
    }

    /**
     * @param fetched  the record as read from Salesforce for this batch ({@link RecordFetcher}), or null when the
     *                 notification's own fields make the order
     * @param lease    how long a claim keeps others out: longer than this invocation can run
     * @param deadline after which no claim, ERP call or ERP retry is started: the notification goes back to the queue
     */
    Processed process(String messageId, String body, Fetched fetched, Duration lease, StartDeadline deadline) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put(JsonLog.MESSAGE_ID, messageId);
        NotificationOutcome outcome;
        try {
            outcome = apply(messageId, body, fetched, lease, deadline, fields);
        } catch (SdkException e) {
            fields.put("error", e.getClass().getSimpleName());
            if (e instanceof AwsServiceException service && service.awsErrorDetails() != null
                    && VALIDATION_EXCEPTION.equals(service.awsErrorDetails().errorCode())) {
                // made from this message's own values (a hand-made notification ID over DynamoDB's key size, say): every
                // redelivery makes it again, and would loop for days into the dead-letter queue without a reason. AWS's own
                // words tell one bad message from a fault of the stack's setup that refuses every one
                outcome = deadLetter(body, messageId, "AWS refused a request made for this notification as invalid ("
                        + service.awsErrorDetails().serviceName() + " " + VALIDATION_EXCEPTION + ": "
                        + MessageCharacters.shortened(Objects.toString(service.awsErrorDetails().errorMessage(), ""), AWS_MESSAGE_KEPT)
                        + "): it fails the same way every time", fields);
            } else {
                // throttling, 5xx, timeouts, and faults of the stack's setup (access, a missing table): later
                fields.put("reason", "aws_error");
                outcome = NotificationOutcome.RETRY_LATER;
            }
        }
        fields.put("outcome", outcome.name());
        if (outcome == NotificationOutcome.RETRY_LATER) {
            log.error("notification", fields);
        } else {
            log.info("notification", fields);
        }
        return new Processed(outcome, fields.get(ERP_RETRY_AFTER) instanceof Long seconds ? Duration.ofSeconds(seconds) : null);
    }

    private NotificationOutcome apply(String messageId, String body, Fetched fetched, Duration lease, StartDeadline deadline,
                                      Map<String, Object> fields) {
        Notification notification;
        OrderRequest order;
        try {
            notification = QueueJson.read(body, Notification.class);
            if (notification.schemaVersion() != Notification.SCHEMA_VERSION) {
                return deadLetter(body, messageId, "unknown schemaVersion " + notification.schemaVersion(), fields);
            }
            fields.put(JsonLog.NOTIFICATION_ID, notification.notificationId());
            fields.put(JsonLog.ORGANIZATION_ID, notification.organizationId());
            fields.put(JsonLog.RECORD_ID, notification.recordId());
            switch (fetched) {
                case null -> order = mapping.toOrder(notification);
                case Fetched.Current current -> order = mapping.toOrder(notification, current);
                case Fetched.Gone gone -> {
                    return gone(gone.reason(), fields);
                }
                case Fetched.Failed failed -> {
                    return notRead(failed.error(), body, messageId, fields);
                }
            }
        } catch (UncheckedIOException | IllegalArgumentException | NullPointerException unreadable) {
            return deadLetter(body, messageId, "not a notification message of schemaVersion " + Notification.SCHEMA_VERSION, fields);
        } catch (UnmappableNotification e) {
            return deadLetter(body, messageId, e.getMessage(), fields);
        }

        if (deadline.passed()) {
            return notStarted(fields);
        }
        Instant now = clock.instant();
        Claim claim = store.claim(claimKey(notification, order), now, lease);
        return switch (claim) {
            case Claim.AlreadyCompleted done -> {
                metrics.count(Metric.DUPLICATES_SUPPRESSED);
                yield NotificationOutcome.DUPLICATE;
            }
            case Claim.HeldElsewhere held -> {
                fields.put("reason", "held_elsewhere");
                yield NotificationOutcome.RETRY_LATER;
            }
            case Claim.Acquired acquired -> {
                fields.put("takenOver", acquired.takenOver());
                yield applyClaimed(acquired.lease(), notification, order, body, messageId, deadline, fields);
            }
        };
    }

    private NotificationOutcome applyClaimed(IdempotencyStore.Lease lease, Notification notification, OrderRequest order,
                                             String body, String messageId, StartDeadline deadline, Map<String, Object> fields) {
        try {
            // the data's digest, made once for each order sent: the guard is asked with it before and after the write
            String digest = order.sourceModifiedAt() == null ? null : OrderDigest.of(order);
            if (order.sourceModifiedAt() != null) {
                Admission admission = guard.admit(notification.organizationId(), notification.recordId(),
                        order.sourceModifiedAt(), digest, clock.instant());
                if (admission == Admission.SAME_TIME_OTHER_DATA) {
                    // another change of the record in the same second (SystemModstamp has whole seconds) was admitted:
                    // which of the two is newer only the record says now, so what it holds is sent
                    fields.put("sameSecondChange", true);
                    ReadNow read = readNow(lease, notification, body, messageId, deadline, fields);
                    if (read.ended() != null) {
                        return read.ended();
                    }
                    if (read.order() != null) {
                        order = read.order();
                        digest = OrderDigest.of(order);
                    }
                    admission = guard.admitRead(notification.organizationId(), notification.recordId(), order.sourceModifiedAt(),
                            digest, clock.instant()) ? Admission.ADMITTED : Admission.STALE;
                }
                if (admission == Admission.STALE) {
                    return stale(lease, "newer_change_admitted", fields);
                }
            }
            if (deadline.passed()) {
                store.release(lease);
                return notStarted(fields);
            }
            // the answer's status is the ERP's at some moment of the call: stamped no earlier than its start (callbackFor),
            // a status change the ERP makes after the answered request was sent, sent as its own event, is never taken
            // for older than this answer
            Instant asked = clock.instant();
            OrderResult result = erp.upsertOrder(order, deadline);
            while (result.write() != OrderResult.Write.REFUSED_AS_STALE && order.sourceModifiedAt() != null
                    && guard.otherDataAdmittedAt(notification.organizationId(), notification.recordId(), order.sourceModifiedAt(),
                    digest)) {
                // another change of the same second was admitted while this one was written, and the ERP applies an
                // equal time as a repeat: this write may have landed after that one's. What the record holds now is
                // written again, so the last write at this time is a read made after both were admitted
                fields.put("sameSecondChange", true);
                ReadNow read = readNow(lease, notification, body, messageId, deadline, fields);
                if (read.ended() != null) {
                    return read.ended();
                }
                String readDigest = read.order() == null ? null : OrderDigest.of(read.order());
                if (read.order() == null || !guard.admitRead(notification.organizationId(), notification.recordId(),
                        read.order().sourceModifiedAt(), readDigest, clock.instant())) {
                    // none can be read (told apart by arrival, as before), or a newer change is admitted: its own write,
                    // which the ERP takes over this one, settles the order
                    break;
                }
                if (deadline.passed()) {
                    store.release(lease);
                    return notStarted(fields);
                }
                order = read.order();
                digest = readDigest;
                fields.put("sameSecondRewrite", true);
                asked = clock.instant();
                result = erp.upsertOrder(order, deadline);
            }
            fields.put(JsonLog.ORDER_NUMBER, result.orderNumber());
            if (result.write() == OrderResult.Write.REFUSED_AS_STALE) {
                // admitted, but a newer change of the record reached the ERP first (a slower or retried write of
                // this one): the ERP kept the newer one, and a callback with this change's answer would be older too
                return stale(lease, "erp_holds_newer_change", fields);
            }
            fields.put("orderCreated", result.created());
            callbacks.enqueueAll(callbacksQueueUrl, List.of(new BatchEnqueuer.Entry("callback",
                    QueueJson.write(callbackFor(notification, result, asked, fields)))), callbackDeadline(deadline));
            store.complete(lease, QueueJson.write(result), clock.instant());
            metrics.count(result.created() ? Metric.ORDERS_CREATED : Metric.ORDERS_UPDATED);
            return NotificationOutcome.APPLIED;
        } catch (ErpException e) {
            store.release(lease);
            fields.put("erpStatus", e.status());
            metrics.count(Metric.ERP_ERRORS, e.kind().name());
            if (e.status() == 401) {
                metrics.count(Metric.ERP_CREDENTIALS_REFUSED);
            }
            if (e.kind() == ErpException.Kind.PERMANENT) {
                // a 2xx the client could not pass on wrote the order: its reason says so, and a replay finds the order
                String prefix = e.status() / 100 == 2 ? "ERP's answer cannot be passed on: " : "ERP refused the order: ";
                return deadLetter(body, messageId, prefix + e.getMessage(), fields);
            }
            fields.put("reason", "erp_unavailable");
            e.retryAfter().ifPresent(wait -> fields.put(ERP_RETRY_AFTER, wait.toSeconds()));
            return NotificationOutcome.RETRY_LATER;
        } catch (EnqueueFailed e) {
            store.release(lease);
            if (e.permanent()) {
                // SQS refused the callback itself: every redelivery would upsert again and fail the same way until
                // maxReceiveCount moved it without a word. The ERP holds the order; a replay upserts the same one
                return deadLetter(body, messageId, "the ERP order of record " + notification.recordId()
                        + " is written, but its callback cannot be queued: " + e.getMessage()
                        + "; a replay upserts the same order again and queues the callback", fields);
            }
            // not queued in the time left (the redelivery's upsert is a repeat), or SQS failed every attempt
            fields.put("reason", "callback_enqueue_failed");
            return NotificationOutcome.RETRY_LATER;
        } catch (UnmappableNotification e) {
            // the record as read cannot become an order (its state changed since the notification was mapped)
            store.release(lease);
            return deadLetter(body, messageId, e.getMessage(), fields);
        } catch (LeaseLost e) {
            // the lease ran out mid-way and another worker took over: it finishes, with the same order
            fields.put("reason", "lease_lost");
            return NotificationOutcome.RETRY_LATER;
        } catch (RuntimeException e) {
            // an AWS failure (logged above) or an unexpected one (logged by the batch consumer): either way the
            // claim is given up, so the redelivery after the visibility timeout claims it at once
            releaseAfter(lease, e);
            throw e;
        }
    }

    /**
     * When the callback must be in: {@link #COMPLETION} before the invocation ends, which is {@link #AFTER_LAST_START}
     * after the last start; null (the enqueuer's own bounds) for a deadline of none.
     */
    private static Instant callbackDeadline(StartDeadline deadline) {
        return deadline.lastStart().equals(Instant.MAX) ? null : deadline.lastStart().plus(AFTER_LAST_START).minus(COMPLETION);
    }

    /** The record as read now, mapped ({@code order} null when none can be read), or how the notification ended. */
    private record ReadNow(OrderRequest order, NotificationOutcome ended) {}

    /**
     * Reads the notification's record now, for a change of the same second as another. None read (no reader, or no
     * credential for the record's org) leaves the two told apart by their arrival; a record gone, or not read now, ends
     * the notification with its claim released.
     */
    private ReadNow readNow(IdempotencyStore.Lease lease, Notification notification, String body, String messageId,
                            StartDeadline deadline, Map<String, Object> fields) throws UnmappableNotification {
        return switch (reader.read(notification, deadline)) {
            case null -> new ReadNow(null, null);
            case Fetched.Failed never when never.error().kind() == SalesforceException.Kind.PERMANENT -> new ReadNow(null, null);
            case Fetched.Current current -> new ReadNow(mapping.toOrder(notification, current), null);
            case Fetched.Gone gone -> {
                store.release(lease);
                yield new ReadNow(null, gone(gone.reason(), fields));
            }
            case Fetched.Failed failed -> {
                store.release(lease);
                yield new ReadNow(null, notRead(failed.error(), body, messageId, fields));
            }
        };
    }

    /**
     * The notification and the change it carries: Salesforce sends an unacknowledged notification again with the same
     * ID but the record's latest data, so a resend after an edit is a new change to apply, and only a repeat of the
     * same change a duplicate. Without a change time (no SystemModstamp nor LastModifiedDate) the ID alone, as before.
     */
    private static String claimKey(Notification notification, OrderRequest order) {
        String key = "notification#" + notification.notificationId();
        return order.sourceModifiedAt() == null ? key : key + "#" + order.sourceModifiedAt();
    }

    /**
     * Too little of the invocation is left to start the next step and finish it before the function's timeout, which
     * would fail the whole batch: back to the queue, with no claim held, so its redelivery is not kept waiting.
     */
    private NotificationOutcome notStarted(Map<String, Object> fields) {
        fields.put("reason", "deadline");
        return NotificationOutcome.RETRY_LATER;
    }

    /** Deleted, or not visible to the integration user: no order can be made of it, now or on a redelivery. */
    private NotificationOutcome gone(Fetched.Reason reason, Map<String, Object> fields) {
        fields.put("reason", reason.value());
        metrics.count(Metric.RECORDS_GONE, reason.value());
        return NotificationOutcome.RECORD_GONE;
    }

    /**
     * The record could not be read: without a credential for its org, never (dead-letter queue); after a limit, a
     * 5xx, a timeout or a configuration fault, later (back to the queue, with the consumer's backoff).
     */
    private NotificationOutcome notRead(SalesforceException e, String body, String messageId, Map<String, Object> fields) {
        if (e.kind() == SalesforceException.Kind.PERMANENT) {
            return deadLetter(body, messageId, "the record could not be read from Salesforce: " + e.getMessage(), fields);
        }
        fields.put("reason", "salesforce_" + e.kind().name().toLowerCase(Locale.ROOT));
        fields.put("salesforceStatus", e.status());
        return NotificationOutcome.RETRY_LATER;
    }

    /** Older than a change already admitted or applied: done, nothing sent on. */
    private NotificationOutcome stale(IdempotencyStore.Lease lease, String reason, Map<String, Object> fields) throws LeaseLost {
        fields.put("reason", reason);
        store.complete(lease, "{\"stale\":true}", clock.instant());
        metrics.count(Metric.STALE_CHANGES_SKIPPED);
        return NotificationOutcome.STALE;
    }

    private void releaseAfter(IdempotencyStore.Lease lease, RuntimeException failure) {
        try {
            store.release(lease);
        } catch (RuntimeException releaseFailed) {
            failure.addSuppressed(releaseFailed);
        }
    }

    /**
     * The status's time, to the millisecond (a Salesforce DateTime takes no more, docs/callbacks.md, and the status
     * guard and the org's rule then order the same value the record holds): the ERP's own, when its answer says when
     * the order took the status, as its status events do; else when the request it answers was sent (where the
     * client does not say, when the ERP was asked: {@code asked}). The ERP's clock orders its answer and its events
     * alike. The answer's status is the ERP's at the moment of sending or later, so the event of a change made before
     * it, which the answer already holds, is older, and that of a change made after it is newer; only changes made
     * while the answered request was on its way can be both (docs/callbacks.md, "Order of statuses"). A time
     * further ahead of this clock than the events route takes ({@link CallbackRequest#MAX_ERP_CLOCK_AHEAD}) would
     * outrank every later status: the time of sending instead, and the log says so.
     */
    private CallbackRequest callbackFor(Notification notification, OrderResult result, Instant asked, Map<String, Object> fields) {
        Instant statusTime = result.answeredSentAt() != null && result.answeredSentAt().isAfter(asked) ? result.answeredSentAt() : asked;
        if (result.statusChangedAt() != null) {
            if (result.statusChangedAt().isAfter(clock.instant().plus(CallbackRequest.MAX_ERP_CLOCK_AHEAD))) {
                fields.put("erpStatusTimeAhead", result.statusChangedAt().toString());
            } else {
                statusTime = result.statusChangedAt();
            }
        }
        return new CallbackRequest(CallbackRequest.SCHEMA_VERSION, notification.notificationId(),
                notification.organizationId(), notification.objectType(), notification.recordId(),
                result.orderNumber(), result.status(), statusTime.truncatedTo(ChronoUnit.MILLIS),
                notification.instanceUrl() == null ? null : notification.instanceUrl().toString(),
                notification.sessionId());
    }

    private NotificationOutcome deadLetter(String body, String messageId, String reason, Map<String, Object> fields) {
        fields.put("reason", reason);
        deadLetters.send(body, reason, messageId);
        return NotificationOutcome.DEAD_LETTERED;
    }
}
