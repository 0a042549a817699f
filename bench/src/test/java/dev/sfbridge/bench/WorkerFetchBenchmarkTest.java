package dev.sfbridge.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sfbridge.bench.WorkerFetchHarness.Run;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The order worker's API-call target for ID-only notifications as a test ({@link WorkerFetchHarness}; the full
 * run, fetching on and off in turns with the throughput ratio, is {@code ./dev bench fetch}).
 */
class WorkerFetchBenchmarkTest {

    @Test
    void aThousandIdOnlyNotificationsTakeOneQueryPerSessionInEachBatch() throws Exception {
        // one poller: full batches, so the count does not depend on how concurrent receives happen to split the tail;
        // a notification redelivered after a failure would be read again, and counted
        Run run = WorkerFetchHarness.run(true, 1_000, 1, true);

        System.out.println(run.row());
        assertEquals(List.of(), run.wrong(), "every record has its order with its 3 lines");
        assertEquals(run.queryGroups(), run.apiCalls(), "one query call per session in each batch, each record read with its own");
        assertTrue(run.queryGroups() >= run.invocations(), "at least one per batch");
        assertEquals(0, run.tokenRequests(), "the outbound messages' sessions did it");
    }

    @Test
    void withoutSessionsAThousandIdOnlyNotificationsTakeAtMostTenApiCalls() throws Exception {
        Run run = WorkerFetchHarness.run(true, 1_000, 1, false);

        System.out.println(run.row());
        assertEquals(List.of(), run.wrong(), "every record has its order with its 3 lines");
        assertTrue(run.callsPerThousand() <= 10, "target: at most 10 calls per 1,000 notifications, was " + run.apiCalls());
        assertEquals(run.invocations(), run.apiCalls(), "one query call per batch, with the OAuth token");
        assertEquals(1, run.tokenRequests(), "one token for the run: it is cached");
    }

    @Test
    void theReportFailsWhenTheTargetIsMissed() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        // 30 notifications take at least one query: 33 or more calls per 1,000
        boolean passed = WorkerFetchHarness.report(30, 1, new PrintStream(bytes, true, StandardCharsets.UTF_8));

        String report = bytes.toString(StandardCharsets.UTF_8);
        assertFalse(passed, report);
        assertTrue(report.contains("Target missed"), report);
        assertTrue(report.contains("With sessions: at most one query per session in a batch."), report);
        assertTrue(report.contains("| fields in the message | per message | 4 | 0 | 0 | 0.0 | 0 |"), report);
        assertTrue(report.contains("| ID only, records fetched | per message | 1 | 1 | 1 | 33.3 | 0 | 1 |"), report);
        assertTrue(report.contains("| ID only, records fetched | none | 1 | 1 | 1 | 33.3 | 1 | 1 |"), report);
        assertTrue(report.contains("Throughput with fetching / without"), report);
    }
}
