package dev.sfbridge.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sfbridge.testing.TestIds;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

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
        assertEquals(2, DevUp.run(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), "--port", "x"));
        // a template parameter's value is checked before anything starts (SamTemplateTest: the message names it)
        assertEquals("", run(2, "--parameter", "RequestReplyAuth=jwt"));
    }

    private static String run(int expectedStatus, String... flags) throws Exception {
        String[] common = {"--exit-after-scenario", "--port", "0", "--status-port", "0", "--sqs-port", "0", "--dynamodb-port", "0",
                "--template", System.getProperty("sfbridge.template"), "--log-file", "target/dev-up-test.log"};
        String[] args = new String[common.length + flags.length];
        System.arraycopy(common, 0, args, 0, common.length);
        System.arraycopy(flags, 0, args, common.length, flags.length);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int status = DevUp.run(new PrintStream(bytes, true, StandardCharsets.UTF_8), args);
        String output = bytes.toString(StandardCharsets.UTF_8);
        assertEquals(expectedStatus, status, output);
        return output;
    }
}
