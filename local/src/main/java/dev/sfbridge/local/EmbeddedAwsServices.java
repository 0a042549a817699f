package dev.sfbridge.local;

import dev.sfbridge.testing.EmbeddedDynamoDb;
import dev.sfbridge.testing.EmbeddedSqs;
import dev.sfbridge.testing.StaticSecretsManager;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import java.util.function.Supplier;

/** ElasticMQ and DynamoDB Local in this JVM, and the secrets in memory: nothing to install, nothing to reach. */
final class EmbeddedAwsServices implements AwsServices {
    private static final String SECRET_ARN_PREFIX = "arn:aws:secretsmanager:us-east-1:000000000000:secret:";

    private final EmbeddedSqs sqs;
    private final EmbeddedDynamoDb dynamoDb;
    private final StaticSecretsManager secrets = new StaticSecretsManager();

    /** @param sqsPort, dynamoDbPort 0 picks a free one */
    EmbeddedAwsServices(int sqsPort, int dynamoDbPort) {
        sqs = started("--sqs-port", sqsPort, () -> new EmbeddedSqs(sqsPort));
        try {
            dynamoDb = started("--dynamodb-port", dynamoDbPort, () -> new EmbeddedDynamoDb(dynamoDbPort));
        } catch (RuntimeException e) {
            sqs.close();
            throw e;
        }
    }

    /** An emulator started on the port a flag gave; one that cannot start there is told with its flag (DevUp: status 2). */
    private static <T> T started(String flag, int port, Supplier<T> emulator) {
        try {
            return emulator.get();
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(flag + " " + port + ": the emulator did not start there (" + rootCause(e)
                    + "): another process, another ./dev up perhaps, may hold it; 0 picks a free port", e);
        }
    }

    private static Throwable rootCause(Throwable e) {
        return e.getCause() == null ? e : rootCause(e.getCause());
    }

    EmbeddedSqs embeddedSqs() {
        return sqs;
    }

    @Override
    public SqsClient sqs() {
        return sqs.client();
    }

    @Override
    public DynamoDbClient dynamoDb() {
        return dynamoDb.client();
    }

    @Override
    public SecretsManagerClient secretsManager() {
        return secrets;
    }

    @Override
    public String storeSecret(String name, String value) {
        String arn = SECRET_ARN_PREFIX + name;
        secrets.put(arn, value);
        return arn;
    }

    @Override
    public String banner() {
        return """
                  SQS (ElasticMQ)            %s
                  DynamoDB Local             %s
                """.formatted(sqs.endpoint(), dynamoDb.endpoint());
    }

    @Override
    public void close() {
        try (sqs; dynamoDb) {
            // both stopped, the second even when the first fails
        }
    }
}
