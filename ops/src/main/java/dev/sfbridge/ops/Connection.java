package dev.sfbridge.ops;

import java.time.Clock;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The SQS and DynamoDB clients of one command, each made on first use: a command that needs no AWS (help) asks
 * for no region and no credentials, and one that reads tables opens no SQS client.
 */
final class Connection implements AutoCloseable {
    private final SqsConnector connector;
    private final String region;
    private final String endpoint;
    private final int receiveWaitSeconds;
    private final Clock clock;
    private SqsClient sqs;
    private DynamoDbClient tables;

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

    DynamoDbClient tables() {
        if (tables == null) {
            tables = connector.connectTables(region, endpoint);
        }
        return tables;
    }

    @Override
    public void close() {
        if (sqs != null) {
            sqs.close();
        }
        if (tables != null) {
            tables.close();
        }
    }
}
