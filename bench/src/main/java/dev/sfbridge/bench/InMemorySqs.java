package dev.sfbridge.bench;

import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResultEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageResponse;

/**
 * An SQS that takes every entry of every {@code SendMessageBatch} (and every {@code SendMessage}) at once and keeps only their count:
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

    /** The naive baseline's one message per notification. */
    @Override
    public SendMessageResponse sendMessage(SendMessageRequest request) {
        entries.incrementAndGet();
        return SendMessageResponse.builder().messageId("m" + entries.get()).build();
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
