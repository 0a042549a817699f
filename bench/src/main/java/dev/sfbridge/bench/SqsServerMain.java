package dev.sfbridge.bench;

import dev.sfbridge.testing.EmbeddedSqs;

/**
 * ElasticMQ in a JVM of its own, for the cold-start benchmark: a Lambda cold start does not start SQS,
 * so the listener's fresh JVM must not pay for the emulator's start either.
 */
public final class SqsServerMain {
    private SqsServerMain() {}

    public static void main(String[] args) throws Exception {
        EmbeddedSqs sqs = new EmbeddedSqs();
        JavaChild.serve(sqs, sqs.endpoint());
    }
}
