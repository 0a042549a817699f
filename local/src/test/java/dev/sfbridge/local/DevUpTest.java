package dev.sfbridge.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sfbridge.testing.TestIds;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** `./dev up --exit-after-scenario` as a command: what it prints and the status it exits with. */
class DevUpTest {

    @Test
    void exitsZeroWithThePassedReconciliation() throws Exception {
        String output = run(0, "--opportunities", "5", "--erp-outages", "0");

        assertTrue(output.contains("sfbridge local stack is up"), output);
        assertTrue(output.contains("Reconciliation: PASSED"), output);
        assertTrue(output.contains("order number and status in the org 5"), output);
    }

    @Test
    void exitsOneWhenTheListenerRefusesTheOrgAndSalesforceRetriesInVain() throws Exception {
        // the listener accepts another org only: every message is answered with a fault, never acked
        String output = run(1, "--opportunities", "5", "--org-ids", TestIds.OTHER_ORG, "--time-scale", "3600",
                "--scenario-timeout", "2");

        assertTrue(output.contains("Reconciliation: FAILED"), output);
        assertTrue(output.contains("✗ " + TestIds.id("006", 1) + ": no ERP order"), output);
        Matcher retries = Pattern.compile("outbound messages: (\\d+) posted, (\\d+) retries").matcher(output);
        assertTrue(retries.find(), output);
        assertTrue(Integer.parseInt(retries.group(2)) >= 2, "the one message was sent again, unchanged: " + retries.group());
    }

    @Test
    void helpAndBadFlags() throws Exception {
        assertTrue(run(0, "--help").contains("--exit-after-scenario"));
        assertTrue(run(2, "--port", "x").contains("--port takes a number"));
        // a template parameter's value is checked before anything starts: its message alone, nothing of a stack
        assertEquals("RequestReplyAuth takes one of [AWS_IAM, JwtAuthorizer], not 'jwt'", run(2, "--parameter", "RequestReplyAuth=jwt").strip());
    }

    @Test
    void aStatusPortAnotherProcessHoldsStopsTheStartWithStatusTwoNamingTheFlag() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            String output = run(2, "--opportunities", "0", "--status-port", Integer.toString(taken.getLocalPort()));

            assertTrue(output.contains("--status-port " + taken.getLocalPort() + " cannot be listened on"), output);
            assertEquals(1, output.strip().lines().count(), "one line, no stack trace: " + output);
        }
    }

    @Test
    void anApiPortAnotherProcessHoldsStopsTheStartWithStatusTwoNamingTheFlag() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            String output = run(2, "--opportunities", "0", "--port", Integer.toString(taken.getLocalPort()));

            assertTrue(output.contains("--port " + taken.getLocalPort() + " cannot be listened on"), output);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"--sqs-port", "--dynamodb-port"})
    void anEmulatorsPortAnotherProcessHoldsStopsTheStartWithStatusTwoNamingTheFlag(String flag) throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            String output = run(2, "--opportunities", "0", flag, Integer.toString(taken.getLocalPort()));

            assertTrue(output.startsWith(flag + " " + taken.getLocalPort() + ": the emulator did not start there"), output);
            assertEquals(1, output.strip().lines().count(), "one line, no stack trace: " + output);
        }
    }

    @Test
    void aLogFileThatCannotBeWrittenStopsTheStartWithStatusTwoNamingIt(@TempDir Path folder) throws Exception {
        Path notAFolder = Files.writeString(folder.resolve("a-file"), "");
        Path logFile = notAFolder.resolve("dev-up.log");

        String output = run(2, "--opportunities", "0", "--log-file", logFile.toString());

        assertTrue(output.contains("--log-file " + logFile + " cannot be written"), output);
    }

    @Test
    void aLogFileInAFolderNotYetMadeGetsItsFolder(@TempDir Path folder) throws Exception {
        Path logFile = folder.resolve("not/yet/dev-up.log");

        run(0, "--opportunities", "0", "--log-file", logFile.toString());

        assertTrue(Files.isRegularFile(logFile), logFile + " was made");
    }

    @Test
    void aChaosRunWritesItsUsageFileToo(@TempDir Path folder) throws Exception {
        Path usage = folder.resolve("usage.json");

        // kinds that strike among 20 with this seed and wait for nothing: all of them would add erp-down's circuit
        // cool-down, 30 s of real time (docs/reliability.md), for a file the chaos run writes whatever its kinds;
        // CI's 1,000-notification run takes every kind through this command
        String output = run(0, "--chaos", "dynamodb-throttle,sf-503", "--seed", "7", "--opportunities", "20", "--time-scale", "360",
                "--usage-file", usage.toString());

        assertTrue(output.contains("AWS usage written to " + usage), output);
        assertTrue(Files.readString(usage).contains("\"notifications\" : 20,"), Files.readString(usage));
    }

    /** Runs it with free ports and its log in target/; what it prints on its output and its error output, together. */
    private static String run(int expectedStatus, String... flags) throws Exception {
        return DevUpRun.output(expectedStatus, List.of("--exit-after-scenario", "--port", "0", "--status-port", "0", "--sqs-port", "0",
                "--dynamodb-port", "0", "--template", System.getProperty("sfbridge.template"), "--log-file", "target/dev-up-test.log"), flags);
    }
}
