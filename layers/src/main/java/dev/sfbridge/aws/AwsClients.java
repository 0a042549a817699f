package dev.sfbridge.aws;

import java.time.Duration;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The one place SDK clients are built: URL-connection HTTP client (the fastest to start), connect and
 * call timeouts on one shared timer ({@link TimeoutTimer}), the SDK's standard retries, and for SQS its
 * endpoint rules run once per client ({@link ResolvedOnceSqsEndpoints}). Region and endpoint come from the
 * SDK's standard settings ({@code AWS_REGION}, {@code AWS_ENDPOINT_URL}, {@code AWS_ENDPOINT_URL_SQS}, ...), so
 * LocalStack and other emulators need no code. docs/benchmarks.md ("The SDK's CPU per message") has what each
 * setting saves per call and why the other HTTP clients are not used.
 */
public final class AwsClients {
    /** The longest one call may take, the SDK's own retries included. */
    public static final Duration API_CALL_TIMEOUT = Duration.ofSeconds(10);

    private AwsClients() {}

    public static SqsClient sqs() {
        return configured(SqsClient.builder()).endpointProvider(new ResolvedOnceSqsEndpoints()).build();
    }

    public static DynamoDbClient dynamoDb() {
        return configured(DynamoDbClient.builder()).build();
    }

    public static SecretsManagerClient secretsManager() {
        return configured(SecretsManagerClient.builder()).build();
    }

    /**
     * The HTTP client and timeouts every sfbridge client has, on any SDK client builder: the functions' clients
     * above, the emulators' clients in the testkit and the operator's tool add only region, credentials and
     * endpoint.
     */
    public static <B extends AwsClientBuilder<B, ?> & AwsSyncClientBuilder<B, ?>> B configured(B builder) {
        return builder
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(2))
                        .socketTimeout(Duration.ofSeconds(5)))
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        .apiCallAttemptTimeout(Duration.ofSeconds(3))
                        .apiCallTimeout(API_CALL_TIMEOUT)
                        .scheduledExecutorService(TimeoutTimer.shared())
                        .build());
    }
}
