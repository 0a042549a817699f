package dev.sfbridge.local;

import dev.sfbridge.aws.AwsClients;
import dev.sfbridge.retry.Retry;
import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.ResourceExistsException;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The AWS services at an endpoint such as LocalStack's ({@code ./dev up --aws-endpoint URL}), reached with the
 * clients the deployed functions build ({@link AwsClients}, the SDK's standard settings). The flag is the SDK's
 * global endpoint setting ({@code aws.endpointUrl}, what {@code AWS_ENDPOINT_URL} sets) for as long as this is
 * open, so a service's own setting ({@code AWS_ENDPOINT_URL_SQS}, ...) still wins; region and credentials are the
 * SDK's usual ones ({@code AWS_REGION}, {@code AWS_ACCESS_KEY_ID}, ...). Secrets go into its Secrets Manager.
 */
final class EndpointAwsServices implements AwsServices {
    static final String ENDPOINT_PROPERTY = "aws.endpointUrl";
    /**
     * LocalStack starts a service at its first call, in seconds (DynamoDB Local's JVM; more on a busy machine): a
     * call that times out meanwhile is asked again, up to about a minute.
     */
    private static final Retry WHILE_STARTING = Retry.withJitter(8, Duration.ofMillis(500), Duration.ofSeconds(5));

    private final URI endpoint;
    private final String endpointBefore;
    private final SqsClient sqs;
    private final DynamoDbClient dynamoDb;
    private final SecretsManagerClient secretsManager;

    EndpointAwsServices(URI endpoint) {
        this.endpoint = endpoint;
        endpointBefore = System.setProperty(ENDPOINT_PROPERTY, endpoint.toString());
        try {
            sqs = AwsClients.sqs();
            dynamoDb = AwsClients.dynamoDb();
            secretsManager = AwsClients.secretsManager();
            // region, credentials and every service, ready before anything is created there: a create that timed out
            // while the service started, then retried by the SDK, would find what its first attempt made
            whileStarting(() -> sqs.listQueues(b -> b.maxResults(1)));
            whileStarting(() -> dynamoDb.listTables(b -> b.limit(1)));
            whileStarting(() -> secretsManager.listSecrets(b -> b.maxResults(1)));
        } catch (SdkException e) {
            close();
            throw new IllegalArgumentException("--aws-endpoint " + endpoint + ": " + firstLine(e.getMessage())
                    + " (is it up? Region and credentials are the SDK's: AWS_REGION, AWS_ACCESS_KEY_ID and"
                    + " AWS_SECRET_ACCESS_KEY; LocalStack accepts any keys)");
        }
    }

    @Override
    public SqsClient sqs() {
        return sqs;
    }

    @Override
    public DynamoDbClient dynamoDb() {
        return dynamoDb;
    }

    @Override
    public SecretsManagerClient secretsManager() {
        return secretsManager;
    }

    /** A secret an earlier run left there gets this run's value. */
    @Override
    public String storeSecret(String name, String value) {
        try {
            return secretsManager.createSecret(b -> b.name(name).secretString(value)).arn();
        } catch (ResourceExistsException e) {
            return secretsManager.putSecretValue(b -> b.secretId(name).secretString(value)).arn();
        }
    }

    @Override
    public String banner() {
        return """
                  SQS, DynamoDB, Secrets M.  %s   (--aws-endpoint)
                """.formatted(endpoint);
    }

    @Override
    public void close() {
        for (AutoCloseable client : new AutoCloseable[] {sqs, dynamoDb, secretsManager}) {
            if (client != null) {
                try {
                    client.close();
                } catch (Exception e) {
                    System.err.println("closing an AWS client: " + e);
                }
            }
        }
        if (endpointBefore == null) {
            System.clearProperty(ENDPOINT_PROPERTY);
        } else {
            System.setProperty(ENDPOINT_PROPERTY, endpointBefore);
        }
    }

    private static void whileStarting(Runnable probe) {
        WHILE_STARTING.call(() -> {
            probe.run();
            return null;
        }, e -> e instanceof ApiCallTimeoutException || e instanceof ApiCallAttemptTimeoutException);
    }

    private static String firstLine(String message) {
        return message == null ? "no detail" : message.lines().findFirst().orElse("no detail");
    }
}
