package dev.sfbridge.bench;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sfbridge.bench.OrderWorkerThroughputHarness.Options;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The worker benchmark on a tiny run: every configuration reports, nothing fails; timings are never asserted. */
class OrderWorkerThroughputHarnessTest {

    @Test
    void aTinyRunAppliesEveryNotificationInEveryConfiguration() throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();

        boolean passed = OrderWorkerThroughputHarness.run(new Options(2, 2, 1), new PrintStream(printed, true, StandardCharsets.UTF_8));

        String report = printed.toString(StandardCharsets.UTF_8);
        assertTrue(passed, report);
        for (String row : new String[] {"(a) worker + DynamoDB Local", "(b) DynamoDB Local alone", "(c) worker + in-memory store",
                "(d) worker, no idempotency", "(e) worker + DynamoDB Local, no store", "idempotency cost per notification"}) {
            assertTrue(report.contains(row), row + " missing from\n" + report);
        }
        assertTrue(report.contains("2/2"), report);
        assertFalse(report.contains("FAILED"), report);
    }
}
