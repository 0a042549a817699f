package dev.sfbridge.idempotency;

import dev.sfbridge.testing.IdempotencyTable;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sfbridge.idempotency.IdempotencyStore.Claim;
import dev.sfbridge.idempotency.IdempotencyStore.LeaseLost;
import dev.sfbridge.idempotency.ChangeGuard.Admission;
import dev.sfbridge.retry.Retry;
import dev.sfbridge.testing.EmbeddedDynamoDb;
import dev.sfbridge.testing.Intercepted;
import dev.sfbridge.testing.ThrottlingDynamoDb;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;

class DynamoDbIdempotencyStoreTest {
    private static final Duration LEASE = Duration.ofSeconds(90);
    private static final Duration RETENTION = Duration.ofDays(15);
    private static final Instant T0 = Instant.parse("2026-11-23T12:00:00Z");

    private final DynamoDbClient dynamoDb = EmbeddedDynamoDb.shared().client();
    private final String table = "idempotency-" + UUID.randomUUID();
    private final String key = "notification#04l000000000001AAA";
    private final IdempotencyRecords records = new IdempotencyRecords(dynamoDb, table);

    DynamoDbIdempotencyStoreTest() {
        IdempotencyTable.create(dynamoDb, table);
    }

    private DynamoDbIdempotencyStore store(DynamoDbClient client, int attempts) {
        return new DynamoDbIdempotencyStore(client, table, RETENTION, new Retry(attempts, BackoffStrategy.retryImmediately(), d -> { }));
    }

    private final DynamoDbIdempotencyStore store = store(dynamoDb, 3);

    @Test
    void theFirstClaimWinsAndALiveLeaseKeepsOthersOut() {
        Claim.Acquired first = assertInstanceOf(Claim.Acquired.class, store.claim(key, T0, LEASE));
        assertFalse(first.takenOver());

        assertInstanceOf(Claim.HeldElsewhere.class, store.claim(key, T0.plusSeconds(30), LEASE));
        assertEquals(T0.plus(LEASE), records.read(key, T0.plusSeconds(30)).orElseThrow().leaseExpiresAt());
    }

    @Test
    void aCompletedKeyKeepsItsResultAndRefusesEveryLaterClaim() throws Exception {
        Claim.Acquired claim = assertInstanceOf(Claim.Acquired.class, store.claim(key, T0, LEASE));
        store.complete(claim.lease(), "{\"orderNumber\":\"SO-1\"}", T0.plusSeconds(5));

        Claim.AlreadyCompleted done = assertInstanceOf(Claim.AlreadyCompleted.class, store.claim(key, T0.plus(Duration.ofDays(3)), LEASE));
        assertEquals("{\"orderNumber\":\"SO-1\"}", done.result(), "the later claim is handed the result");
        assertEquals("{\"orderNumber\":\"SO-1\"}", records.read(key, T0.plus(Duration.ofDays(3))).orElseThrow().result());
        assertEquals(DynamoDbIdempotencyStore.Status.COMPLETED, records.read(key, T0.plusSeconds(6)).orElseThrow().status());
    }

    @Test
    void anExpiredLeaseIsTakenOverAndItsOldHolderCanNeitherCompleteNorRelease() {
        Claim.Acquired crashed = assertInstanceOf(Claim.Acquired.class, store.claim(key, T0, LEASE));

        Claim.Acquired takeover = assertInstanceOf(Claim.Acquired.class, store.claim(key, T0.plus(LEASE).plusMillis(1), LEASE));
        assertTrue(takeover.takenOver());

        assertThrows(LeaseLost.class, () -> store.complete(crashed.lease(), "late", T0.plus(LEASE).plusSeconds(2)));
        store.release(crashed.lease());
        assertInstanceOf(Claim.HeldElsewhere.class, store.claim(key, T0.plus(LEASE).plusSeconds(3), LEASE),
                "the old holder's release left the new claim in place");
    }

    @Test
    void aReleasedKeyCanBeClaimedAtOnce() {
        Claim.Acquired claim = assertInstanceOf(Claim.Acquired.class, store.claim(key, T0, LEASE));
        store.release(claim.lease());

        Claim.Acquired again = assertInstanceOf(Claim.Acquired.class, store.claim(key, T0.plusSeconds(1), LEASE));
        assertFalse(again.takenOver());
    }

    @Test
    void aRecordPastItsRetentionCountsAsAbsentBeforeTtlDeletesIt() throws Exception {
        Claim.Acquired claim = assertInstanceOf(Claim.Acquired.class, store.claim(key, T0, LEASE));
        store.complete(claim.lease(), "r", T0);

        Instant later = T0.plus(RETENTION).plusSeconds(1);
        assertTrue(records.read(key, later).isEmpty());
        assertInstanceOf(Claim.Acquired.class, store.claim(key, later, LEASE));
    }

    @Test
    void twoWorkersClaimingAtOnceGetExactlyOneLease() throws Exception {
        for (int round = 0; round < 20; round++) {
            String contested = key + "-" + round;
            CountDownLatch start = new CountDownLatch(1);
            Callable<Claim> claim = () -> {
                start.await();
                return store.claim(contested, T0, LEASE);
            };
            try (ExecutorService workers = Executors.newFixedThreadPool(2)) {
                List<Future<Claim>> claims = List.of(workers.submit(claim), workers.submit(claim));
                start.countDown();
                long acquired = 0;
                for (Future<Claim> c : claims) {
                    acquired += c.get() instanceof Claim.Acquired ? 1 : 0;
                }
                assertEquals(1, acquired, "round " + round);
            }
        }
    }

    @Test
    void throttledCallsAreRetriedToSuccess() throws Exception {
        ThrottlingDynamoDb throttling = new ThrottlingDynamoDb(dynamoDb, call -> call % 2 == 1);
        DynamoDbIdempotencyStore patient = store(throttling.client(), 3);

        Claim.Acquired claim = assertInstanceOf(Claim.Acquired.class, patient.claim(key, T0, LEASE));
        patient.complete(claim.lease(), "done", T0.plusSeconds(1));
        assertInstanceOf(Claim.AlreadyCompleted.class, patient.claim(key, T0.plusSeconds(2), LEASE));
        assertEquals(3, throttling.throttled());
    }

    @Test
    void throttlingThatOutlastsTheRetriesReachesTheCaller() {
        DynamoDbIdempotencyStore impatient = store(new ThrottlingDynamoDb(dynamoDb, call -> true).client(), 3);
        assertThrows(ProvisionedThroughputExceededException.class, () -> impatient.claim(key, T0, LEASE));
    }

    @Test
    void aClaimWhoseAnswerWasLostIsFoundOursByItsRetryWhileAForeignLiveLeaseStaysHeldElsewhere() {
        DynamoDbIdempotencyStore answerLost = store(answerOfFirstCallLost(PutItemRequest.class), 3);

        Claim.Acquired claim = assertInstanceOf(Claim.Acquired.class, answerLost.claim(key, T0, LEASE),
                "the retry met the item its lost first attempt wrote: this claim's own");
        assertEquals(T0.plus(LEASE), claim.lease().expiresAt());
        assertEquals(T0.plus(LEASE), records.read(key, T0).orElseThrow().leaseExpiresAt());
        assertInstanceOf(Claim.HeldElsewhere.class, store.claim(key, T0.plusSeconds(1), LEASE), "it keeps others out");

        String foreign = key + "-held";
        assertInstanceOf(Claim.Acquired.class, store.claim(foreign, T0, LEASE));
        assertInstanceOf(Claim.HeldElsewhere.class, store(answerOfFirstCallLost(PutItemRequest.class), 3)
                .claim(foreign, T0.plusSeconds(1), LEASE), "another worker's live lease is not taken for this one's");
    }

    @Test
    void aCompletionOrAReleaseWhoseAnswerWasLostIsDoneWhenItsRetryFindsItDone() throws Exception {
        Claim.Acquired claim = assertInstanceOf(Claim.Acquired.class, store.claim(key, T0, LEASE));
        store(answerOfFirstCallLost(UpdateItemRequest.class), 3).complete(claim.lease(), "{\"orderNumber\":\"SO-1\"}", T0.plusSeconds(1));
        assertEquals("{\"orderNumber\":\"SO-1\"}", assertInstanceOf(Claim.AlreadyCompleted.class,
                store.claim(key, T0.plusSeconds(2), LEASE)).result());

        String released = key + "-released";
        Claim.Acquired toRelease = assertInstanceOf(Claim.Acquired.class, store.claim(released, T0, LEASE));
        store(answerOfFirstCallLost(DeleteItemRequest.class), 3).release(toRelease.lease());
        assertInstanceOf(Claim.Acquired.class, store.claim(released, T0.plusSeconds(1), LEASE), "released: claimed at once");
    }

    /**
     * A client whose first {@code call} reaches DynamoDB and is applied there, but whose answer never comes back
     * (an attempt timeout, a reset connection): the caller sees a client-side failure and sends it again.
     */
    private DynamoDbClient answerOfFirstCallLost(Class<? extends DynamoDbRequest> call) {
        AtomicBoolean lost = new AtomicBoolean();
        return Intercepted.of(DynamoDbClient.class, dynamoDb).around(call, (request, real) -> {
            Object answer = real.apply(request);
            if (lost.compareAndSet(false, true)) {
                throw SdkClientException.create("injected: the answer was lost after DynamoDB applied the write");
            }
            return answer;
        }).client();
    }

    @Test
    void theRecordGuardAdmitsNewerAndEqualChangesAndRefusesOlderOnes() {
        RecordVersionGuard guard = guard("record");
        Instant changed = Instant.parse("2026-11-20T10:00:00Z");

        assertTrue(guard.admit("00D", "006A", changed, T0));
        assertTrue(guard.admit("00D", "006A", changed, T0), "a retry of the same change");
        assertTrue(guard.admit("00D", "006A", changed.plusSeconds(1), T0));
        assertFalse(guard.admit("00D", "006A", changed, T0), "older than the newest admitted");
        assertTrue(guard.admit("00D", "006B", changed, T0), "records are guarded one by one");
        IntStream.range(0, 3).forEach(i -> assertFalse(guard.admit("00D", "006A", changed.minusSeconds(i), T0)));
    }

    @Test
    void atAnEqualTimeTheRecordGuardAdmitsTheSameDataAndLeavesOtherDataUndecidedUntilTheRecordIsRead() {
        RecordVersionGuard guard = guard("record");
        Instant changed = Instant.parse("2026-11-20T10:00:00Z");

        assertEquals(Admission.ADMITTED, guard.admit("00D", "006A", changed, "digest-b", T0));
        assertEquals(Admission.ADMITTED, guard.admit("00D", "006A", changed, "digest-b", T0), "a repeat of the same change");
        assertEquals(Admission.SAME_TIME_OTHER_DATA, guard.admit("00D", "006A", changed, "digest-a", T0),
                "another change within the same second");
        assertEquals(Admission.STALE, guard.admit("00D", "006A", changed.minusSeconds(1), "digest-a", T0));
        assertTrue(guard.admitRead("00D", "006A", changed, "digest-read", T0), "the record as read decides");
        assertEquals(Admission.SAME_TIME_OTHER_DATA, guard.admit("00D", "006A", changed, "digest-b", T0));
        assertEquals(Admission.ADMITTED, guard.admit("00D", "006A", changed, "digest-read", T0));
        assertFalse(guard.admitRead("00D", "006A", changed.minusSeconds(1), "digest-older", T0));
        assertTrue(guard.admit("00D", "006B", changed, T0), "admitted without a digest");
        assertEquals(Admission.ADMITTED, guard.admit("00D", "006B", changed, "digest-b", T0), "none kept to compare with");
    }

    @Test
    void guardsOfDifferentPrefixesOrderTheirChangesSeparately() {
        RecordVersionGuard records = guard("record");
        RecordVersionGuard statuses = guard("status");
        Instant changed = Instant.parse("2026-11-20T10:00:00Z");

        assertTrue(records.admit("00D", "006A", changed, T0));
        assertTrue(statuses.admit("00D", "006A", changed.minusSeconds(60), T0), "a status is not compared with a record change");
        assertFalse(statuses.admit("00D", "006A", changed.minusSeconds(61), T0));
        assertTrue(records.admit("00D", "006A", changed, T0));
    }

    private RecordVersionGuard guard(String keyPrefix) {
        return new RecordVersionGuard(dynamoDb, table, keyPrefix, RETENTION, new Retry(3, BackoffStrategy.retryImmediately(), d -> { }));
    }
}
