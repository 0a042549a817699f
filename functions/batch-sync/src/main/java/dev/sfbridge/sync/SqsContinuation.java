package dev.sfbridge.sync;

import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * A message on the continuation queue, whose event source mapping invokes the function again (docs/batch-sync.md,
 * "Continuation"): chosen over invoking itself so the hand-over is retried, dead-lettered and visible like any
 * other message, and needs no permission for the function to call itself.
 */
public final class SqsContinuation implements Continuation {
    private final SqsClient sqs;
    private final String queueUrl;

    public SqsContinuation(SqsClient sqs, String queueUrl) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
    }

    @Override
    public void request(String job) {
        sqs.sendMessage(b -> b.queueUrl(queueUrl).messageBody(SyncRequest.body(job)));
    }
}
