package dev.sfbridge.testing;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.sfbridge.sqs.QueueArn;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequest;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchResponse;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchResultEntry;

/**
 * An SQS standard queue and its Lambda event source mapping on a clock a test moves, for runs of simulated hours
 * in seconds: what ElasticMQ cannot do, its timeouts being real time. It keeps what a long outage depends on:
 * a received message is invisible for the queue's visibility timeout or what {@code ChangeMessageVisibility}
 * set (counted from the call), its {@code ApproximateReceiveCount} grows with each receive, and a receive past
 * {@code maxReceiveCount} moves it to the dead-letter queue instead (the redrive policy). As Lambda does, the
 * mapping deletes what the function did not report failed, leaves the visibility of the failed ones alone, and
 * fails the whole batch when the function throws. Single-threaded: one poller, as a test drives it.
 */
public final class SimulatedSqsQueue {
    private static final class Stored {
        final String id;
        final String body;
        int receives;
        Instant visibleAt;
        String receiptHandle;

        Stored(String id, String body, Instant visibleAt) {
            this.id = id;
            this.body = body;
            this.visibleAt = visibleAt;
        }
    }

    private final String arn;
    private final String url;
    private final int maxReceiveCount;
    private final Duration visibilityTimeout;
    private final Clock clock;
    private final Map<String, Stored> messages = new LinkedHashMap<>();
    private final List<String> deadLetters = new ArrayList<>();
    private int mostReceives;
    private long sent;

    /** @param arn {@code arn:aws:sqs:<region>:<account>:<name>}, as Lambda's events name the queue */
    public SimulatedSqsQueue(String arn, int maxReceiveCount, Duration visibilityTimeout, Clock clock) {
        this.arn = arn;
        // the URL the consumer derives from the event's ARN, so its visibility changes reach this queue
        this.url = QueueArn.parse(arn).url();
        this.maxReceiveCount = maxReceiveCount;
        this.visibilityTimeout = visibilityTimeout;
        this.clock = clock;
    }

    public void send(String body) {
        String id = "sim-" + (++sent);
        messages.put(id, new Stored(id, body, clock.instant()));
    }

    /**
     * Receives up to {@code batchSize} visible messages (a message past {@code maxReceiveCount} goes to the
     * dead-letter queue instead), invokes {@code function} with them in Lambda's event shape, and deletes those it
     * did not report failed. Returns how many it received.
     */
    public int poll(int batchSize, Function<SQSEvent, SQSBatchResponse> function) {
        Instant now = clock.instant();
        List<Stored> batch = new ArrayList<>();
        for (Iterator<Stored> stored = messages.values().iterator(); stored.hasNext() && batch.size() < batchSize; ) {
            Stored message = stored.next();
            if (message.visibleAt.isAfter(now)) {
                continue;
            }
            if (message.receives == maxReceiveCount) {
                stored.remove();
                deadLetters.add(message.body);
                continue;
            }
            message.receives++;
            mostReceives = Math.max(mostReceives, message.receives);
            message.visibleAt = now.plus(visibilityTimeout);
            message.receiptHandle = message.id + "#" + message.receives;
            batch.add(message);
        }
        if (batch.isEmpty()) {
            return 0;
        }
        Set<String> failed = new HashSet<>();
        try {
            SQSBatchResponse response = function.apply(event(batch));
            response.getBatchItemFailures().forEach(f -> failed.add(f.getItemIdentifier()));
        } catch (RuntimeException e) {
            batch.forEach(m -> failed.add(m.id));
        }
        batch.stream().filter(m -> !failed.contains(m.id)).forEach(m -> messages.remove(m.id));
        return batch.size();
    }

    /** When the next message becomes visible; empty when the queue is empty. */
    public Optional<Instant> nextVisibleAt() {
        return messages.values().stream().map(m -> m.visibleAt).min(Instant::compareTo);
    }

    public int size() {
        return messages.size();
    }

    public List<String> deadLetters() {
        return List.copyOf(deadLetters);
    }

    /** The highest {@code ApproximateReceiveCount} any message reached. */
    public int mostReceives() {
        return mostReceives;
    }

    /** {@code others} for every call but the visibility changes of this queue, which this queue makes. */
    public SqsClient client(SqsClient others) {
        return Intercepted.of(SqsClient.class, others)
                .around(ChangeMessageVisibilityBatchRequest.class, (ChangeMessageVisibilityBatchRequest request,
                        Function<ChangeMessageVisibilityBatchRequest, ChangeMessageVisibilityBatchResponse> real) ->
                        url.equals(request.queueUrl()) ? changeVisibility(request) : real.apply(request))
                .client();
    }

    private ChangeMessageVisibilityBatchResponse changeVisibility(ChangeMessageVisibilityBatchRequest request) {
        ChangeMessageVisibilityBatchResponse.Builder response = ChangeMessageVisibilityBatchResponse.builder();
        List<ChangeMessageVisibilityBatchResultEntry> changed = new ArrayList<>();
        List<BatchResultErrorEntry> refused = new ArrayList<>();
        for (ChangeMessageVisibilityBatchRequestEntry entry : request.entries()) {
            Stored message = messages.get(entry.receiptHandle().substring(0, entry.receiptHandle().indexOf('#')));
            if (message == null || !entry.receiptHandle().equals(message.receiptHandle)
                    || entry.visibilityTimeout() > Duration.ofHours(12).toSeconds()) {
                refused.add(BatchResultErrorEntry.builder().id(entry.id()).code("ReceiptHandleIsInvalid").senderFault(true).build());
            } else {
                message.visibleAt = clock.instant().plusSeconds(entry.visibilityTimeout());
                changed.add(ChangeMessageVisibilityBatchResultEntry.builder().id(entry.id()).build());
            }
        }
        return response.successful(changed).failed(refused).build();
    }

    private SQSEvent event(List<Stored> batch) {
        SQSEvent event = new SQSEvent();
        event.setRecords(batch.stream().map(m -> {
            SQSEvent.SQSMessage record = new SQSEvent.SQSMessage();
            record.setMessageId(m.id);
            record.setReceiptHandle(m.receiptHandle);
            record.setBody(m.body);
            record.setEventSource("aws:sqs");
            record.setEventSourceArn(arn);
            record.setAttributes(Map.of("ApproximateReceiveCount", Integer.toString(m.receives)));
            return record;
        }).toList());
        return event;
    }
}
