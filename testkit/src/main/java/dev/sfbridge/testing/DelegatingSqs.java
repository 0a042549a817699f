package dev.sfbridge.testing;

import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageResponse;

/** Passes the sends the worker makes to a real client; tests override one to inject a fault. */
public class DelegatingSqs implements SqsClient {
    protected final SqsClient delegate;

    public DelegatingSqs(SqsClient delegate) {
        this.delegate = delegate;
    }

    @Override
    public SendMessageBatchResponse sendMessageBatch(SendMessageBatchRequest request) {
        return delegate.sendMessageBatch(request);
    }

    @Override
    public SendMessageResponse sendMessage(SendMessageRequest request) {
        return delegate.sendMessage(request);
    }

    @Override
    public String serviceName() {
        return delegate.serviceName();
    }

    @Override
    public void close() {
        // the delegate belongs to the caller
    }
}
