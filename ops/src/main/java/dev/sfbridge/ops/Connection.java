package dev.sfbridge.ops;

import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The SQS client of one command, made on first use: a command that needs no AWS (help, {@code sync}) asks
 * for no region and no credentials.
 */
final class Connection implements AutoCloseable {
    private final SqsConnector connector;
    private final String region;
    private final String endpoint;
    private final int receiveWaitSeconds;
    private SqsClient sqs;

    Connection(SqsConnector connector, String region, String endpoint, int receiveWaitSeconds) {
        this.connector = connector;
        this.region = region;
        this.endpoint = endpoint;
        this.receiveWaitSeconds = receiveWaitSeconds;
    }

    Queues queues() {
        return new Queues(sqs());
    }

    DeadLetterQueueBrowser browser() {
        return new DeadLetterQueueBrowser(sqs(), receiveWaitSeconds);
    }

    SqsClient sqs() {
        if (sqs == null) {
            sqs = connector.connect(region, endpoint);
        }
        return sqs;
    }

    @Override
    public void close() {
        if (sqs != null) {
            sqs.close();
        }
    }
}
