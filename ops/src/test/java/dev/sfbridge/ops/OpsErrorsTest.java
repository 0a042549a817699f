package dev.sfbridge.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sfbridge.ops.OpsFixture.Run;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.regions.Region;

/** Every way a command can stop: exit code 2 or 3, one line on standard error, never a stack trace. */
class OpsErrorsTest {
    private static final AwsAccess NO_REGION = new AwsAccess(() -> {
        throw SdkClientException.create("Unable to load region from any of the providers in the chain");
    }, StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")));
    private static final AwsAccess NO_CREDENTIALS = new AwsAccess(() -> Region.US_EAST_1, () -> {
        throw SdkClientException.create("Unable to load credentials from any of the providers in the chain");
    });

    private final OpsFixture fixture = new OpsFixture();
    private final String endpoint = fixture.sqs.endpoint().toString();

    static Stream<Arguments> failures() throws IOException {
        String closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = "http://127.0.0.1:" + socket.getLocalPort();
        }
        return Stream.of(
                Arguments.of("no region", NO_REGION, new String[] {"dlq", "list", "--queue", "q"}, 2,
                        "no AWS region: set AWS_REGION or pass --region"),
                Arguments.of("no credentials", NO_CREDENTIALS, new String[] {"dlq", "list", "--queue", "q"}, 2,
                        "no AWS credentials: set AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (any values for the"
                                + " local stack), or run aws sso login"),
                Arguments.of("no --queue", OpsFixture.localAccess(), new String[] {"dlq", "list"}, 2, "--queue is required (see --help)"),
                Arguments.of("an option without value", OpsFixture.localAccess(), new String[] {"dlq", "list", "--queue"}, 2,
                        "--queue needs a value"),
                Arguments.of("an option the command does not take", OpsFixture.localAccess(),
                        new String[] {"dlq", "list", "--queue", "q", "--dry-run"}, 2, "unknown option --dry-run here (see --help)"),
                Arguments.of("an unknown command", OpsFixture.localAccess(), new String[] {"dlq", "purge"}, 2,
                        "unknown command 'dlq purge' (sfbridge-ops --help lists them)"),
                Arguments.of("--max not a number", OpsFixture.localAccess(), new String[] {"dlq", "list", "--queue", "q", "--max", "all"}, 2,
                        "--max must be a whole number above 0, not all"),
                Arguments.of("a malformed endpoint", OpsFixture.localAccess(),
                        new String[] {"--endpoint-url", "127.0.0.1:9324", "dlq", "list", "--queue", "q"}, 2,
                        "--endpoint-url must be an http(s) URL, not 127.0.0.1:9324"),
                Arguments.of("sync status without its table", NO_CREDENTIALS, new String[] {"sync", "status"}, 2,
                        "--control-table is required (see --help)"),
                Arguments.of("sync retry without its job", NO_CREDENTIALS, new String[] {"sync", "retry", "--errors-table", "t"}, 2,
                        "--job is required (see --help)"),
                Arguments.of("nothing listening", OpsFixture.localAccess(),
                        new String[] {"--endpoint-url", closedPort, "dlq", "list", "--queue", "q"}, 3, "could not reach SQS: "));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("failures")
    void stopsWithOneLineAndItsExitCode(String name, AwsAccess access, String[] args, int exitCode, String message) {
        Run run = OpsFixture.run(access, args);

        assertEquals(exitCode, run.exitCode(), run.err());
        assertEquals(1, run.err().lines().count(), run.err());
        assertTrue(run.err().startsWith("sfbridge-ops: " + message), run.err());
        assertEquals("", run.out());
    }

    @Test
    void aQueueThatDoesNotExistIsAnAwsSideError() {
        Run byName = OpsFixture.run(OpsFixture.localAccess(), "--endpoint-url", endpoint, "dlq", "list", "--queue", "no-such-queue");
        Run byUrl = OpsFixture.run(OpsFixture.localAccess(), "--endpoint-url", endpoint, "dlq", "redrive",
                "--queue", endpoint + "/000000000000/no-such-queue");

        assertEquals(3, byName.exitCode());
        assertEquals("sfbridge-ops: no queue no-such-queue here (check the region, the account and the name)", byName.err().strip());
        assertEquals(3, byUrl.exitCode());
        assertTrue(byUrl.err().startsWith("sfbridge-ops: no queue " + endpoint), byUrl.err());
    }

    @Test
    void theStandardSettingsAndTheEndpointFlagReachTheQueue() {
        fixture.deadLetter(1, "a reason");

        Run run = OpsFixture.run(OpsFixture.localAccess(), "--endpoint-url", endpoint, "dlq", "list", "--queue", fixture.deadLetterQueueName);

        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("reason: a reason"), run.out());
    }

    @Test
    void everyCommandHasHelpThatNeedsNoAws() {
        for (String[] command : new String[][] {{}, {"dlq", "list"}, {"dlq", "redrive"}, {"replay"}, {"sync", "status"}, {"sync", "errors"},
                {"sync", "retry"}}) {
            String[] args = Stream.concat(Stream.of(command), Stream.of("--help")).toArray(String[]::new);

            Run run = OpsFixture.run(NO_CREDENTIALS, args);

            assertEquals(0, run.exitCode(), String.join(" ", args) + ": " + run.err());
            assertTrue(run.out().startsWith("sfbridge-ops " + String.join(" ", command).strip()), run.out());
        }
    }

    @Test
    void noCommandAtAllPrintsTheUsageAsAnError() {
        Run run = OpsFixture.run(OpsFixture.localAccess());

        assertEquals(2, run.exitCode());
        assertTrue(run.err().startsWith("sfbridge-ops [--endpoint-url URL]"), run.err());
    }
}
