package dev.sfbridge.sqs;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent.SQSMessage;
import dev.sfbridge.observability.FailureSite;
import dev.sfbridge.observability.JsonLog;
import dev.sfbridge.observability.Metrics;
import dev.sfbridge.sqs.FanOut.Attempt;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Answers a batch from an SQS event source mapping with {@code ReportBatchItemFailures}: only the messages
 * to retry go back to the queue, the rest are deleted. The semantics are those of Powertools for AWS Lambda's
 * {@code BatchMessageHandler} (docs.powertools.aws.dev/lambda/java/latest/utilities/batch/):
 * <ul>
 *   <li>each message gets a {@link Disposition}; those to {@link Disposition.Retry retry} are the batch item
 *       failures, each message ID once, even when the batch holds the ID twice;</li>
 *   <li>each of those is first hidden for its backoff ({@link Redelivery}), so a peer that is down for hours
 *       sees each message a few times an hour, not every visibility timeout, and a long outage does not use up
 *       the queue's {@code maxReceiveCount};</li>
 *   <li>an unexpected exception is logged with the message ID, its class, its causes' classes and the first
 *       frame of our code ({@link FailureSite}; never its message nor the body: bodies carry session IDs), and
 *       fails only its message;</li>
 *   <li>an {@link Error} fails the whole invocation, as a crash would: every message comes back;</li>
 *   <li>the function's metrics are flushed once per batch, whatever happened.</li>
 * </ul>
 * Two shapes of work share that mapping: {@link #processEach} (each message on its own virtual thread, after a
 * step over the whole batch if there is one) and {@link #settleTogether} (the batch settled as a whole, which
 * answers per message).
 */
public final class SqsBatchConsumer {
    /** The log line's message for an unexpected exception. */
    static final String UNEXPECTED = "batch item failed unexpectedly";

    private final JsonLog log;
    private final Metrics metrics;
    private final Redelivery redelivery;

    /**
     * @param metrics the function's: flushed once per batch, when every message is settled
     * @param sqs     for {@code ChangeMessageVisibilityBatch} on the queue the messages came from
     */
    public SqsBatchConsumer(JsonLog log, Metrics metrics, SqsClient sqs, RedeliveryBackoff backoff) {
        this.log = log;
        this.metrics = metrics;
        this.redelivery = new Redelivery(sqs, backoff, log);
    }

    /** Each message handled on its own virtual thread, concurrently. */
    public SQSBatchResponse processEach(List<SQSMessage> messages, Function<SQSMessage, Disposition> handler) {
        return processEach(messages, batch -> null, (ignored, message) -> handler.apply(message));
    }

    /**
     * A step over the whole batch first ({@code prepare}: one query for the records of all its messages, say), then
     * each message handled on its own virtual thread with what it gave. When the step throws, every message is retried.
     */
    public <P> SQSBatchResponse processEach(List<SQSMessage> messages, Function<List<SQSMessage>, P> prepare,
                                            BiFunction<P, SQSMessage, Disposition> handler) {
        return processEachPart(messages, List::of, prepare, handler);
    }

    /**
     * Each message's body split into its parts first ({@code split}: the notifications of a pack, say), then the
     * step over all the parts and each part handled on its own virtual thread as a message of its own: the
     * message's attributes and receipt handle, its part as the body, and {@code messageId#n} (from 1) as its ID
     * when there are several. A message is done when every part of it is, and retried when any is (hidden for the
     * longest {@link Disposition.RetryAfter} of its parts): the parts done before are then met again, which their
     * handler must answer as repeats. When the step throws, every message is retried.
     */
    public <P> SQSBatchResponse processEachPart(List<SQSMessage> messages, Function<String, List<String>> split,
                                                Function<List<SQSMessage>, P> prepare,
                                                BiFunction<P, SQSMessage, Disposition> handler) {
        try {
            List<SQSMessage> parts = new ArrayList<>(messages.size());
            List<Integer> owners = new ArrayList<>(messages.size());
            List<List<Disposition>> byMessage = new ArrayList<>(messages.size());
            for (int i = 0; i < messages.size(); i++) {
                byMessage.add(new ArrayList<>(1));
                List<SQSMessage> own;
                try {
                    own = MessageParts.of(messages.get(i), split);
                } catch (RuntimeException e) {
                    // a split that fails is a bug, as a handler's exception is: logged, and only this message retried
                    logUnexpected(messages.get(i), FailureSite.fields(e));
                    byMessage.get(i).add(Disposition.RETRY);
                    continue;
                }
                parts.addAll(own);
                owners.addAll(Collections.nCopies(own.size(), i));
            }
            P prepared;
            try {
                prepared = prepare.apply(parts);
            } catch (RuntimeException e) {
                return retryAll(messages, e);
            }
            List<Attempt<Disposition>> attempts = FanOut.apply(parts, part -> handler.apply(prepared, part));
            for (int p = 0; p < parts.size(); p++) {
                byMessage.get(owners.get(p)).add(dispositionOf(parts.get(p), attempts.get(p)));
            }
            return respond(messages, byMessage.stream().map(Disposition::together).toList());
        } finally {
            metrics.flush();
        }
    }

    /**
     * The batch handled as a whole (grouped, say, and each group written concurrently), answering with a
     * disposition per message ID. A message it gives no answer for, or every message when it throws, is retried.
     */
    public SQSBatchResponse settleTogether(List<SQSMessage> messages, Function<List<SQSMessage>, Map<String, Disposition>> settle) {
        try {
            Map<String, Disposition> byId;
            try {
                byId = settle.apply(messages);
            } catch (RuntimeException e) {
                return retryAll(messages, e);
            }
            return respond(messages, messages.stream().map(m -> answerFor(m, byId)).toList());
        } finally {
            metrics.flush();
        }
    }

    /** A step over the whole batch failed unexpectedly: logged for each message, and every message retried. */
    private SQSBatchResponse retryAll(List<SQSMessage> messages, RuntimeException e) {
        Map<String, Object> failure = FailureSite.fields(e);
        messages.forEach(m -> logUnexpected(m, failure));
        return respond(messages, Collections.nCopies(messages.size(), Disposition.RETRY));
    }

    private Disposition answerFor(SQSMessage message, Map<String, Disposition> byId) {
        Disposition disposition = byId.get(message.getMessageId());
        if (disposition == null) {
            logUnexpected(message, Map.of("error", "no disposition"));
            return Disposition.RETRY;
        }
        return disposition;
    }

    private Disposition dispositionOf(SQSMessage message, Attempt<Disposition> attempt) {
        return switch (attempt) {
            case Attempt.Succeeded<Disposition> done -> done.value();
            case Attempt.Failed<Disposition> failed -> {
                logUnexpected(message, FailureSite.fields(failed.error()));
                yield Disposition.RETRY;
            }
        };
    }

    /**
     * The one mapping from dispositions (in the order of {@code messages}) to the batch item failures, each
     * hidden for its backoff first. A message whose visibility could not be changed is reported all the same:
     * it comes back after the queue's visibility timeout instead.
     */
    private SQSBatchResponse respond(List<SQSMessage> messages, List<Disposition> dispositions) {
        Set<String> retried = new LinkedHashSet<>();
        List<Redelivery.Hidden> hidden = new ArrayList<>();
        for (int i = 0; i < messages.size(); i++) {
            SQSMessage message = messages.get(i);
            switch (dispositions.get(i)) {
                case Disposition.Done done -> { }
                case Disposition.Retry retry -> {
                    retried.add(message.getMessageId());
                    hidden.add(new Redelivery.Hidden(message, Duration.ZERO));
                }
                case Disposition.RetryAfter after -> {
                    retried.add(message.getMessageId());
                    hidden.add(new Redelivery.Hidden(message, after.atLeast()));
                }
            }
        }
        redelivery.hide(hidden);
        return new SQSBatchResponse(retried.stream().map(SQSBatchResponse.BatchItemFailure::new).toList());
    }

    private void logUnexpected(SQSMessage message, Map<String, Object> failure) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put(JsonLog.MESSAGE_ID, message.getMessageId());
        fields.putAll(failure);
        log.error(UNEXPECTED, fields);
    }
}
