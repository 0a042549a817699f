package dev.sfbridge.worker;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent.SQSMessage;
import dev.sfbridge.model.NotificationPack;
import dev.sfbridge.retry.CircuitBreaker;
import dev.sfbridge.retry.StartDeadline;
import dev.sfbridge.sqs.Disposition;
import dev.sfbridge.sqs.SqsBatchConsumer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * A batch of notifications, each processed on its own virtual thread (the work is waiting on the ERP and
 * AWS), answered with SQS partial batch failures: only the items to retry go back to the queue, hidden for
 * their backoff ({@link SqsBatchConsumer}, which also logs an unexpected exception and flushes the metrics).
 * The ERP's circuit is asked first: while it is open, or its one probe is out, an item is not even claimed but
 * goes back at once, for at least the rest of the cool-down, so an ERP outage costs neither ERP calls nor
 * DynamoDB writes per delivery. (An item let through that never reaches the ERP, a duplicate say, leaves a
 * probe unreported: the circuit lets another through after a cool-down.)
 *
 * <p>A message may carry several notifications ({@link NotificationPack}): each is an item of its own, and the
 * message goes back to the queue when any of them must, its others then met again as duplicates.
 *
 * <p>Before any item is processed, the records the batch's ID-only notifications name are read from Salesforce,
 * one query per org for the whole batch ({@link RecordFetcher}); each item then goes on with its record's state.
 */
public final class OrderWorker {
    private final NotificationProcessor processor;
    private final SqsBatchConsumer consumer;
    private final CircuitBreaker erpCircuit;
    private final BiFunction<List<SQSMessage>, StartDeadline, Map<String, Fetched>> fetcher;

    /** A worker that reads no record from Salesforce: every notification it gets carries its fields. */
    public OrderWorker(NotificationProcessor processor, SqsBatchConsumer consumer, CircuitBreaker erpCircuit) {
        this(processor, consumer, erpCircuit, (messages, deadline) -> Map.of());
    }

    /**
     * @param consumer with the processor's metrics: flushed once per batch, when every item is done
     * @param fetcher  what was read from Salesforce for the batch, by message ID ({@link RecordFetcher#fetch})
     */
    OrderWorker(NotificationProcessor processor, SqsBatchConsumer consumer, CircuitBreaker erpCircuit,
                BiFunction<List<SQSMessage>, StartDeadline, Map<String, Fetched>> fetcher) {
        this.processor = processor;
        this.consumer = consumer;
        this.erpCircuit = erpCircuit;
        this.fetcher = fetcher;
    }

    /** @param deadline after which no step is started: what is left goes back to the queue */
    public SQSBatchResponse process(List<SQSMessage> messages, Duration lease, StartDeadline deadline) {
        return consumer.processEachPart(messages, NotificationPack::parts, batch -> fetcher.apply(batch, deadline), (fetched, m) -> erpCircuit.tryAcquire()
                ? processor.process(m.getMessageId(), m.getBody(), fetched.get(m.getMessageId()), lease, deadline).disposition()
                : new Disposition.RetryAfter(erpCircuit.openFor().orElse(Duration.ZERO)));
    }
}
