package dev.sfbridge.local;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The AWS services the local stack runs the functions on: the embedded emulators ({@link EmbeddedAwsServices}), or
 * an endpoint such as LocalStack's ({@link EndpointAwsServices}, {@code --aws-endpoint}). The template's queues and
 * table are created, and its secrets stored, in whichever it is.
 */
sealed interface AwsServices extends AutoCloseable permits EmbeddedAwsServices, EndpointAwsServices {

    static AwsServices of(LocalOptions options) {
        return options.awsEndpoint() != null ? new EndpointAwsServices(options.awsEndpoint())
                : new EmbeddedAwsServices(options.sqsPort(), options.dynamoDbPort());
    }

    SqsClient sqs();

    DynamoDbClient dynamoDb();

    SecretsManagerClient secretsManager();

    /** Stores a secret under this name; returns the ID the functions read it by (its ARN). */
    String storeSecret(String name, String value);

    /** Where they are: lines of the banner. */
    String banner();

    @Override
    void close();
}
