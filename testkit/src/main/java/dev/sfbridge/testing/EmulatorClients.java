package dev.sfbridge.testing;

import dev.sfbridge.aws.AwsClients;
import dev.sfbridge.aws.ResolvedOnceSqsEndpoints;
import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Clients for an emulator on this machine (ElasticMQ, DynamoDB Local, a Secrets Manager stand-in): the
 * functions' HTTP client and timeouts ({@link AwsClients#configured}) and SQS endpoint rules run once, as
 * {@link AwsClients#sqs()} has them, an explicit endpoint, a fixed region and dummy credentials. No deployed
 * function needs these, so they live here and not in the layer.
 */
public final class EmulatorClients {
    private EmulatorClients() {}

    public static SqsClient sqs(URI endpoint) {
        return emulator(SqsClient.builder(), endpoint).endpointProvider(new ResolvedOnceSqsEndpoints()).build();
    }

    public static DynamoDbClient dynamoDb(URI endpoint) {
        return emulator(DynamoDbClient.builder(), endpoint).build();
    }

    public static SecretsManagerClient secretsManager(URI endpoint) {
        return emulator(SecretsManagerClient.builder(), endpoint).build();
    }

    /** Any client's builder for an emulator: the functions' HTTP client and timeouts, the emulator's endpoint. */
    public static <B extends AwsClientBuilder<B, ?> & AwsSyncClientBuilder<B, ?>> B emulator(B builder, URI endpoint) {
        return AwsClients.configured(builder)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .endpointOverride(endpoint);
    }
}
