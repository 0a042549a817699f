package dev.sfbridge.aws;

import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The one place SDK clients are built: URL-connection HTTP client (the fastest to start), connect and
 * call timeouts, the SDK's standard retries. Region and endpoint come from the SDK's standard settings
 * ({@code AWS_REGION}, {@code AWS_ENDPOINT_URL}, {@code AWS_ENDPOINT_URL_SQS}, ...), so LocalStack and
 * other emulators need no code.
 */
public final class AwsClients {
    private AwsClients() {}

    public static SqsClient sqs() {
        return configured(SqsClient.builder()).build();
    }

    public static DynamoDbClient dynamoDb() {
        return configured(DynamoDbClient.builder()).build();
    }

    public static SecretsManagerClient secretsManager() {
        return configured(SecretsManagerClient.builder()).build();
    }

    /** A client for an emulator in this JVM: explicit endpoint, fixed region, dummy credentials. */
    public static SqsClient sqs(URI emulatorEndpoint) {
        return emulator(SqsClient.builder(), emulatorEndpoint).build();
    }

    public static DynamoDbClient dynamoDb(URI emulatorEndpoint) {
        return emulator(DynamoDbClient.builder(), emulatorEndpoint).build();
    }

    public static SecretsManagerClient secretsManager(URI emulatorEndpoint) {
        return emulator(SecretsManagerClient.builder(), emulatorEndpoint).build();
    }

    /**
     * A client with the region and credentials an operator's command resolved, and an endpoint when one was
     * given (else the SDK's own: {@code AWS_ENDPOINT_URL_SQS}, {@code AWS_ENDPOINT_URL}, or the region's).
     */
    public static SqsClient sqs(Region region, AwsCredentialsProvider credentials, URI endpointOrNull) {
        return resolved(SqsClient.builder(), region, credentials, endpointOrNull).build();
    }

    private static <B extends AwsClientBuilder<B, ?> & AwsSyncClientBuilder<B, ?>> B emulator(B builder, URI endpoint) {
        return resolved(builder, Region.US_EAST_1, StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")),
                endpoint);
    }

    private static <B extends AwsClientBuilder<B, ?> & AwsSyncClientBuilder<B, ?>> B resolved(
            B builder, Region region, AwsCredentialsProvider credentials, URI endpointOrNull) {
        B configured = configured(builder).region(region).credentialsProvider(credentials);
        return endpointOrNull == null ? configured : configured.endpointOverride(endpointOrNull);
    }

    private static <B extends AwsClientBuilder<B, ?> & AwsSyncClientBuilder<B, ?>> B configured(B builder) {
        return builder
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(2))
                        .socketTimeout(Duration.ofSeconds(5)))
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        .apiCallAttemptTimeout(Duration.ofSeconds(3))
                        .apiCallTimeout(Duration.ofSeconds(10))
                        .build());
    }
}
