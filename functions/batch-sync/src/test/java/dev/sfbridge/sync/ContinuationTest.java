package dev.sfbridge.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ContinuationTest {
    @AutoClose
    private final SyncFixture fixture = new SyncFixture();

    @Test
    void aRunNearTheTimeLimitCheckpointsAndAFreshInvocationFinishesItWithoutWaitingForTheSchedule() {
        // one page per job: 8 jobs in all
        fixture.settings = new InvoiceSync.Settings(10, 1_000, 1000, 3, SyncFixture.LOOKBACK);
        fixture.invoices(80, SyncFixture.NOW.minus(Duration.ofHours(1)));

        // the run looks at the time left before the retry phase, and for each job before it, before its next page,
        // and before each Bulk request: create, upload, close, read it, look at it, its failures, its successes:
        // three jobs' worth
        assertEquals(SyncRunner.Outcome.PAUSED, fixture.run(HttpClient.newHttpClient(), fixture.dynamoDb, timeLeftFor(1 + 3 * 9)));
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

        // the retry phase's look, the job's, the ones before creating, uploading and closing it, reading it and the
        // first look at it; then the look after the wait while it is processed: time is up
        assertEquals(SyncRunner.Outcome.PAUSED, fixture.run(HttpClient.newHttpClient(), fixture.dynamoDb, timeLeftFor(7)));
        String jobId = fixture.state().restart().get("jobId");
        assertTrue(jobId != null, fixture.state().restart().toString());

        release.countDown();
        assertEquals(SyncRunner.Outcome.SUCCEEDED, fixture.run());

        assertEquals(List.of(jobId), fixture.bulk.jobs().stream().map(dev.sfbridge.testing.BulkApiSimulator.Job::id).toList());
        IntStream.rangeClosed(1, 20).forEach(i -> assertEquals(1, fixture.writes("INV-%05d".formatted(i))));
    }

    @Test
    void timeRunningOutWhileTheFeedIsReadPausesBeforeTheNextPageAndCreatesNoJob() {
        fixture.settings = new InvoiceSync.Settings(5, 1024 * 1024, 1000, 3, SyncFixture.LOOKBACK);
        fixture.invoices(20, SyncFixture.NOW.minus(Duration.ofHours(1)));

        // each page costs time: once two were read, less than the margin is left
        assertEquals(SyncRunner.Outcome.PAUSED, fixture.run(HttpClient.newHttpClient(), fixture.dynamoDb,
                () -> fixture.erp.invoiceRequests() >= 2 ? Duration.ofSeconds(10) : Duration.ofMinutes(10)));
        assertEquals(2, fixture.erp.invoiceRequests(), "no page read after the time ran short");
        assertEquals(List.of(), fixture.bulk.jobs(), "no job created, nor uploaded, without the time for it");
        assertEquals(List.of(InvoiceSync.NAME), fixture.continuations);

        assertEquals(SyncRunner.Outcome.SUCCEEDED, fixture.run());
        IntStream.rangeClosed(1, 20).forEach(i -> assertEquals(1, fixture.writes("INV-%05d".formatted(i))));
    }

    @Test
    void timeRunningOutAfterTheLastPageIsReadPausesBeforeTheJobIsCreated() {
        fixture.invoices(20, SyncFixture.NOW.minus(Duration.ofHours(1)));

        assertEquals(SyncRunner.Outcome.PAUSED, fixture.run(HttpClient.newHttpClient(), fixture.dynamoDb,
                () -> fixture.erp.invoiceRequests() >= 1 ? Duration.ofSeconds(10) : Duration.ofMinutes(10)));
        assertEquals(List.of(), fixture.bulk.jobs());

        assertEquals(SyncRunner.Outcome.SUCCEEDED, fixture.run());
        IntStream.rangeClosed(1, 20).forEach(i -> assertEquals(1, fixture.writes("INV-%05d".formatted(i))));
    }

    @Test
    void timeRunningOutAfterASetOfAccountsPausesBeforeTheNextSetIsDownloaded() {
        List<String> ids = fixture.accounts(10, SyncFixture.HOUR_AGO);

        // four Accounts a set: the time runs short with the first set's last customer
        assertEquals(SyncRunner.Outcome.PAUSED, fixture.runAccounts(HttpClient.newHttpClient(),
                () -> fixture.erp.customerRequests() >= 4 ? Duration.ofSeconds(10) : Duration.ofMinutes(10)));
        assertEquals(1, fixture.queries.resultsCalls(), "the next set is not downloaded without the time to send it");
        assertEquals(List.of(AccountSync.NAME), fixture.continuations);

        assertEquals(SyncRunner.Outcome.SUCCEEDED, fixture.runAccounts());
        ids.forEach(id -> assertEquals(1, fixture.erp.customerWrites(id), id));
    }

    @Test
    void aJobUploadedWhenTheTimeRanShortIsClosedByTheContinuationNotGivenUp() {
        fixture.invoices(20, SyncFixture.NOW.minus(Duration.ofHours(1)));

        // the retry phase's look, the job's, the ones before creating and uploading it; the one before closing it: time is up
        assertEquals(SyncRunner.Outcome.PAUSED, fixture.run(HttpClient.newHttpClient(), fixture.dynamoDb, timeLeftFor(4)));
        String jobId = fixture.state().restart().get("jobId");
        assertEquals(jobId, fixture.state().restart().get(InvoiceSync.UPLOADED), fixture.state().restart().toString());

        assertEquals(SyncRunner.Outcome.SUCCEEDED, fixture.run());
        assertEquals(List.of(jobId), fixture.bulk.jobs().stream().map(dev.sfbridge.testing.BulkApiSimulator.Job::id).toList(),
                "the uploaded job closed, no second one");
        IntStream.rangeClosed(1, 20).forEach(i -> assertEquals(1, fixture.writes("INV-%05d".formatted(i))));
    }

    @Test
    void timeRunningOutBetweenAJobsFailuresAndItsSuccessesReadsOnlyTheSuccessesAgain() {
        fixture.invoices(20, SyncFixture.NOW.minus(Duration.ofHours(1)));
        fixture.failRecordOnce("INV-00003");

        // ... then the ones before closing it, reading it, looking at it and reading its failures; the one before its successes: time is up
        assertEquals(SyncRunner.Outcome.PAUSED, fixture.run(HttpClient.newHttpClient(), fixture.dynamoDb, timeLeftFor(8)));
        String jobId = fixture.state().restart().get("jobId");
        assertEquals(jobId, fixture.state().restart().get(InvoiceSync.FAILURES_RECORDED), fixture.state().restart().toString());
        assertEquals(1L, fixture.state().counts().get("failed"));

        assertEquals(SyncRunner.Outcome.SUCCEEDED, fixture.run());
        assertEquals(1L, fixture.state().counts().get("failed"), "the failure counted once");
        assertEquals(19L, fixture.state().counts().get("synced"));
        assertEquals(1, fixture.bulk.jobs().size());
    }

    @Test
    void aRunThatPausesBeforeAnyStepFailsInsteadOfHandingOverToAContinuationThatWouldToo() {
        fixture.invoices(5, SyncFixture.NOW.minus(Duration.ofHours(1)));

        // a function Timeout under the margin: every invocation starts with less time than the margin
        assertEquals(SyncRunner.Outcome.FAILED, fixture.run(HttpClient.newHttpClient(), fixture.dynamoDb, () -> Duration.ofSeconds(10)));

        assertEquals(List.of(), fixture.continuations, "no continuation: it would pause at once as well");
        SyncState failed = fixture.state();
        assertEquals(SyncState.Status.FAILED, failed.status());
        assertTrue(failed.reason().contains("before any step"), failed.reason());
        assertEquals(List.of(), fixture.bulk.jobs());

        // with the time to work, the next run syncs the window
        assertEquals(SyncRunner.Outcome.SUCCEEDED, fixture.run());
        IntStream.rangeClosed(1, 5).forEach(i -> assertEquals(1, fixture.writes("INV-%05d".formatted(i))));
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3, 4, 5})
    void noBulkRequestStartsWithLessTimeLeftThanTheMarginThoughEachTakesTheLongestARequestCan(int requestsAnInvocation) {
        // one page per job: 3 jobs; each Bulk request takes the margin (the longest one can take, SyncConfig)
        fixture.settings = new InvoiceSync.Settings(10, 1_000, 10, 3, SyncFixture.LOOKBACK);
        fixture.invoices(30, SyncFixture.NOW.minus(Duration.ofHours(1)));
        Duration margin = fixture.runnerSettings.stopBefore();
        Duration budget = margin.multipliedBy(requestsAnInvocation + 1).plusSeconds(15);
        AtomicReference<Duration> spent = new AtomicReference<>(Duration.ZERO);
        List<Duration> leftAtStart = new CopyOnWriteArrayList<>();
        // CrashingHttpClient tests each request after it is sent, and nothing else moves the time: what was left
        // before its cost is added is what was left when it started
        HttpClient slowBulk = new CrashingHttpClient(request -> {
            if (request.uri().getPath().contains("/jobs/ingest")) {
                leftAtStart.add(budget.minus(spent.get()));
                spent.updateAndGet(margin::plus);
            }
            return false;
        });

        List<SyncRunner.Outcome> outcomes = new ArrayList<>();
        while (outcomes.size() < 40 && !outcomes.contains(SyncRunner.Outcome.SUCCEEDED)) {
            spent.set(Duration.ZERO);
            outcomes.add(fixture.run(slowBulk, fixture.dynamoDb, () -> budget.minus(spent.get())));
        }

        assertEquals(SyncRunner.Outcome.SUCCEEDED, outcomes.getLast(), outcomes.toString());
        assertTrue(outcomes.contains(SyncRunner.Outcome.PAUSED), outcomes.toString());
        leftAtStart.forEach(left -> assertTrue(left.compareTo(margin) >= 0, "a Bulk request started with " + left + " left: " + leftAtStart));
        IntStream.rangeClosed(1, 30).forEach(i -> assertEquals(1, fixture.writes("INV-%05d".formatted(i))));
    }

    /** Plenty of time for the first {@code looks} looks at the clock, then less than the run's margin. */
    private static Supplier<Duration> timeLeftFor(int looks) {
        AtomicInteger looked = new AtomicInteger();
        return () -> looked.incrementAndGet() <= looks ? Duration.ofMinutes(10) : Duration.ofSeconds(10);
    }
}
