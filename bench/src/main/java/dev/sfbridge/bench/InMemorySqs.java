package dev.sfbridge.bench;

import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResultEntry;

/**
 * An SQS that takes every entry of every {@code SendMessageBatch} at once and keeps only their count:
 * the listener behind it costs what sfbridge's own code costs, with no queue's time in it.
 */
final class InMemorySqs implements SqsClient {
    private final AtomicLong entries = new AtomicLong();

    @Override
    public SendMessageBatchResponse sendMessageBatch(SendMessageBatchRequest request) {
        entries.addAndGet(request.entries().size());
        return SendMessageBatchResponse.builder()
                .successful(request.entries().stream()
                        .map(entry -> SendMessageBatchResultEntry.builder().id(entry.id()).build())
                        .toList())
                .build();
    }

    /** Every entry taken so far, to check that each ack stands for notifications that reached the queue. */
    long entries() {
        return entries.get();
    }

    @Override
    public String serviceName() {
        return SERVICE_NAME;
    }

    @Override
    public void close() {
        // nothing held
    }
}
