package dev.sfbridge.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** The review's probes of the batch sync: each failed before its fix. */
class ReviewProbeTest {
    @AutoClose private final SyncFixture fixture = new SyncFixture();

    @Test
    void anEmptyStringFromTheErpEmptiesTheField() {
        fixture.invoice("INV-E", "C-1", SyncFixture.NOW.minus(Duration.ofMinutes(30)), "Licences, November");
        assertEquals(SyncRunner.Outcome.SUCCEEDED, fixture.run());
        assertEquals("Licences, November", fixture.record("INV-E").get("Description__c"));
        fixture.invoice("INV-E", "C-1", SyncFixture.NOW.plus(Duration.ofMinutes(1)), "");
        fixture.clock.advance(Duration.ofMinutes(10));
        assertEquals(SyncRunner.Outcome.SUCCEEDED, fixture.run());
        assertEquals(2, fixture.writes("INV-E"));
        assertNull(fixture.record("INV-E").get("Description__c"), "the ERP emptied it");
    }

    @Test
    void aCrashAfterAbortingTheOpenJobDoesNotFailTheRun() {
        openJobLeftByACrashMidUpload();
        CrashingHttpClient dies = new CrashingHttpClient(r -> r.method().equals("PATCH"));   // the abort of the open job
        assertThrows(CrashingHttpClient.Crash.class, () -> fixture.run(dies, fixture.dynamoDb, () -> Duration.ofMinutes(10)));
        fixture.clock.advance(Duration.ofMinutes(21));
        assertEquals(SyncRunner.Outcome.SUCCEEDED, fixture.run(), "reason: " + fixture.state().reason());
        everyInvoiceOnce();
    }

    @Test
    void theAbortsAnswerLostDoesNotInterruptOrFailTheRun() {
        openJobLeftByACrashMidUpload();
        // the PATCH to Aborted is done and its answer lost: SalesforceHttp sends it again, and meets 400 INVALIDJOBSTATE
        CrashingHttpClient losing = CrashingHttpClient.losingTheAnswer(r -> r.method().equals("PATCH"));
        assertEquals(SyncRunner.Outcome.SUCCEEDED, fixture.run(losing, fixture.dynamoDb, () -> Duration.ofMinutes(10)),
                "reason: " + fixture.state().reason());
        everyInvoiceOnce();
    }

    /** 20 invoices; the invocation dies after their upload, before the close: the job stays Open, the lease runs out. */
    private void openJobLeftByACrashMidUpload() {
        fixture.invoices(20, SyncFixture.NOW.minus(Duration.ofHours(1)));
        assertThrows(CrashingHttpClient.Crash.class,
                () -> fixture.run(CrashingHttpClient.after("PUT", "/batches"), fixture.dynamoDb, () -> Duration.ofMinutes(10)));
        fixture.clock.advance(Duration.ofMinutes(21));
    }

    private void everyInvoiceOnce() {
        for (int i = 1; i <= 20; i++) {
            assertEquals(1, fixture.writes("INV-%05d".formatted(i)), "INV-%05d".formatted(i));
        }
    }
}
