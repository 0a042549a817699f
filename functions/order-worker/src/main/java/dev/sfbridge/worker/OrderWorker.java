package dev.sfbridge.worker;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent.SQSMessage;
import dev.sfbridge.observability.Metrics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A batch of notifications, each processed on its own virtual thread (the work is waiting on the ERP and
 * AWS), answered with SQS partial batch failures: only the items to retry go back to the queue.
 */
public final class OrderWorker {
    private final NotificationProcessor processor;
    private final Metrics metrics;

    /** @param metrics the processor's: flushed once per batch, when every item is done */
    public OrderWorker(NotificationProcessor processor, Metrics metrics) {
        this.processor = processor;
        this.metrics = metrics;
    }

    public SQSBatchResponse process(List<SQSMessage> messages, Duration lease) {
        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        try (ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Outcome>> outcomes = messages.stream()
                    .map(m -> workers.submit(() -> processor.process(m.getMessageId(), m.getBody(), lease)))
                    .toList();
            for (int i = 0; i < messages.size(); i++) {
                if (outcomeOf(outcomes.get(i)) == Outcome.RETRY_LATER) {
                    failures.add(new SQSBatchResponse.BatchItemFailure(messages.get(i).getMessageId()));
                }
            }
        } finally {
            metrics.flush();
        }
        return new SQSBatchResponse(failures);
    }

    /** An unexpected exception fails only its item; an Error (the process is going down) fails the invocation. */
    private static Outcome outcomeOf(Future<Outcome> outcome) {
        try {
            return outcome.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Outcome.RETRY_LATER;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            return Outcome.RETRY_LATER;
        }
    }
}
