package dev.sfbridge.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sfbridge.bench.CallbackApiCallsHarness.Mode;
import dev.sfbridge.bench.CallbackApiCallsHarness.Run;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The callbacks' API-call target as a test ({@link CallbackApiCallsHarness}; the full run, both modes at 1,000
 * callbacks, is {@code ./dev bench callbacks}): collections at 1,000 callbacks under the harness's load, one call
 * per callback on a smaller run, so {@code ./dev test} does not make a thousand single-record calls.
 */
class CallbackApiCallsBenchmarkTest {

    @Test
    void collectionsNeedAtMostTenApiCallsPerThousandCallbacks() throws Exception {
        Run collections = CallbackApiCallsHarness.run(Mode.COLLECTIONS, 1_000);

        System.out.println(collections.row());
        assertEquals(List.of(), collections.unwritten());
        assertTrue(collections.callsPerThousand() <= 10, "target: at most 10 calls per 1,000 callbacks, was " + collections.apiCalls());
        assertEquals(1_000, collections.recordsWithEvent(), "an event for every record written");
        assertTrue(collections.events() >= 1_000, "one per write: SQS delivers at least once, and a callback delivered twice is written twice");
        assertTrue(collections.publishCalls() <= collections.apiCalls(),
                "at most a publish per write call (a credential group's events go together): " + collections.row());
    }

    @Test
    void oneCallPerCallbackWithoutCollections() throws Exception {
        Run oneByOne = CallbackApiCallsHarness.run(Mode.ONE_BY_ONE, 150);

        assertEquals(List.of(), oneByOne.unwritten());
        assertEquals(150, oneByOne.apiCalls());
        assertEquals(150, oneByOne.recordsWithEvent());
        // 150 callbacks: two outbound messages' sessions and the ERP events' OAuth, three credential groups at most
        assertTrue(oneByOne.publishCalls() <= 3 * oneByOne.invocations(),
                "a group's events go in one call per invocation, whatever the writes do: " + oneByOne.row());
    }

    @Test
    void theReportShowsBothModesAndFailsWhenCollectionsMissTheTarget() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        // 20 callbacks take at least one collection call: 50 or more per 1,000
        boolean passed = CallbackApiCallsHarness.report(20, new PrintStream(bytes, true, StandardCharsets.UTF_8));

        String report = bytes.toString(StandardCharsets.UTF_8);
        assertFalse(passed, report);
        assertTrue(report.contains("Target missed"), report);
        assertTrue(report.contains("| sObject Collections (SALESFORCE_RECORDS_PER_CALL=200) | "), report);
        assertTrue(report.contains("| one call per callback (SALESFORCE_RECORDS_PER_CALL=1) | 20 | 1000.0 |"), report);
    }
}
