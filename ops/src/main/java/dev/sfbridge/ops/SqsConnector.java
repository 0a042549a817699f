package dev.sfbridge.ops;

import software.amazon.awssdk.services.sqs.SqsClient;

/** Makes the SQS client a command runs with: {@link AwsAccess}, or a test's. */
@FunctionalInterface
interface SqsConnector {
    /**
     * @param region   {@code --region}, or null for the SDK's settings
     * @param endpoint {@code --endpoint-url}, or null for the SDK's settings
     */
    SqsClient connect(String region, String endpoint);
}
