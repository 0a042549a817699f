package dev.sfbridge.aws;

import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.SqsClientBuilder;

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

    /** A client for an emulator in this JVM: explicit endpoint, fixed region, dummy credentials. */
    public static SqsClient sqs(URI emulatorEndpoint) {
        return configured(SqsClient.builder())
                .endpointOverride(emulatorEndpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .build();
    }

    private static SqsClientBuilder configured(SqsClientBuilder builder) {
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
