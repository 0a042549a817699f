package dev.sfbridge.aws;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.sfbridge.testing.IdempotencyTable;
import dev.sfbridge.model.QueueJson;
import dev.sfbridge.testing.EmbeddedDynamoDb;
import dev.sfbridge.testing.EmbeddedSqs;
import java.io.File;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The clients the functions build ({@link AwsClients#sqs()}, {@link AwsClients#dynamoDb()},
 * {@link AwsClients#secretsManager()}) go where the SDK's standard settings say: the global endpoint, a
 * service's own endpoint ahead of it, and the region. Proven against the embedded emulators and a stand-in
 * for Secrets Manager: what the clients did is looked up there, so a client that went anywhere else fails.
 * SDK 2.41 reads {@code AWS_ENDPOINT_URL}, {@code AWS_ENDPOINT_URL_SQS}, {@code AWS_ENDPOINT_URL_DYNAMODB},
 * {@code AWS_ENDPOINT_URL_SECRETS_MANAGER} and the system properties {@code aws.endpointUrl},
 * {@code aws.endpointUrlSqs}, {@code aws.endpointUrlDynamoDb}, {@code aws.endpointUrlSecretsManager}.
 */
class AwsClientsEndpointTest {
    private static final String SECRET_ID = "sfbridge/endpoint-test";
    private static final String SECRET = "made-up-value-" + UUID.randomUUID();

    private static WireMockServer secretsManagerStandIn;
    private static final EmbeddedSqs sqs = EmbeddedSqs.shared();
    private static final EmbeddedDynamoDb dynamoDb = EmbeddedDynamoDb.shared();

    @BeforeAll
    static void start() {
        secretsManagerStandIn = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        secretsManagerStandIn.start();
        secretsManagerStandIn.stubFor(post(urlEqualTo("/"))
                .withHeader("X-Amz-Target", equalTo("secretsmanager.GetSecretValue"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/x-amz-json-1.1")
                        .withBody(QueueJson.write(Map.of("Name", SECRET_ID, "SecretString", SECRET)))));
    }

    @AfterAll
    static void stop() {
        secretsManagerStandIn.stop();
    }

    @Test
    void systemPropertiesPointEachClientAtItsEndpointAndRegion() {
        // the global endpoint for SQS; DynamoDB's and Secrets Manager's own settings must win over it
        Map<String, String> properties = Map.of(
                "aws.endpointUrl", sqs.endpoint().toString(),
                "aws.endpointUrlDynamoDb", dynamoDb.endpoint().toString(),
                "aws.endpointUrlSecretsManager", secretsManagerStandIn.baseUrl(),
                "aws.region", "eu-west-1",
                "aws.accessKeyId", "local",
                "aws.secretAccessKey", "local");
        properties.forEach(System::setProperty);
        String queue = "endpoint-test-" + UUID.randomUUID();
        String table = "endpoint-test-" + UUID.randomUUID();
        int secretReadsBefore = secretReads();
        try (SqsClient sqsClient = AwsClients.sqs(); DynamoDbClient dynamoDbClient = AwsClients.dynamoDb();
             SecretsManagerClient secretsClient = AwsClients.secretsManager()) {
            sqsClient.createQueue(b -> b.queueName(queue));
            IdempotencyTable.create(dynamoDbClient, table);

            assertEquals(SECRET, secretsClient.getSecretValue(b -> b.secretId(SECRET_ID)).secretString());
            assertEquals(Region.EU_WEST_1, sqsClient.serviceClientConfiguration().region());
            assertInstanceOf(ResolvedOnceSqsEndpoints.class, sqsClient.serviceClientConfiguration().endpointProvider().orElseThrow());
            assertEquals(Region.EU_WEST_1, dynamoDbClient.serviceClientConfiguration().region());
        } finally {
            properties.keySet().forEach(System::clearProperty);
        }
        assertCreatedInTheEmulators(queue, table);
        assertEquals(secretReadsBefore + 1, secretReads());
    }

    /**
     * SQS's own setting wins over the global one, the endpoint rules run once per client
     * ({@link ResolvedOnceSqsEndpoints}) and each client keeps its own: the first, sent to SQS's setting, then one
     * built after the setting is gone, sent to the global endpoint (a port nobody listens on, so it must fail).
     */
    @Test
    void sqsOwnEndpointSettingWinsAndEachClientResolvesItsOwn() throws Exception {
        int closedPort;
        try (ServerSocket probe = new java.net.ServerSocket(0)) {
            closedPort = probe.getLocalPort();
        }
        Map<String, String> properties = Map.of(
                "aws.endpointUrl", "http://127.0.0.1:" + closedPort,
                "aws.endpointUrlSqs", sqs.endpoint().toString(),
                "aws.region", "eu-west-1",
                "aws.accessKeyId", "local",
                "aws.secretAccessKey", "local");
        properties.forEach(System::setProperty);
        String queue = "endpoint-test-" + UUID.randomUUID();
        try (SqsClient sqsClient = AwsClients.sqs()) {
            sqsClient.createQueue(b -> b.queueName(queue));
            sqsClient.listQueues(b -> b.queueNamePrefix(queue));
            System.clearProperty("aws.endpointUrlSqs");
            try (SqsClient globalOnly = AwsClients.sqs()) {
                assertThrows(SdkClientException.class, () -> globalOnly.listQueues(b -> b.queueNamePrefix(queue)));
            }
            // the first client's endpoint was settled when it was built: the setting gone changes nothing for it
            assertEquals(1, sqsClient.listQueues(b -> b.queueNamePrefix(queue)).queueUrls().size());
        } finally {
            properties.keySet().forEach(System::clearProperty);
        }
        assertEquals(List.of(queue), sqs.client().listQueues(b -> b.queueNamePrefix(queue)).queueUrls().stream()
                .map(url -> url.substring(url.lastIndexOf('/') + 1)).toList());
    }

    @Test
    void environmentVariablesPointEachClientAtItsEndpointAndRegion() throws Exception {
        String queue = "endpoint-test-" + UUID.randomUUID();
        String table = "endpoint-test-" + UUID.randomUUID();
        int secretReadsBefore = secretReads();
        ProcessBuilder child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), AwsClientsProbe.class.getName(), queue, table, SECRET_ID)
                .redirectErrorStream(true);
        // nothing from this machine's environment or ~/.aws may steer the child: only what is set here
        child.environment().clear();
        child.environment().putAll(Map.of(
                "AWS_ENDPOINT_URL", sqs.endpoint().toString(),
                "AWS_ENDPOINT_URL_DYNAMODB", dynamoDb.endpoint().toString(),
                "AWS_ENDPOINT_URL_SECRETS_MANAGER", secretsManagerStandIn.baseUrl(),
                "AWS_REGION", "eu-west-1",
                "AWS_ACCESS_KEY_ID", "local",
                "AWS_SECRET_ACCESS_KEY", "local",
                "AWS_CONFIG_FILE", new File("target/no-aws-config").getAbsolutePath(),
                "AWS_SHARED_CREDENTIALS_FILE", new File("target/no-aws-credentials").getAbsolutePath()));
        Process process = child.start();
        boolean exited = process.waitFor(60, TimeUnit.SECONDS);
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!exited) {
            process.destroyForcibly();
        }

        assertTrue(exited, "the probe did not finish: " + output);
        assertEquals(0, process.exitValue(), output);
        List<String> lines = output.lines().toList();
        assertTrue(lines.contains("region=eu-west-1"), output);
        assertTrue(lines.contains("secret=" + SECRET), output);
        assertCreatedInTheEmulators(queue, table);
        assertEquals(secretReadsBefore + 1, secretReads());
    }

    /** DynamoDB Local keeps each region's tables apart: finding the table in eu-west-1 proves the region too. */
    private static void assertCreatedInTheEmulators(String queue, String table) {
        assertEquals(List.of(queue), sqs.client().listQueues(b -> b.queueNamePrefix(queue)).queueUrls().stream()
                .map(url -> url.substring(url.lastIndexOf('/') + 1)).toList());
        try (DynamoDbClient euWest1 = DynamoDbClient.builder().endpointOverride(dynamoDb.endpoint()).region(Region.EU_WEST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(UrlConnectionHttpClient.create()).build()) {
            assertEquals(table, euWest1.describeTable(b -> b.tableName(table)).table().tableName());
        }
    }

    private static int secretReads() {
        return secretsManagerStandIn.findAll(postRequestedFor(urlEqualTo("/"))
                .withHeader("X-Amz-Target", equalTo("secretsmanager.GetSecretValue"))).size();
    }
}
