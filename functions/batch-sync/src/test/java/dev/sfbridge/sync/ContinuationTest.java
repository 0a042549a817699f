package dev.sfbridge.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

class ContinuationTest {
    @AutoClose
    private final SyncFixture fixture = new SyncFixture();

    @Test
    void aRunNearTheTimeLimitCheckpointsAndAFreshInvocationFinishesItWithoutWaitingForTheSchedule() {
        // one page per job: 8 jobs in all
        fixture.settings = new InvoiceSync.Settings(10, 1_000, 1000, 3, SyncFixture.LOOKBACK);
        fixture.invoices(80, SyncFixture.NOW.minus(Duration.ofHours(1)));

        // the run looks at the time left before each job: four jobs' worth
        assertEquals(SyncRunner.Outcome.PAUSED, fixture.run(HttpClient.newHttpClient(), fixture.dynamoDb, timeLeftFor(4)));
        assertEquals(3, fixture.bulk.jobs().size());

        assertEquals(List.of(InvoiceSync.NAME), fixture.continuations);
        SyncState paused = fixture.state();
        assertEquals(SyncState.Status.RUNNING, paused.status());
        assertFalse(paused.restart().isEmpty());
        assertTrue(fixture.bulk.recordCount(SyncFixture.OBJECT) < 80);
        assertEquals(null, paused.watermark());

        // the continuation message's invocation: the lease was given up, so it starts at once
        assertEquals(SyncRunner.Outcome.SUCCEEDED, fixture.run());

        IntStream.rangeClosed(1, 80).forEach(i -> assertEquals(1, fixture.writes("INV-%05d".formatted(i))));
        assertEquals(SyncFixture.NOW.minus(SyncFixture.LAG), fixture.state().watermark());
        assertEquals(1, fixture.continuations.size());
    }

    @Test
    void aJobStillInProgressAtTheTimeLimitIsAwaitedByTheFreshInvocationNotSentAgain() {
        fixture.invoices(20, SyncFixture.NOW.minus(Duration.ofHours(1)));
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        fixture.bulk.holdJobs(release);

        // the retry phase's look, the job's, then the first look while the job is processed: time is up
        assertEquals(SyncRunner.Outcome.PAUSED, fixture.run(HttpClient.newHttpClient(), fixture.dynamoDb, timeLeftFor(2)));
        String jobId = fixture.state().restart().get("jobId");
        assertTrue(jobId != null, fixture.state().restart().toString());

        release.countDown();
        assertEquals(SyncRunner.Outcome.SUCCEEDED, fixture.run());

        assertEquals(List.of(jobId), fixture.bulk.jobs().stream().map(dev.sfbridge.testing.BulkApiSimulator.Job::id).toList());
        IntStream.rangeClosed(1, 20).forEach(i -> assertEquals(1, fixture.writes("INV-%05d".formatted(i))));
    }

    /** Plenty of time for the first {@code looks} looks at the clock, then less than the run's margin. */
    private static Supplier<Duration> timeLeftFor(int looks) {
        AtomicInteger looked = new AtomicInteger();
        return () -> looked.incrementAndGet() <= looks ? Duration.ofMinutes(10) : Duration.ofSeconds(10);
    }
}
