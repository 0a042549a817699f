package dev.sfbridge.ops;

import dev.sfbridge.aws.AwsClients;
import java.net.URI;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Where the commands reach SQS: the SDK's standard settings ({@code AWS_REGION}, {@code AWS_PROFILE},
 * {@code AWS_ACCESS_KEY_ID}, SSO, {@code AWS_ENDPOINT_URL}, ...) unless {@code --region} or
 * {@code --endpoint-url} say otherwise. Region and credentials are resolved before the first call, so their
 * absence is told as such rather than as a failed call.
 */
final class AwsAccess implements SqsConnector {
    private final Supplier<Region> defaultRegion;
    private final AwsCredentialsProvider credentials;

    AwsAccess(Supplier<Region> defaultRegion, AwsCredentialsProvider credentials) {
        this.defaultRegion = defaultRegion;
        this.credentials = credentials;
    }

    static AwsAccess standard() {
        return new AwsAccess(() -> DefaultAwsRegionProviderChain.builder().build().getRegion(), DefaultCredentialsProvider.builder().build());
    }

    @Override
    public SqsClient connect(String region, String endpoint) {
        return configured(SqsClient.builder(), region, endpoint).build();
    }

    @Override
    public DynamoDbClient connectTables(String region, String endpoint) {
        return configured(DynamoDbClient.builder(), region, endpoint).build();
    }

    /**
     * The functions' HTTP client and timeouts; the region and credentials resolved first; the endpoint when given,
     * else the SDK's own ({@code AWS_ENDPOINT_URL_SQS}, {@code AWS_ENDPOINT_URL}, or the region's).
     */
    private <B extends AwsClientBuilder<B, ?> & AwsSyncClientBuilder<B, ?>> B configured(B builder, String region, String endpoint) {
        Region resolvedRegion = region != null ? Region.of(region) : regionFromEnvironment();
        try {
            credentials.resolveCredentials();
        } catch (SdkClientException e) {
            throw OpsFailure.usage("no AWS credentials: set AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY"
                    + " (any values for the local stack), or run aws sso login");
        }
        B configured = AwsClients.configured(builder).region(resolvedRegion).credentialsProvider(credentials);
        return endpoint == null ? configured : configured.endpointOverride(endpoint(endpoint));
    }

    private Region regionFromEnvironment() {
        try {
            return defaultRegion.get();
        } catch (SdkClientException e) {
            throw OpsFailure.usage("no AWS region: set AWS_REGION or pass --region");
        }
    }

    private static URI endpoint(String value) {
        URI uri;
        try {
            uri = URI.create(value);
        } catch (IllegalArgumentException e) {
            uri = null;
        }
        if (uri == null || uri.getHost() == null || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
            throw OpsFailure.usage("--endpoint-url must be an http(s) URL, not " + value);
        }
        return uri;
    }
}
