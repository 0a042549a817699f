package dev.sfbridge.worker;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent.SQSMessage;
import dev.sfbridge.sqs.SqsBatchConsumer;
import java.time.Duration;
import java.util.List;

/**
 * A batch of notifications, each processed on its own virtual thread (the work is waiting on the ERP and
 * AWS), answered with SQS partial batch failures: only the items to retry go back to the queue
 * ({@link SqsBatchConsumer}, which also logs an unexpected exception and flushes the metrics).
 */
public final class OrderWorker {
    private final NotificationProcessor processor;
    private final SqsBatchConsumer consumer;

    /** @param consumer with the processor's metrics: flushed once per batch, when every item is done */
    public OrderWorker(NotificationProcessor processor, SqsBatchConsumer consumer) {
        this.processor = processor;
        this.consumer = consumer;
    }

    public SQSBatchResponse process(List<SQSMessage> messages, Duration lease) {
        return consumer.processEach(messages, m -> processor.process(m.getMessageId(), m.getBody(), lease).disposition());
    }
}
