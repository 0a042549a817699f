package dev.sfbridge.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sfbridge.bulk.IngestJob;
import dev.sfbridge.testing.BulkApiSimulator;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

class InvoiceSyncTest {
    @AutoClose
    private final SyncFixture fixture = new SyncFixture();

    @Test
    void theWindowsInvoicesAreUpsertedUnderTheirAccountsAndTheWatermarkMovesToTheWindowsEnd() {
        fixture.invoices(120, SyncFixture.NOW.minus(Duration.ofHours(1)));
        // changed inside the lag: not yet, the next run takes it
        fixture.invoice("INV-LATEST", "C-1", SyncFixture.NOW.minusSeconds(30));

        assertEquals(SyncRunner.Outcome.SUCCEEDED, fixture.run());

        assertEquals(120, fixture.bulk.recordCount(SyncFixture.OBJECT));
        Map<String, String> record = fixture.record("INV-00007");
        assertEquals(fixture.bulk.addAccount("C-2"), record.get("Account__c"));
        assertEquals("120.50", record.get("Amount__c"));
        assertEquals("2026-12-01", record.get("Due_On__c"));
        assertEquals(Map.of(), fixture.record("INV-LATEST"));
        SyncState state = fixture.state();
        assertEquals(SyncState.Status.SUCCEEDED, state.status());
        assertEquals(SyncFixture.NOW.minus(SyncFixture.LAG), state.watermark());
        assertEquals(120L, state.counts().get("synced"));
        assertEquals(Map.of("SyncRunsSucceeded[Job=erp-invoices-to-salesforce]", 1L, "SyncRecordsSynced", 120L,
                "TokenRefreshes", 1L), nonZero(fixture.metrics.emitted()));
    }

    @Test
    void aLoadLargerThanOneJobsLimitGoesInSeveralJobsNoneOverTheLimit() {
        // a page of 10 invoices is about 700 bytes of CSV: one page per job
        fixture.settings = new InvoiceSync.Settings(10, 1_000, 1000, 3, SyncFixture.LOOKBACK);
        fixture.bulk.maxUploadBytes(1_000);
        fixture.invoices(100, SyncFixture.NOW.minus(Duration.ofHours(1)));

        assertEquals(SyncRunner.Outcome.SUCCEEDED, fixture.run());

        List<IngestJob.State> states = fixture.bulk.jobs().stream().map(BulkApiSimulator.Job::state).toList();
        assertEquals(java.util.Collections.nCopies(10, IngestJob.State.JobComplete), states);
        assertEquals(100, fixture.bulk.jobs().stream().mapToInt(job -> job.rows()).sum());
        IntStream.rangeClosed(1, 100).forEach(i -> assertEquals(1, fixture.writes("INV-%05d".formatted(i))));
    }

    @Test
    void aRecordCommittedLateInsideTheLookbackIsStillSyncedAndThoseSyncedAlreadyAreNotSentAgain() {
        Instant firstWatermark = SyncFixture.NOW.minus(SyncFixture.LAG);
        fixture.invoice("INV-A", "C-1", firstWatermark.minus(Duration.ofMinutes(5)));
        fixture.invoice("INV-B", "C-1", firstWatermark.minus(Duration.ofMinutes(1)));
        assertEquals(SyncRunner.Outcome.SUCCEEDED, fixture.run());

        // committed after the first run read the feed, with a modification time before its watermark
        fixture.invoice("INV-LATE", "C-2", firstWatermark.minus(Duration.ofMinutes(3)));
        fixture.invoice("INV-NEW", "C-2", firstWatermark.plus(Duration.ofMinutes(2)));
        fixture.clock.advance(Duration.ofMinutes(10));
        assertEquals(SyncRunner.Outcome.SUCCEEDED, fixture.run());

        assertEquals("Invoice INV-LATE", fixture.record("INV-LATE").get("Description__c"));
        assertEquals("Invoice INV-NEW", fixture.record("INV-NEW").get("Description__c"));
        assertEquals(1, fixture.writes("INV-A"));
        assertEquals(1, fixture.writes("INV-B"));
        assertEquals(2L, fixture.state().counts().get("skipped"));
        assertEquals(firstWatermark.plus(Duration.ofMinutes(10)), fixture.state().watermark());
    }

    @Test
    void onAScheduleShorterThanTheLookbackAChangeIsSentOnceNotEveryOtherRun() {
        Instant firstWatermark = SyncFixture.NOW.minus(SyncFixture.LAG);
        fixture.invoice("INV-A", "C-1", firstWatermark.minus(Duration.ofMinutes(1)));
        assertEquals(SyncRunner.Outcome.SUCCEEDED, fixture.run());

        // three more runs a minute apart: each window starts 15 minutes back and reads INV-A again
        for (int run = 0; run < 3; run++) {
            fixture.clock.advance(Duration.ofMinutes(1));
            assertEquals(SyncRunner.Outcome.SUCCEEDED, fixture.run());
            assertEquals(1L, fixture.state().counts().get("skipped"), "run " + (run + 2));
        }

        assertEquals(1, fixture.writes("INV-A"));
    }

    @Test
    void anInvoiceChangedAgainIsSentAgainEvenInsideTheLookback() {
        Instant firstWatermark = SyncFixture.NOW.minus(SyncFixture.LAG);
        fixture.invoice("INV-A", "C-1", firstWatermark.minus(Duration.ofMinutes(5)), "first");
        assertEquals(SyncRunner.Outcome.SUCCEEDED, fixture.run());

        fixture.invoice("INV-A", "C-1", firstWatermark.plus(Duration.ofMinutes(1)), "second");
        fixture.clock.advance(Duration.ofMinutes(5));
        assertEquals(SyncRunner.Outcome.SUCCEEDED, fixture.run());

        assertEquals("second", fixture.record("INV-A").get("Description__c"));
        assertEquals(2, fixture.writes("INV-A"));
    }

    @Test
    void valuesWithQuotesCommasLineBreaksAndNonAsciiReachTheOrgExactly() {
        String awkward = "Line one, with \"quotes\"\nline two; Zürich — 東京 ✓, \r\n  padded  ";
        fixture.invoice("INV-Q", "C-\"1\",x", SyncFixture.NOW.minus(Duration.ofMinutes(30)), awkward);

        assertEquals(SyncRunner.Outcome.SUCCEEDED, fixture.run());

        assertEquals(awkward, fixture.record("INV-Q").get("Description__c"));
        assertEquals(fixture.bulk.addAccount("C-\"1\",x"), fixture.record("INV-Q").get("Account__c"));
    }

    @Test
    void aCachedTokenThatExpiredIsReplacedOnceAndTheRunGoesOn() {
        // one container: the second run starts with the token the first one cached
        BatchSync container = fixture.sync(HttpClient.newHttpClient(), fixture.dynamoDb);
        fixture.invoices(5, SyncFixture.NOW.minus(Duration.ofHours(1)));
        assertEquals(SyncRunner.Outcome.SUCCEEDED, fixture.run(container, () -> Duration.ofMinutes(10)));
        fixture.org.expireTokens();
        fixture.invoice("INV-NEXT", "C-1", SyncFixture.NOW);
        fixture.clock.advance(Duration.ofMinutes(5));

        assertEquals(SyncRunner.Outcome.SUCCEEDED, fixture.run(container, () -> Duration.ofMinutes(10)));

        assertEquals(1, fixture.writes("INV-NEXT"));
        assertEquals(2, fixture.org.tokenRequests());
    }

    @Test
    void aFieldTheErpEmptiedIsEmptiedInSalesforce() {
        fixture.invoice("INV-E", "C-1", SyncFixture.NOW.minus(Duration.ofMinutes(30)), "Licences, November");
        assertEquals(SyncRunner.Outcome.SUCCEEDED, fixture.run());
        assertEquals("Licences, November", fixture.record("INV-E").get("Description__c"));
        fixture.invoice("INV-E", "C-1", SyncFixture.NOW.plus(Duration.ofMinutes(1)), "");
        fixture.clock.advance(Duration.ofMinutes(10));
        assertEquals(SyncRunner.Outcome.SUCCEEDED, fixture.run());
        assertEquals(2, fixture.writes("INV-E"));
        assertNull(fixture.record("INV-E").get("Description__c"), "the ERP emptied it");
    }

    private static Map<String, Long> nonZero(Map<String, Long> emitted) {
        return emitted.entrySet().stream().filter(e -> e.getValue() != 0)
                .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }
}
