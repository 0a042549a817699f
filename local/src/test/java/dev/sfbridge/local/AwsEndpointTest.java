package dev.sfbridge.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sfbridge.testing.EmbeddedDynamoDb;
import dev.sfbridge.testing.EmbeddedSqs;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code ./dev up --aws-endpoint URL}: the stack's queues, table and secrets at an endpoint's services, reached
 * with the clients the functions build from the SDK's standard settings. Here the services are the embedded
 * emulators and a Secrets Manager stand-in, each named by its service's own setting ({@code aws.endpointUrlSqs},
 * ...), and what was made where is looked up there; the flag's global endpoint is a closed port, so a client that
 * went there instead would fail. (CI runs the same against LocalStack: localstack/ci.sh.)
 */
class AwsEndpointTest {
    private static final Map<String, String> SDK_SETTINGS_HERE = Map.of("aws.region", "us-east-1",
            "aws.accessKeyId", "local", "aws.secretAccessKey", "local");

    private EmbeddedSqs sqs;
    private EmbeddedDynamoDb dynamoDb;
    private SecretsManagerStandIn secretsManager;
    private String closedPort;

    @BeforeEach
    void start() throws Exception {
        sqs = new EmbeddedSqs(0);
        dynamoDb = new EmbeddedDynamoDb(0);
        secretsManager = new SecretsManagerStandIn();
        System.setProperty("aws.endpointUrlSqs", sqs.endpoint().toString());
        System.setProperty("aws.endpointUrlDynamoDb", dynamoDb.endpoint().toString());
        System.setProperty("aws.endpointUrlSecretsManager", secretsManager.endpoint().toString());
        SDK_SETTINGS_HERE.forEach(System::setProperty);
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = "http://127.0.0.1:" + socket.getLocalPort();
        }
    }

    @AfterEach
    void stop() {
        List.of("aws.endpointUrlSqs", "aws.endpointUrlDynamoDb", "aws.endpointUrlSecretsManager").forEach(System::clearProperty);
        SDK_SETTINGS_HERE.keySet().forEach(System::clearProperty);
        try (EmbeddedSqs stoppedFirst = sqs; EmbeddedDynamoDb stoppedSecond = dynamoDb; SecretsManagerStandIn stoppedLast = secretsManager) {
            // all stopped, each even when another fails
        }
    }

    @Test
    void theScenarioReconcilesOnTheEndpointsQueuesTableAndSecrets() throws Exception {
        // no session in the messages, as Salesforce sends them: the callbacks log in with the secret of the org
        String output = run(0, "--opportunities", "5", "--erp-outages", "1");

        assertTrue(output.contains("Reconciliation: PASSED"), output);
        assertTrue(output.contains(closedPort + "   (--aws-endpoint)"), output);
        assertEquals(List.of("sfbridge-local-callbacks", "sfbridge-local-callbacks-dlq", "sfbridge-local-notifications",
                        "sfbridge-local-notifications-dlq", "sfbridge-local-sync-continuation", "sfbridge-local-sync-continuation-dlq"),
                sqs.client().listQueues().queueUrls().stream().map(url -> url.substring(url.lastIndexOf('/') + 1)).sorted().toList());
        // the worker's idempotency records, one per notification, are in the endpoint's table
        assertTrue(dynamoDb.client().scan(b -> b.tableName("sfbridge-local-IdempotencyTable")).count() >= 5);
        List<String> calls = secretsManager.calls();
        for (String name : List.of("sfbridge/erp", "sfbridge/salesforce", "sfbridge/erp-events", "sfbridge-local/endpoint-keys")) {
            assertTrue(calls.contains("CreateSecret " + name), calls.toString());
        }
        // the functions read the ERP's and the org's secrets by the ARNs the endpoint gave
        assertTrue(calls.contains("GetSecretValue " + secretsManager.arn("sfbridge/erp")), calls.toString());
        assertTrue(calls.contains("GetSecretValue " + secretsManager.arn("sfbridge/salesforce")), calls.toString());
        // the endpoint keys' secret the template creates, made there by CreateSecret: the listener checks the org's key by it
        assertTrue(calls.contains("GetSecretValue " + secretsManager.arn("sfbridge-local/endpoint-keys")), calls.toString());
        assertNull(System.getProperty(EndpointAwsServices.ENDPOINT_PROPERTY), "the flag's setting ends with the run");
    }

    @Test
    void aServiceThatAnswersOnlyOnceStartedIsWaitedFor() throws Exception {
        // LocalStack starts a service at its first call: longer than a call's 10 s, on a busy machine
        secretsManager.answerFirstCallAfter(Duration.ofSeconds(11));

        String output = run(0, "--opportunities", "1", "--erp-outages", "0");

        assertTrue(output.contains("Reconciliation: PASSED"), output);
        assertTrue(secretsManager.calls().stream().filter("ListSecrets"::equals).count() >= 2, secretsManager.calls().toString());
    }

    @Test
    void anEndpointHoldingAnEarlierRunsTableIsRefusedWithWhy() throws Exception {
        // an earlier run's table holds its idempotency records: this run's notifications would all be duplicates
        run(0, "--opportunities", "1", "--erp-outages", "0");

        String output = run(2, "--opportunities", "1", "--erp-outages", "0");

        assertTrue(output.contains("already holds the table sfbridge-local-IdempotencyTable"), output);
    }

    @Test
    void anEndpointItCannotUseIsAClearError() throws Exception {
        System.clearProperty("aws.endpointUrlSqs");

        String output = run(2, "--opportunities", "1");

        assertTrue(output.startsWith("--aws-endpoint " + closedPort + ": "), output);
        assertTrue(output.contains("AWS_REGION"), output);
    }

    @Test
    void theFlagTakesAnHttpUrl() throws Exception {
        assertTrue(run(2, "--opportunities", "1", "--aws-endpoint", "localhost:4566").contains("--aws-endpoint takes"));
    }

    /** ./dev up --aws-endpoint (the closed port) --exit-after-scenario; what it printed, errors included. */
    private String run(int expectedStatus, String... flags) throws Exception {
        return DevUpRun.output(expectedStatus, List.of("--aws-endpoint", closedPort, "--exit-after-scenario", "--port", "0",
                "--status-port", "0", "--time-scale", "360", "--template", System.getProperty("sfbridge.template"),
                "--log-file", "target/aws-endpoint-test.log"), flags);
    }
}
