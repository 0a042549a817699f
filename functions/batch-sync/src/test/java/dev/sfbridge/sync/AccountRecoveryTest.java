package dev.sfbridge.sync;

import static dev.sfbridge.sync.SyncFixture.HOUR_AGO;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sfbridge.testing.BulkApiSimulator;
import dev.sfbridge.testing.ErpSimulator;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * The account sync when things go wrong: an invocation killed mid-download, a query job gone, the ERP down in the
 * middle of a set, and customers the ERP refuses: no Account missing, none written twice.
 */
class AccountRecoveryTest {
    @AutoClose
    private final SyncFixture fixture = new SyncFixture();

    @Test
    void aCrashMidDownloadResumesFromTheStoredLocatorWithNoGapAndNoDuplicate() {
        List<String> ids = fixture.accounts(10, HOUR_AGO);

        // the second set is downloaded, then the invocation dies before it sends any of its rows
        crash(afterResults(2));
        Map<String, String> restart = fixture.state(AccountSync.NAME).restart();
        assertEquals("0", restart.get("row"));
        assertTrue(!restart.get("locator").isEmpty(), "the second set's locator is stored: " + restart);
        assertEquals(4, ids.stream().filter(id -> fixture.erp.customerWrites(id) == 1).count(), "the first set only");
        rerun();

        assertEquals(1, fixture.queries.jobs().size(), "the same job, read on");
        assertEquals(4, fixture.queries.resultsCalls(), "sets one and two, then two again and three");
        ids.forEach(id -> assertEquals(1, fixture.erp.customerWrites(id), id));
    }

    @Test
    void aJobGoneBeforeItsResultsWereReadIsQueriedAgain() {
        List<String> ids = fixture.accounts(10, HOUR_AGO);
        crash(afterResults(1));
        String first = fixture.state(AccountSync.NAME).restart().get("jobId");
        // deleted by someone, or expired: Salesforce deletes jobs 7 days after they ended
        fixture.queries.expire(first);

        rerun();

        assertEquals(1, fixture.queries.jobs().size(), "the gone one is no longer listed, its replacement is");
        assertTrue(!fixture.queries.jobs().getFirst().id().equals(first));
        assertEquals(2L, fixture.state(AccountSync.NAME).counts().get("jobs"));
        ids.forEach(id -> assertEquals(1, fixture.erp.customerWrites(id), id));
    }

    @Test
    void anErpDownInTheMiddleOfASetInterruptsTheRunWhichGoesOnFromThatRow() {
        List<String> ids = fixture.accounts(10, HOUR_AGO);
        // the sixth Account (second set, second row) meets a 503 on each of the client's three attempts
        String sixth = ids.get(5);
        fixture.erp.failNext(sixth, 3, ErpSimulator.Fault.unavailable());

        assertEquals(SyncRunner.Outcome.INTERRUPTED, fixture.runAccounts());
        assertEquals("1", fixture.state(AccountSync.NAME).restart().get("row"), "one row of the set was done");

        assertEquals(SyncRunner.Outcome.SUCCEEDED, fixture.runAccounts());
        ids.forEach(id -> assertEquals(1, fixture.erp.customerWrites(id), id));
        assertEquals(SyncFixture.NOW.minus(SyncFixture.LAG), fixture.state(AccountSync.NAME).watermark());
    }

    @Test
    void aRunNearTheTimeLimitPausesMidSetAndTheContinuationGoesOnFromTheSameRow() {
        List<String> ids = fixture.accounts(10, HOUR_AGO);
        // time runs short once six customers were sent: the first set and two rows of the second
        assertEquals(SyncRunner.Outcome.PAUSED, fixture.runAccounts(HttpClient.newHttpClient(),
                () -> fixture.erp.customerRequests() >= 6 ? Duration.ofSeconds(1) : Duration.ofMinutes(10)));
        assertEquals(List.of(AccountSync.NAME), fixture.continuations);
        assertEquals("2", fixture.state(AccountSync.NAME).restart().get("row"));

        assertEquals(SyncRunner.Outcome.SUCCEEDED, fixture.runAccounts());

        ids.forEach(id -> assertEquals(1, fixture.erp.customerWrites(id), id));
    }

    @Test
    void aMappingChangedWhileARunIsInFlightQueriesAgainAndSendsNoNullForAFieldTheOldJobLacks() {
        List<String> ids = IntStream.rangeClosed(1, 10).mapToObj(i -> fixture.queries.addAccount(Map.of(
                BulkApiSimulator.CUSTOMER_NUMBER, "C-%05d".formatted(i), "Name", "Account " + i, "Phone", phone(i)),
                HOUR_AGO.plusSeconds(i))).toList();
        assertEquals(SyncRunner.Outcome.PAUSED, fixture.runAccounts(HttpClient.newHttpClient(),
                () -> fixture.erp.customerRequests() >= 6 ? Duration.ofSeconds(1) : Duration.ofMinutes(10)));

        // deployed with phone mapped while the run is paused mid-set: the old job's CSV has no Phone column
        fixture.accountMapping = AccountMapping.parse(AccountMapping.DEFAULT_FIELDS + ",phone=Phone");
        assertEquals(SyncRunner.Outcome.SUCCEEDED, fixture.runAccounts());

        for (int i = 1; i <= 10; i++) {
            assertEquals(phone(i), fixture.erp.customer(ids.get(i - 1)).orElseThrow().fields().get("phone"), ids.get(i - 1));
        }
        assertEquals(2, fixture.queries.jobs().size(), "the window queried again with the new fields");
    }

    @Test
    void anErrorRowKeptUnderAnOlderMappingSendsNoNullForAFieldItLacks() {
        String refused = fixture.queries.addAccount(Map.of(BulkApiSimulator.CUSTOMER_NUMBER, "C-00001", "Name", "Account 1",
                "Phone", phone(1)), HOUR_AGO);
        fixture.erp.failNext(refused, 1, ErpSimulator.Fault.rejected(422, "validation_failed", "billingCountry is unknown"));
        assertEquals(SyncRunner.Outcome.SUCCEEDED, fixture.runAccounts());

        fixture.accountMapping = AccountMapping.parse(AccountMapping.DEFAULT_FIELDS + ",phone=Phone");
        fixture.clock.advance(Duration.ofMinutes(10));
        assertEquals(SyncRunner.Outcome.SUCCEEDED, fixture.runAccounts());

        Map<String, Object> sent = fixture.erp.customer(refused).orElseThrow().fields();
        assertEquals("C-00001", sent.get("customerNumber"));
        assertFalse(sent.containsKey("phone"), "a field the kept row knows nothing of is not sent as null: " + sent);
    }

    @Test
    void aCustomerRefusedInTheRetryAndAgainAsANewerChangeCountsOneAttemptForTheRun() {
        String refused = fixture.accounts(1, HOUR_AGO).getFirst();
        fixture.erp.failNext(refused, 3, ErpSimulator.Fault.rejected(422, "validation_failed", "billingCountry is unknown"));
        assertEquals(SyncRunner.Outcome.SUCCEEDED, fixture.runAccounts());

        fixture.queries.changeAccount(refused, Map.of("BillingCity", "Grenoble"), SyncFixture.NOW.plus(Duration.ofMinutes(1)));
        fixture.clock.advance(Duration.ofMinutes(10));
        assertEquals(SyncRunner.Outcome.SUCCEEDED, fixture.runAccounts());

        SyncError error = fixture.errors(fixture.dynamoDb).errors(AccountSync.NAME).toList().getFirst();
        assertEquals(3, fixture.erp.customerRequests(), "sent in the first run, then in the retry and as the newer change");
        assertEquals(2, error.attempts(), "one attempt per run");
        assertEquals("Grenoble", error.row().get("BillingCity"), "the newest row is kept");
    }

    private static String phone(int i) {
        return "+33 4 72 00 00 %02d".formatted(i);
    }

    @Test
    void aCustomerTheErpRefusesGoesToTheErrorTableAndOnceFixedIsSentAndRemoved() {
        List<String> ids = fixture.accounts(3, HOUR_AGO);
        String refused = ids.get(1);
        fixture.erp.failNext(refused, 1, ErpSimulator.Fault.rejected(422, "validation_failed", "billingCountry is unknown"));

        assertEquals(SyncRunner.Outcome.SUCCEEDED, fixture.runAccounts());
        SyncError error = fixture.errors(fixture.dynamoDb).errors(AccountSync.NAME).toList().getFirst();
        assertEquals(refused, error.key());
        assertTrue(error.error().contains("billingCountry is unknown"), error.error());
        assertEquals(1, error.attempts());
        assertEquals("C-00002", error.row().get("ERP_Customer_Number__c"));
        assertEquals(0, fixture.erp.customerWrites(refused));
        assertEquals(1L, fixture.state(AccountSync.NAME).counts().get("failed"));

        // the ERP fixed; the Account itself did not change, the next run sends its kept row again
        fixture.clock.advance(Duration.ofMinutes(10));
        assertEquals(SyncRunner.Outcome.SUCCEEDED, fixture.runAccounts());

        assertEquals(1, fixture.erp.customerWrites(refused));
        assertEquals("C-00002", fixture.erp.customer(refused).orElseThrow().fields().get("customerNumber"));
        assertEquals(List.of(), fixture.errors(fixture.dynamoDb).errors(AccountSync.NAME).toList());
    }

    @Test
    void aCustomerRefusedAtEveryAttemptIsParkedAtTheLimitAndNotSentAgain() {
        String refused = fixture.accounts(2, HOUR_AGO).getFirst();
        fixture.erp.failNext(refused, 10, ErpSimulator.Fault.rejected(409, "conflict", "customerNumber belongs to another account"));
        fixture.metrics.clear();

        for (int run = 1; run <= 3; run++) {
            assertEquals(SyncRunner.Outcome.SUCCEEDED, fixture.runAccounts());
            fixture.clock.advance(Duration.ofMinutes(10));
        }
        SyncError parked = fixture.errors(fixture.dynamoDb).errors(AccountSync.NAME).toList().getFirst();
        assertTrue(parked.parked());
        assertEquals(3, parked.attempts());
        assertEquals(1L, fixture.metrics.emitted().get("SyncErrorsParked"));
        int requests = fixture.erp.customerRequests();

        assertEquals(SyncRunner.Outcome.SUCCEEDED, fixture.runAccounts());

        assertEquals(requests, fixture.erp.customerRequests(), "a parked customer waits for an operator");
    }

    /** Crashes after the {@code n}th results call was answered. */
    private static CrashingHttpClient afterResults(int n) {
        AtomicInteger seen = new AtomicInteger();
        return new CrashingHttpClient(request -> request.method().equals("GET") && request.uri().getPath().endsWith("/results")
                && seen.incrementAndGet() == n);
    }

    private void crash(CrashingHttpClient client) {
        assertThrows(CrashingHttpClient.Crash.class, () -> fixture.runAccounts(client, () -> Duration.ofMinutes(10)));
        assertTrue(client.crashed());
        assertEquals(null, fixture.state(AccountSync.NAME).watermark());
    }

    /** The next scheduled invocation, once the dead one's lease has run out. */
    private void rerun() {
        assertEquals(SyncRunner.Outcome.BUSY, fixture.runAccounts(), "the dead invocation's lease still holds");
        fixture.clock.advance(Duration.ofMinutes(21));
        assertEquals(SyncRunner.Outcome.SUCCEEDED, fixture.runAccounts());
        assertEquals(SyncFixture.NOW.minus(SyncFixture.LAG), fixture.state(AccountSync.NAME).watermark(), "the first run's window");
    }
}
