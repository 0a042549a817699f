package dev.sfbridge.ops;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/** Makes the clients a command runs with: {@link AwsAccess}, or a test's. */
@FunctionalInterface
interface SqsConnector {
    /**
     * @param region   {@code --region}, or null for the SDK's settings
     * @param endpoint {@code --endpoint-url}, or null for the SDK's settings
     */
    SqsClient connect(String region, String endpoint);

    /** The DynamoDB client of the {@code sync} commands, with the same settings; a connector without one refuses them. */
    default DynamoDbClient connectTables(String region, String endpoint) {
        throw OpsFailure.usage("this connection reaches SQS only, not the sync's DynamoDB tables");
    }
}
