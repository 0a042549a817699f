package dev.sfbridge.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sfbridge.bulk.IngestJob;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

class OverlappingRunsTest {
    @AutoClose
    private final SyncFixture fixture = new SyncFixture();

    @Test
    void aSecondInvocationWhileARunHoldsTheLeaseExitsAtOnceAndChangesNothing() throws Exception {
        fixture.invoices(30, SyncFixture.NOW.minus(Duration.ofHours(1)));
        CountDownLatch release = new CountDownLatch(1);
        fixture.bulk.holdJobs(release);
        CompletableFuture<SyncRunner.Outcome> first = CompletableFuture.supplyAsync(fixture::run);
        awaitAJobInProgress();
        SyncState during = fixture.state();

        SyncRunner.Outcome second = fixture.run();

        assertEquals(SyncRunner.Outcome.BUSY, second);
        assertEquals(1, fixture.bulk.jobs().size());
        assertEquals(during, fixture.state());
        release.countDown();
        assertEquals(SyncRunner.Outcome.SUCCEEDED, first.get(30, TimeUnit.SECONDS));
        assertEquals(30, fixture.bulk.recordCount(SyncFixture.OBJECT));
        assertTrue(fixture.logLines.stream().anyMatch(line -> line.contains("another run holds the lease")), fixture.logLines.toString());
    }

    @Test
    void aRunThatLostItsLeaseToATakeoverStopsAtItsNextCheckpointWithoutWriting() throws Exception {
        SyncControlTable control = fixture.control(fixture.dynamoDb);
        Instant now = SyncFixture.NOW;
        SyncState first = control.acquire(InvoiceSync.NAME, "first", now, now.plus(Duration.ofMinutes(20))).orElseThrow();

        assertTrue(control.acquire(InvoiceSync.NAME, "second", now.plus(Duration.ofMinutes(5)), now.plus(Duration.ofMinutes(25))).isEmpty());
        assertTrue(control.acquire(InvoiceSync.NAME, "second", now.plus(Duration.ofMinutes(21)), now.plus(Duration.ofMinutes(41))).isPresent());

        SyncState late = first.started("run-1", now, now.minus(Duration.ofHours(1)), now);
        org.junit.jupiter.api.Assertions.assertThrows(SyncControlTable.LeaseLost.class,
                () -> control.checkpoint(late, "first", now.plus(Duration.ofMinutes(40))));
        assertEquals(null, fixture.state().runId());
    }

    /** Waits until the first run has closed a job and seen it InProgress (jobs are held there), 30 s at most. */
    private void awaitAJobInProgress() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (fixture.bulk.jobs().stream().noneMatch(job -> job.state() == IngestJob.State.InProgress)) {
            assertTrue(System.nanoTime() < deadline, "the first run never got a job in progress");
            Thread.sleep(5);
        }
    }
}
