package dev.sfbridge.testing;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.ReceiptHandleIsInvalidException;

/**
 * Lambda's SQS event source mapping, driven step by step: receive a batch, invoke the handler with
 * Lambda's event shape, delete what succeeded, and leave the rest to come back. A thrown exception or
 * error fails the whole batch, as in Lambda; with {@code ReportBatchItemFailures} only the items the
 * response names fail, without it a response that returns counts as success for the whole batch.
 * Failed messages become visible again after {@code redeliveryDelay}: at once by default, so tests need not
 * wait out the visibility timeout; the local stack passes the queue's timeout, compressed. Either replaces the
 * backoff the function set with {@code ChangeMessageVisibility}, which Lambda leaves alone ({@link SimulatedSqsQueue}
 * keeps it, on a simulated clock). The queue's own
 * redrive policy still moves a message to its dead-letter queue after maxReceiveCount.
 * A batch larger than SQS's 10 messages a receive is gathered the way a batching window
 * ({@code MaximumBatchingWindowInSeconds}) gathers it: receives until the batch is full or, once a first
 * message came, the window has passed; without a window, until the queue answers empty.
 */
public final class SqsEventSourceMapping {
    /** SQS's limit of messages in one receive. */
    private static final int MAX_RECEIVE = 10;

    private final SqsClient sqs;
    private final String queueUrl;
    private final Settings settings;
    private final Function<SQSEvent, SQSBatchResponse> handler;

    /**
     * The mapping's settings, as an event source's in a SAM template.
     *
     * @param batchingWindow  {@code MaximumBatchingWindowInSeconds}; zero gathers only what the queue holds now
     * @param redeliveryDelay how long a failed message stays invisible (whole seconds, as SQS counts them)
     */
    public record Settings(int batchSize, Duration batchingWindow, boolean reportBatchItemFailures, Duration redeliveryDelay) {}

    /** No batching window, {@code ReportBatchItemFailures}, failed messages visible again at once. */
    public SqsEventSourceMapping(SqsClient sqs, String queueUrl, int batchSize, Function<SQSEvent, SQSBatchResponse> handler) {
        this(sqs, queueUrl, new Settings(batchSize, Duration.ZERO, true, Duration.ZERO), handler);
    }

    public SqsEventSourceMapping(SqsClient sqs, String queueUrl, Settings settings, Function<SQSEvent, SQSBatchResponse> handler) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.settings = settings;
        this.handler = handler;
    }

    /** What one poll did. {@code crashed} holds what the handler threw, if it did. */
    public record Poll(int received, int failed, Throwable crashed) {}

    public Poll pollOnce() {
        List<Message> messages = receiveBatch();
        if (messages.isEmpty()) {
            return new Poll(0, 0, null);
        }
        Set<String> failed = new HashSet<>();
        Throwable crashed = null;
        try {
            SQSBatchResponse response = handler.apply(event(messages));
            if (settings.reportBatchItemFailures() && response != null && response.getBatchItemFailures() != null) {
                response.getBatchItemFailures().forEach(f -> failed.add(f.getItemIdentifier()));
            }
        } catch (RuntimeException | Error e) {
            crashed = e;
            messages.forEach(m -> failed.add(m.messageId()));
        }
        for (Message message : messages) {
            try {
                if (failed.contains(message.messageId())) {
                    sqs.changeMessageVisibility(b -> b.queueUrl(queueUrl).receiptHandle(message.receiptHandle())
                            .visibilityTimeout((int) settings.redeliveryDelay().toSeconds()));
                } else {
                    sqs.deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(message.receiptHandle()));
                }
            } catch (ReceiptHandleIsInvalidException receivedAgain) {
                // received again while the handler worked on it (its visibility ran out): SQS takes the older receipt
                // handle's delete and leaves the message, ElasticMQ refuses it; either way the newer receive settles it,
                // and the batch's other messages are settled still
            }
        }
        return new Poll(messages.size(), failed.size(), crashed);
    }

    /** Polls until the queue answers empty, at most {@code maxPolls} times; returns the polls made. */
    public int drain(int maxPolls) {
        return drain(maxPolls, () -> { });
    }

    /**
     * As {@link #drain(int)}, running {@code betweenPolls} after each poll that received something: moving a test's
     * clock on, say, as the time a failed message's backoff keeps it away passes before it comes back.
     */
    public int drain(int maxPolls, Runnable betweenPolls) {
        for (int polls = 1; polls <= maxPolls; polls++) {
            if (pollOnce().received() == 0) {
                return polls;
            }
            betweenPolls.run();
        }
        throw new IllegalStateException("the queue still had messages after " + maxPolls + " polls");
    }

    private List<Message> receiveBatch() {
        List<Message> batch = new ArrayList<>();
        Instant windowEnds = null;
        while (batch.size() < settings.batchSize()) {
            Duration left = windowEnds == null ? Duration.ZERO : Duration.between(Instant.now(), windowEnds);
            // within the window, long polls of a second: short enough for the clients' call timeouts
            int waitSeconds = left.isPositive() ? 1 : 0;
            int wanted = Math.min(MAX_RECEIVE, settings.batchSize() - batch.size());
            List<Message> received = sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(wanted)
                    .waitTimeSeconds(waitSeconds).messageSystemAttributeNames(MessageSystemAttributeName.ALL)
                    .messageAttributeNames("All")).messages();
            if (windowEnds == null && !received.isEmpty()) {
                windowEnds = Instant.now().plus(settings.batchingWindow());
            }
            if (received.isEmpty() && !(windowEnds != null && Instant.now().isBefore(windowEnds))) {
                break;
            }
            batch.addAll(received);
        }
        return batch;
    }

    private SQSEvent event(List<Message> messages) {
        SQSEvent event = new SQSEvent();
        event.setRecords(messages.stream().map(m -> {
            SQSEvent.SQSMessage record = new SQSEvent.SQSMessage();
            record.setMessageId(m.messageId());
            record.setReceiptHandle(m.receiptHandle());
            record.setBody(m.body());
            record.setMd5OfBody(m.md5OfBody());
            record.setEventSource("aws:sqs");
            record.setEventSourceArn("arn:aws:sqs:us-east-1:000000000000:" + queueUrl.substring(queueUrl.lastIndexOf('/') + 1));
            record.setAttributes(Map.copyOf(m.attributesAsStrings()));
            return record;
        }).toList());
        return event;
    }
}
