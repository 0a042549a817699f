package dev.sfbridge.testing;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequest;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchResponse;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchResultEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResultEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageResponse;

/**
 * An SQS in memory that takes every message sent and keeps its body by queue URL, and takes every visibility
 * change: for tests that run a function's code many thousand times a second (the fuzz tests), where a queue
 * over HTTP would be most of the time. It has no receive: what was sent is read with {@link #sent}.
 */
public final class RecordingSqs implements SqsClient {
    private final Map<String, List<String>> sent = new ConcurrentHashMap<>();

    /** The bodies sent to {@code queueUrl}, oldest first. */
    public List<String> sent(String queueUrl) {
        return List.copyOf(sent.getOrDefault(queueUrl, List.of()));
    }

    /** Forgets every message sent. */
    public void clear() {
        sent.clear();
    }

    @Override
    public SendMessageResponse sendMessage(SendMessageRequest request) {
        queue(request.queueUrl()).add(request.messageBody());
        return SendMessageResponse.builder().messageId("m" + request.messageBody().hashCode()).build();
    }

    @Override
    public SendMessageBatchResponse sendMessageBatch(SendMessageBatchRequest request) {
        request.entries().forEach(entry -> queue(request.queueUrl()).add(entry.messageBody()));
        return SendMessageBatchResponse.builder()
                .successful(request.entries().stream().map(entry -> SendMessageBatchResultEntry.builder().id(entry.id()).build()).toList())
                .build();
    }

    @Override
    public ChangeMessageVisibilityBatchResponse changeMessageVisibilityBatch(ChangeMessageVisibilityBatchRequest request) {
        return ChangeMessageVisibilityBatchResponse.builder()
                .successful(request.entries().stream()
                        .map(entry -> ChangeMessageVisibilityBatchResultEntry.builder().id(entry.id()).build()).toList())
                .build();
    }

    private List<String> queue(String queueUrl) {
        return sent.computeIfAbsent(queueUrl, url -> new CopyOnWriteArrayList<>());
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
