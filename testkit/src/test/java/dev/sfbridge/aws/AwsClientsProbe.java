package dev.sfbridge.aws;

import dev.sfbridge.testing.IdempotencyTable;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Run in a child JVM by {@link AwsClientsEndpointTest} with the SDK's environment variables set: builds each
 * client the way the functions do and uses it once. Prints the region the clients got, and the secret's
 * value (a test value, made up by the test).
 *
 * <p>Arguments: queue name, table name, secret ID.
 */
public final class AwsClientsProbe {
    private AwsClientsProbe() {}

    public static void main(String[] args) {
        try (SqsClient sqs = AwsClients.sqs(); DynamoDbClient dynamoDb = AwsClients.dynamoDb();
             SecretsManagerClient secretsManager = AwsClients.secretsManager()) {
            sqs.createQueue(b -> b.queueName(args[0]));
            IdempotencyTable.create(dynamoDb, args[1]);
            System.out.println("region=" + sqs.serviceClientConfiguration().region());
            System.out.println("secret=" + secretsManager.getSecretValue(b -> b.secretId(args[2])).secretString());
        }
    }
}
