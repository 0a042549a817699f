package dev.sfbridge.sync;

import static dev.sfbridge.sync.SyncFixture.HOUR_AGO;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sfbridge.bulk.QueryJob;
import dev.sfbridge.testing.BulkQuerySimulator;
import dev.sfbridge.testing.ErpSimulator;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Salesforce → ERP: the window's Accounts read by a queryAll job over several sets of results and upserted into the
 * ERP's customers, against the simulated org and ERP.
 */
class AccountSyncTest {
    @AutoClose
    private final SyncFixture fixture = new SyncFixture();

    @Test
    void theWindowsAccountsReachTheErpOverThreeSetsOnceEachAndTheWatermarkMovesToTheWindowsEnd() {
        List<String> ids = fixture.accounts(10, HOUR_AGO);
        String tooNew = fixture.account("C-NEW", SyncFixture.NOW.minus(Duration.ofSeconds(30)));

        assertEquals(SyncRunner.Outcome.SUCCEEDED, fixture.runAccounts());

        ids.forEach(id -> assertEquals(1, fixture.erp.customerWrites(id), id));
        ErpSimulator.Customer first = fixture.erp.customer(ids.getFirst()).orElseThrow();
        assertEquals("C-00001", first.fields().get("customerNumber"));
        assertEquals("Lyon", first.fields().get("billingCity"));
        assertTrue(first.fields().containsKey("billingStreet") && first.fields().get("billingStreet") == null, first.toString());
        assertTrue(first.active());
        assertEquals(HOUR_AGO.plusSeconds(1), first.sourceModifiedAt());
        assertEquals(0, fixture.erp.customerWrites(tooNew), "inside the lag: left to the next run");
        assertEquals(3, fixture.queries.resultsCalls(), "ten Accounts in sets of four");
        assertEquals(1, fixture.queries.jobs().size());
        assertEquals("queryAll", fixture.queries.jobs().getFirst().operation());
        SyncState state = fixture.state(AccountSync.NAME);
        assertEquals(SyncFixture.NOW.minus(SyncFixture.LAG), state.watermark());
        assertEquals(10L, state.counts().get("synced"));
        assertEquals(10L, state.counts().get("read"));
    }

    @Test
    void theStatementHasTheWindowAndNoOrderByOrLimit() {
        fixture.accounts(3, HOUR_AGO);

        assertEquals(SyncRunner.Outcome.SUCCEEDED, fixture.runAccounts());

        String statement = fixture.queries.statements().getFirst();
        assertEquals("SELECT Id, SystemModstamp, IsDeleted, ERP_Customer_Number__c, Name, BillingStreet, BillingCity, BillingPostalCode,"
                + " BillingState, BillingCountry FROM Account WHERE SystemModstamp >= " + fixture.runnerSettings.firstStart()
                + " AND SystemModstamp < " + SyncFixture.NOW.minus(SyncFixture.LAG), statement);
        assertFalse(statement.toUpperCase().contains("ORDER BY") || statement.toUpperCase().contains("LIMIT"), statement);
        assertEquals(List.of(), fixture.queries.refusedStatements());
    }

    @Test
    void aDeletedAccountReachesTheErpAsADeactivation() {
        String id = fixture.account("C-1", HOUR_AGO);
        assertEquals(SyncRunner.Outcome.SUCCEEDED, fixture.runAccounts());
        fixture.queries.deleteAccount(id, SyncFixture.NOW.plus(Duration.ofMinutes(1)));
        fixture.clock.advance(Duration.ofMinutes(10));

        assertEquals(SyncRunner.Outcome.SUCCEEDED, fixture.runAccounts());

        ErpSimulator.Customer customer = fixture.erp.customer(id).orElseThrow();
        assertFalse(customer.active());
        assertEquals("C-1", customer.fields().get("customerNumber"));
        assertEquals(1, fixture.erp.deactivatedCustomers());
        assertEquals(1L, fixture.state(AccountSync.NAME).counts().get("deactivated"));
    }

    @Test
    void aLateCommitInsideTheLookbackIsStillSyncedAndThoseSyncedAlreadyAreNotSentAgain() {
        Instant watermark = SyncFixture.NOW.minus(SyncFixture.LAG);
        String early = fixture.account("C-EARLY", watermark.minus(Duration.ofMinutes(5)));
        assertEquals(SyncRunner.Outcome.SUCCEEDED, fixture.runAccounts());
        // committed after the run read the window, stamped before its end
        String late = fixture.account("C-LATE", watermark.minus(Duration.ofMinutes(1)));
        fixture.clock.advance(Duration.ofMinutes(15));

        assertEquals(SyncRunner.Outcome.SUCCEEDED, fixture.runAccounts());

        assertEquals(1, fixture.erp.customerWrites(late));
        assertEquals(1, fixture.erp.customerWrites(early), "read again inside the lookback, skipped");
        assertEquals(1L, fixture.state(AccountSync.NAME).counts().get("skipped"));
        assertEquals(watermark.minus(SyncFixture.LOOKBACK).toString(), fixture.queries.statements().get(1)
                .replaceAll(".*SystemModstamp >= (\\S+) AND.*", "$1"));
    }

    @Test
    void onAScheduleShorterThanTheLookbackAnAccountIsSentOnceNotEveryOtherRun() {
        Instant watermark = SyncFixture.NOW.minus(SyncFixture.LAG);
        String id = fixture.account("C-1", watermark.minus(Duration.ofMinutes(1)));
        assertEquals(SyncRunner.Outcome.SUCCEEDED, fixture.runAccounts());

        // three more runs a minute apart: each window starts 15 minutes back and reads the Account again
        for (int run = 0; run < 3; run++) {
            fixture.clock.advance(Duration.ofMinutes(1));
            assertEquals(SyncRunner.Outcome.SUCCEEDED, fixture.runAccounts());
            assertEquals(1L, fixture.state(AccountSync.NAME).counts().get("skipped"), "run " + (run + 2));
        }

        assertEquals(1, fixture.erp.customerWrites(id));
    }

    @Test
    void anAccountChangedAgainIsSentAgainWithItsNewerValues() {
        String id = fixture.account("C-1", HOUR_AGO);
        assertEquals(SyncRunner.Outcome.SUCCEEDED, fixture.runAccounts());
        fixture.queries.changeAccount(id, Map.of("Name", "Renamed, \"Ltd\"\nÜmlaut"), SyncFixture.NOW.plus(Duration.ofMinutes(1)));
        fixture.clock.advance(Duration.ofMinutes(10));

        assertEquals(SyncRunner.Outcome.SUCCEEDED, fixture.runAccounts());

        assertEquals("Renamed, \"Ltd\"\nÜmlaut", fixture.erp.customer(id).orElseThrow().fields().get("name"));
        assertEquals(2, fixture.erp.customerWrites(id));
    }

    @Test
    void aTokenThatExpiresMidDownloadIsReplacedAndTheSameSetReadFromItsLocatorNotANewJob() {
        List<String> ids = fixture.accounts(10, HOUR_AGO);
        fixture.queries.beforeResults(call -> {
            if (call == 2) {
                fixture.org.expireTokens();
            }
        });

        assertEquals(SyncRunner.Outcome.SUCCEEDED, fixture.runAccounts());

        assertEquals(1, fixture.queries.jobs().size(), "the job was not created again");
        assertEquals(2, fixture.org.tokenRequests(), "the expired token was replaced once");
        assertEquals(3, fixture.queries.resultsCalls(), "three sets answered, the third after its first ask was refused 401");
        ids.forEach(id -> assertEquals(1, fixture.erp.customerWrites(id), id));
    }

    @Test
    void resultsAreReadWithTheVersionStoredWithTheJobAfterTheSettingChanged() {
        List<String> ids = fixture.accounts(10, HOUR_AGO);
        AtomicReference<SyncRunner.Outcome> paused = new AtomicReference<>();
        // the first invocation runs out of time after the first set
        int[] looks = {0};
        paused.set(fixture.runAccounts(java.net.http.HttpClient.newHttpClient(), () -> fixture.queries.resultsCalls() >= 1 && looks[0]++ > 0
                ? Duration.ofSeconds(1) : Duration.ofMinutes(10)));
        assertEquals(SyncRunner.Outcome.PAUSED, paused.get());
        assertEquals("62.0", fixture.state(AccountSync.NAME).restart().get("apiVersion"));

        fixture.apiVersion = "64.0";
        assertEquals(SyncRunner.Outcome.SUCCEEDED, fixture.runAccounts());

        assertEquals(List.of("62.0"), fixture.queries.jobs().stream().map(BulkQuerySimulator.Job::apiVersion).toList());
        ids.forEach(id -> assertEquals(1, fixture.erp.customerWrites(id), id));
    }

    @ParameterizedTest
    @EnumSource(value = QueryJob.State.class, names = {"Failed", "Aborted"})
    void aJobThatEndsFailedOrAbortedFailsTheRunWithItsReasonLeavesTheWatermarkAndCountsTheAlarmMetric(QueryJob.State end) {
        fixture.accounts(3, HOUR_AGO);
        assertEquals(SyncRunner.Outcome.SUCCEEDED, fixture.runAccounts());
        SyncState before = fixture.state(AccountSync.NAME);
        String changed = fixture.account("C-LATER", SyncFixture.NOW.plus(Duration.ofMinutes(1)));
        fixture.clock.advance(Duration.ofMinutes(10));
        fixture.queries.endNextJob(end, "InvalidBatch : Failed to process query: INVALID_FIELD: No such column 'Billing_X__c'");
        fixture.metrics.clear();

        assertEquals(SyncRunner.Outcome.FAILED, fixture.runAccounts());

        SyncState failed = fixture.state(AccountSync.NAME);
        assertEquals(SyncState.Status.FAILED, failed.status());
        assertTrue(failed.reason().contains("ended " + end) && failed.reason().contains("No such column"), failed.reason());
        assertEquals(before.watermark(), failed.watermark());
        assertEquals(Map.of(), failed.restart());
        assertEquals(1L, fixture.metrics.emitted().get("SyncRunsFailed[Job=salesforce-accounts-to-erp]"));
        assertEquals(0, fixture.erp.customerWrites(changed));

        assertEquals(SyncRunner.Outcome.SUCCEEDED, fixture.runAccounts());
        assertEquals(1, fixture.erp.customerWrites(changed));
    }

    @Test
    void aSecondInvocationWhileTheFirstDownloadsExitsBusyAndChangesNothing() {
        List<String> ids = fixture.accounts(10, HOUR_AGO);
        AtomicReference<SyncRunner.Outcome> second = new AtomicReference<>();
        fixture.queries.beforeResults(call -> {
            if (call == 2) {
                second.set(fixture.runAccounts());
            }
        });

        assertEquals(SyncRunner.Outcome.SUCCEEDED, fixture.runAccounts());

        assertEquals(SyncRunner.Outcome.BUSY, second.get());
        assertEquals(1, fixture.queries.jobs().size());
        ids.forEach(id -> assertEquals(1, fixture.erp.customerWrites(id), id));
    }
}
