package dev.sfbridge.ops;

import java.time.Clock;
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
    private final Clock clock;
    private SqsClient sqs;

    /** @param clock what a dead-letter pass times itself by */
    Connection(SqsConnector connector, String region, String endpoint, int receiveWaitSeconds, Clock clock) {
        this.connector = connector;
        this.region = region;
        this.endpoint = endpoint;
        this.receiveWaitSeconds = receiveWaitSeconds;
        this.clock = clock;
    }

    Queues queues() {
        return new Queues(sqs());
    }

    DeadLetterQueueBrowser browser() {
        return new DeadLetterQueueBrowser(sqs(), receiveWaitSeconds, DeadLetterQueueBrowser.HIDDEN_FOR, clock);
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
