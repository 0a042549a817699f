package dev.sfbridge.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** The sync's own abort of an open ingest job, cut short by a crash or by its answer lost: never a failed run. */
class OwnAbortTest {
    @AutoClose private final SyncFixture fixture = new SyncFixture();

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
