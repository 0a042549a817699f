package dev.sfbridge.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sfbridge.listener.ListenerConfig;
import dev.sfbridge.local.ListenerServer;
import dev.sfbridge.bench.ClosedLoop.Measurement;
import dev.sfbridge.bench.ClosedLoop.Workload;
import dev.sfbridge.bench.ListenerLoadHarness.Options;
import dev.sfbridge.testing.TestIds;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** The load harness's core on a tiny run against an in-memory SQS; timings are never asserted, only that they exist. */
class ListenerLoadHarnessTest {
    /** The notifications in each of the load harness's listener's queue messages: its default. */
    private static final int PER_MESSAGE = ListenerConfig.DEFAULT_NOTIFICATIONS_PER_MESSAGE;
    private static final Options TINY = new Options(2, 4, 1, 100_000);
    private static final List<byte[]> MESSAGES = ListenerLoadHarness.messages(TINY.firstOpenLoopRequest() + TINY.requests());

    @Test
    void countsEveryAckAndComputesTheFigures() throws Exception {
        InMemorySqs sqs = new InMemorySqs();
        Measurement m = warmUpAndMeasure(TestIds.ORG, sqs, Workload::warmUp);

        assertEquals(4, m.operations());
        assertEquals(4, m.succeeded());
        assertEquals(0, m.failed());
        assertEquals(List.of(), m.failures());
        assertEquals(TINY.notifications() / PER_MESSAGE, sqs.entries(), "every acked notification reached the queue, warm-up included");
        assertEquals(4, m.latency().count());
        assertTrue(m.latency().millis(0.5) > 0);
        assertTrue(m.latency().millis(0.99) >= m.latency().millis(0.5));
        assertTrue(m.latency().millis(1) >= m.latency().millis(0.99));
        assertTrue(m.unitsPerSecond(ListenerLoadHarness.NOTIFICATIONS) > 0);
    }

    @Test
    void theOpenLoopPostsMessagesOfItsOwnAndCountsTheirAcks() throws Exception {
        InMemorySqs sqs = new InMemorySqs();
        try (ListenerServer listener = new ListenerServer(0, "in-memory", TestIds.ORG, sqs, ListenerLoadHarness.UNPRINTED_LOG);
             HttpClient http = ListenerLoadHarness.client()) {
            Measurement m = ListenerLoadHarness.atRate(http, listener.endpoint(), MESSAGES, TINY);

            assertEquals(4, m.succeeded());
            assertEquals(0, m.failed());
            assertEquals(4, m.latency().count());
        }
        assertEquals(4L * ListenerLoadHarness.NOTIFICATIONS / PER_MESSAGE, sqs.entries());
    }

    @Test
    void countsFaultsAsFailuresNeverAsAcks() throws Exception {
        InMemorySqs sqs = new InMemorySqs();
        // the messages come from TestIds.ORG, which this listener does not allow: every answer is a SOAP fault
        Measurement m = warmUpAndMeasure(TestIds.OTHER_ORG, sqs, workload -> {
            IllegalStateException warmUp = assertThrows(IllegalStateException.class, workload::warmUp);
            assertTrue(warmUp.getMessage().startsWith("RUN FAILED"), warmUp.getMessage());
        });

        assertEquals(0, m.succeeded());
        assertEquals(4, m.failed());
        assertEquals(0, m.latency().count());
        assertFalse(m.failures().isEmpty());
        assertTrue(m.failures().getFirst().contains("HTTP 500"), m.failures().getFirst());
        assertEquals(0, sqs.entries());
    }

    @Test
    void aReportWithAFailureSaysSo() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        LoadReport report = new LoadReport(new PrintStream(out, true, StandardCharsets.UTF_8));
        report.row("x", ClosedLoop.run(1, 0, 2, i -> {
            if (i == 1) {
                throw new IllegalStateException("not acked");
            }
        }), 1, "units/s");

        assertFalse(report.finish());
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("RUN FAILED"));
    }

    @Test
    void aQueueHoldingLessThanWasAckedFailsTheRunAndDuplicatesDoNot() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        LoadReport duplicates = new LoadReport(new PrintStream(out, true, StandardCharsets.UTF_8));
        duplicates.queued("q", 1010, 1000, 1);
        duplicates.queued("packs", 102, 1000, 10);
        assertTrue(duplicates.finish());
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("10 duplicates"));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("(100 messages of 10): 2 duplicates"), out.toString(StandardCharsets.UTF_8));

        LoadReport missing = new LoadReport(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        missing.queued("q", 999, 1000, 1);
        assertFalse(missing.finish());
        LoadReport missingPack = new LoadReport(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        missingPack.queued("packs", 99, 1000, 10);
        assertFalse(missingPack.finish(), "one pack short: ten notifications acked and not queued");
    }

    /** The harness's core on a listener that allows {@code allowedOrg}: warm-up as given, then the measured part. */
    private static Measurement warmUpAndMeasure(String allowedOrg, InMemorySqs sqs, Consumer<Workload> warmUp)
            throws IOException {
        try (ListenerServer listener = new ListenerServer(0, "in-memory", allowedOrg, sqs, ListenerLoadHarness.UNPRINTED_LOG);
             HttpClient http = ListenerLoadHarness.client()) {
            Workload workload = ListenerLoadHarness.postAll(http, listener.endpoint(), MESSAGES, TINY);
            warmUp.accept(workload);
            return workload.measure();
        }
    }
}
