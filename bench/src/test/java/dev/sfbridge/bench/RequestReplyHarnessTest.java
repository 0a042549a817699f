package dev.sfbridge.bench;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The harness behind {@code ./dev bench requestreply}, run small: every table printed, and the ERP-down answers as required. */
class RequestReplyHarnessTest {
    @Test
    void aSmallRunPrintsEveryTableAndAnswersWithinTheDeadlineWhenTheErpIsDown() throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();

        RequestReplyHarness.report(20, 10, Duration.ofSeconds(1), new PrintStream(printed, true, StandardCharsets.UTF_8));

        String report = printed.toString(StandardCharsets.UTF_8);
        assertTrue(report.contains("| `POST /orders` with an `Idempotency-Key` | 20 |"), report);
        assertTrue(report.contains("| ERP refusing connections: request | status | answered in ms |"), report);
        assertTrue(report.contains("Target met: every answer within the deadline + 100 ms."), report);
    }
}
