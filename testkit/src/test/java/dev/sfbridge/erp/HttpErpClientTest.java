package dev.sfbridge.erp;

import static dev.sfbridge.testing.TestOrders.order;
import static dev.sfbridge.testing.TestOrders.orderWithLines;
import static dev.sfbridge.testing.TestOrders.withLines;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sfbridge.erp.ErpException.Kind;
import dev.sfbridge.model.OrderLine;
import dev.sfbridge.model.OrderRequest;
import dev.sfbridge.model.OrderResult;
import dev.sfbridge.retry.StartDeadline;
import dev.sfbridge.testing.ErpOrderLedger;
import dev.sfbridge.testing.ErpSimulator;
import dev.sfbridge.testing.ErpSimulator.Fault;
import dev.sfbridge.testing.TestClock;
import dev.sfbridge.testing.TestIds;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The client against the simulated ERP over real HTTP, authenticated by API key: upserts, retries, refusals. */
class HttpErpClientTest {
    private static final String KEY = "erp-key-7f3a9c11d2";
    /** For the tests of timeouts: far longer than a warm loopback request, short enough to wait for. */
    private static final Duration SHORT_TIMEOUT = Duration.ofSeconds(1);
    /** For every other test: a slow machine must not turn a request into a timeout. */
    private static final Duration TIMEOUT = Duration.ofSeconds(3);

    private final List<Duration> pauses = new CopyOnWriteArrayList<>();
    private final TestClock clock = new TestClock(Instant.parse("2026-11-23T10:00:00Z"));
    private final ErpSimulator erp = ErpSimulator.withApiKey(KEY);
    private final HttpErpClient client = client(erp.baseUri(), ErpCredentials.fixed(erp.secret()), TIMEOUT);

    /**
     * The first request in a JVM builds Jackson's serializers and starts the server's threads, which can
     * take longer than {@link #SHORT_TIMEOUT}: done here, so that only an injected hang outlasts it.
     */
    /**
     * Order 1 through a client whose requests give up after {@link #SHORT_TIMEOUT} (a hung or lost answer costs
     * little), its first attempt meeting {@code fault}: the retry gets the order's number.
     */
    private void upsertRetriedAfter(Fault fault) throws Exception {
        erp.failNext(1, fault);
        try (HttpErpClient impatient = client(erp.baseUri(), ErpCredentials.fixed(erp.secret()), SHORT_TIMEOUT)) {
            assertEquals("SO-000001", impatient.upsertOrder(order(1)).orderNumber());
        }
        assertEquals(2, erp.requests(), "the first attempt and its retry");
    }

    @BeforeAll
    static void warmUp() throws Exception {
        try (ErpSimulator warm = ErpSimulator.withApiKey(KEY);
             HttpErpClient warming = new HttpErpClient(warm.baseUri(), ErpCredentials.fixed(warm.secret()),
                     HttpErpClient.Settings.defaults())) {
            warming.upsertOrder(order(1));
        }
    }

    @AfterEach
    void close() {
        client.close();
        erp.close();
    }

    @Test
    void aNewOrderIsCreatedAndARepeatReturnsTheSameOrderAsUpdated() throws Exception {
        OrderResult first = client.upsertOrder(order(1));
        OrderResult repeat = client.upsertOrder(order(1));

        assertNotNull(first.statusChangedAt());
        assertEquals(new OrderResult("SO-000001", "OPEN", OrderResult.Write.CREATED, first.statusChangedAt(), clock.instant()), first);
        assertEquals(new OrderResult("SO-000001", "OPEN", OrderResult.Write.UPDATED, first.statusChangedAt(), clock.instant()), repeat,
                "the order took its status when it was created");
        assertEquals(List.of(201, 200), erp.statuses());
        assertEquals(1, erp.ordersCreated());
        assertTrue(pauses.isEmpty());
    }

    @Test
    void theErpStoresEveryFieldAsSentAndARepeatUpdatesThem() throws Exception {
        client.upsertOrder(order(1));
        assertEquals(order(1), erp.order(order(1).salesforceRecordId()).orElseThrow().request());

        OrderRequest changed = withAmount(order(1), new BigDecimal("2500.00"));
        client.upsertOrder(changed);

        assertEquals(changed, erp.order(changed.salesforceRecordId()).orElseThrow().request());
        assertEquals("SO-000001", erp.order(changed.salesforceRecordId()).orElseThrow().orderNumber());
    }

    @Test
    void linesReachTheErpWithEveryDecimalExactAndAChangedListReplacesThem() throws Exception {
        // more digits than a double holds, and trailing zeros a double would drop
        OrderLine exact = new OrderLine(TestIds.id("00k", 1), "GC-1060", "GenWatt Diesel 10kW & <Service>",
                new BigDecimal("3.000"), new BigDecimal("12345678901234567.89"), new BigDecimal("37037036703703703.670"));
        OrderRequest order = withLines(order(1), List.of(exact));
        client.upsertOrder(order);
        assertEquals(order, erp.order(order.salesforceRecordId()).orElseThrow().request());

        OrderRequest changed = orderWithLines(1);
        assertEquals(OrderResult.Write.UPDATED, client.upsertOrder(changed).write());
        assertEquals(changed.lines(), erp.order(order.salesforceRecordId()).orElseThrow().lines());

        client.upsertOrder(order(1));
        assertEquals(changed.lines(), erp.order(order.salesforceRecordId()).orElseThrow().lines(), "sent without lines: kept");
        assertEquals(List.of(201, 200, 200), erp.statuses());
    }

    @Test
    void differentRecordsGetDifferentOrders() throws Exception {
        assertEquals("SO-000001", client.upsertOrder(order(1)).orderNumber());
        assertEquals("SO-000002", client.upsertOrder(order(2)).orderNumber());
        assertEquals(2, erp.ordersCreated());
    }

    @Test
    void serverErrorsAreRetriedWithBackoffUntilTheErpTakesTheOrder() throws Exception {
        erp.failNext(2, Fault.unavailable());

        assertEquals("SO-000001", client.upsertOrder(order(1)).orderNumber());

        assertEquals(List.of(503, 503, 201), erp.statuses());
        assertEquals(2, pauses.size());
        assertTrue(pauses.get(0).compareTo(Duration.ofMillis(100)) <= 0, "first backoff is at most the base delay");
        assertTrue(pauses.get(1).compareTo(Duration.ofMillis(200)) <= 0, "second backoff is at most twice the base");
    }

    @Test
    void aTimeoutIsRetried() throws Exception {
        upsertRetriedAfter(Fault.hang());

        assertEquals(List.of(201), erp.statuses(), "the hung request got no answer");
        assertEquals(1, pauses.size());
    }

    @Test
    void anOrderWrittenWhoseAnswerWasLostIsFoundByTheRetryNotCreatedTwice() throws Exception {
        upsertRetriedAfter(Fault.loseResponse());

        assertEquals(List.of(200), erp.statuses(), "the retry found the order the lost answer was about");
        assertEquals(1, erp.ordersCreated());
        assertEquals(List.of(new ErpOrderLedger.Writes(change(order(1)), 2, 1)), erp.ledger().writes(),
                "written twice, the first write's answer lost: the repeat it justifies");
    }

    /**
     * An attempt held past the client's request timeout and applied only after the client gave up on it: the retry
     * writes the change again, and the ERP must count the first answer lost. It writes that answer to a connection the
     * client has closed, which does not fail, so the client tells the ERP which attempts it gave up on.
     */
    @Test
    void aWriteAppliedAfterItsClientGaveUpOnTheAttemptCountsAsAnAnswerLost() throws Exception {
        OrderRequest order = order(1);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch created = new CountDownLatch(1);
        erp.holdChange(order.salesforceRecordId(), order.sourceModifiedAt(), release).whenCreated(id -> created.countDown());
        // between the attempts: the held one goes on, and the retry is sent once it has created the order
        HttpErpClient.Settings settings = HttpErpClient.Settings.defaults().withTimeouts(TIMEOUT, SHORT_TIMEOUT).withClock(clock)
                .withPause(wait -> {
                    release.countDown();
                    assertTrue(created.await(10, TimeUnit.SECONDS), "the held attempt never wrote");
                }).withTransport(erp::reportingAbandonedAttempts);
        try (HttpErpClient impatient = new HttpErpClient(erp.baseUri(), ErpCredentials.fixed(erp.secret()), settings)) {
            assertEquals(OrderResult.Write.UPDATED, impatient.upsertOrder(order).write());
        }
        erp.close(); // waits for the held attempt's handler to end

        assertEquals(List.of(new ErpOrderLedger.Writes(new ErpOrderLedger.Change(order.salesforceRecordId(), order.sourceModifiedAt()), 2, 1)),
                erp.ledger().writes());
    }

    @Test
    void throttlingWaitsAsLongAsRetryAfterSays() throws Exception {
        erp.failNext(1, Fault.throttled(Duration.ofSeconds(2)));

        client.upsertOrder(order(1));

        assertEquals(List.of(Duration.ofSeconds(2)), pauses);
        assertEquals(List.of(429, 201), erp.statuses());
    }

    @Test
    void retryAfterAsAnHttpDateIsHonoured() throws Exception {
        String inThreeSeconds = DateTimeFormatter.RFC_1123_DATE_TIME
                .format(clock.instant().plusSeconds(3).atOffset(ZoneOffset.UTC));
        erp.failNext(1, new Fault.Respond(503, Map.of("Retry-After", inThreeSeconds), ""));

        client.upsertOrder(order(1));

        assertEquals(List.of(Duration.ofSeconds(3)), pauses);
    }

    @Test
    void aRetryAfterLongerThanTheClientWaitsEndsTheCallAsRetryable() {
        erp.failNext(1, Fault.throttled(Duration.ofSeconds(60)));

        ErpException e = assertThrows(ErpException.class, () -> client.upsertOrder(order(1)));

        assertEquals(Kind.RETRYABLE, e.kind());
        assertEquals(429, e.status());
        assertTrue(e.getMessage().contains("wait 60 s"), e.getMessage());
        assertEquals(1, erp.requests());
        assertTrue(pauses.isEmpty());
    }

    @Test
    void aValidationErrorIsPermanentAtOnceAndSaysWhy() {
        erp.failNext(1, Fault.rejected(400, "validation_failed", "amount must be positive"));

        ErpException e = assertThrows(ErpException.class, () -> client.upsertOrder(order(1)));

        assertEquals(Kind.PERMANENT, e.kind());
        assertEquals(400, e.status());
        assertTrue(e.getMessage().contains("400: validation_failed: amount must be positive"), e.getMessage());
        assertTrue(e.getMessage().contains(order(1).salesforceRecordId()), e.getMessage());
        assertEquals(1, erp.requests());
        assertTrue(pauses.isEmpty());
    }

    @ParameterizedTest
    @ValueSource(ints = {403, 409, 412, 422})
    void otherClientErrorsArePermanent(int status) {
        erp.failNext(1, Fault.rejected(status, "refused", "not this order"));

        ErpException e = assertThrows(ErpException.class, () -> client.upsertOrder(order(1)));

        assertEquals(Kind.PERMANENT, e.kind());
        assertEquals(status, e.status());
        assertEquals(1, erp.requests());
    }

    @Test
    void anotherOrgsChangeOfAnOrderIsRefusedAsPermanentAndChangesNothing() throws Exception {
        OrderRequest production = order(1);
        client.upsertOrder(production);
        // a full-copy sandbox keeps production's record IDs; its change is newer, so only the org can refuse it
        OrderRequest sandbox = new OrderRequest(production.salesforceRecordId(), TestIds.OTHER_ORG,
                production.customerAccountId(), production.name(), new BigDecimal("1.00"), production.closeDate(),
                production.ownerId(), production.stage(), production.sourceModifiedAt().plusSeconds(60), null);

        ErpException e = assertThrows(ErpException.class, () -> client.upsertOrder(sandbox));

        assertEquals(Kind.PERMANENT, e.kind());
        assertEquals(409, e.status());
        assertTrue(e.getMessage().contains("org_mismatch: the ERP holds the order of record " + production.salesforceRecordId()
                + " for another org than " + TestIds.OTHER_ORG), e.getMessage());
        assertEquals(2, erp.requests(), "not retried");
        assertEquals(production, erp.order(production.salesforceRecordId()).orElseThrow().request());
    }

    @Test
    void aSlowOlderChangeThatLandsAfterTheNewerOneIsRefusedAsStale() throws Exception {
        OrderRequest older = order(1);
        OrderRequest newer = changed(older, new BigDecimal("2500.00"), older.sourceModifiedAt().plusSeconds(300));
        CountDownLatch newerAnswered = new CountDownLatch(1);
        erp.holdChange(older.salesforceRecordId(), older.sourceModifiedAt(), newerAnswered);

        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<OrderResult> slow = threads.submit(() -> client.upsertOrder(older));
            assertEquals(OrderResult.Write.CREATED, client.upsertOrder(newer).write());
            newerAnswered.countDown();

            assertEquals(new OrderResult("SO-000001", "OPEN", OrderResult.Write.REFUSED_AS_STALE, null, clock.instant()), slow.get());
        }
        assertEquals(newer, erp.order(older.salesforceRecordId()).orElseThrow().request());
        assertEquals(List.of(201, 412), erp.statuses());
    }

    @Test
    void anOlderChangeThatReachedTheErpBeforeTheNewerOneWasWrittenIsRefusedAsUnderWay() throws Exception {
        OrderRequest older = order(1);
        OrderRequest newer = changed(older, new BigDecimal("2500.00"), older.sourceModifiedAt().plusSeconds(300));
        erp.failNext(older.salesforceRecordId(), 3, Fault.unavailable());
        assertThrows(ErpException.class, () -> client.upsertOrder(older), "three 503s spend the client's tries");

        client.upsertOrder(newer);
        OrderResult refused = client.upsertOrder(older);

        assertEquals(OrderResult.Write.REFUSED_AS_STALE, refused.write());
        assertEquals(List.of(new ErpOrderLedger.StaleRefusal(change(older), newer.sourceModifiedAt(), true)),
                erp.ledger().staleRefusals(), "its requests reached the ERP before the newer change was written");
    }

    @Test
    void anOlderChangeRetriedAfterA503IsRefusedOnceTheNewerOneIsIn() throws Exception {
        OrderRequest older = order(1);
        client.upsertOrder(changed(older, new BigDecimal("2500.00"), older.sourceModifiedAt().plusSeconds(300)));
        erp.failNext(1, Fault.unavailable());

        OrderResult refused = client.upsertOrder(older);

        assertEquals(OrderResult.Write.REFUSED_AS_STALE, refused.write());
        assertEquals("2500.00", erp.order(older.salesforceRecordId()).orElseThrow().request().amount().toPlainString());
        assertEquals(List.of(201, 503, 412), erp.statuses());
        assertEquals(List.of(new ErpOrderLedger.StaleRefusal(change(older), older.sourceModifiedAt().plusSeconds(300), false)),
                erp.ledger().staleRefusals(), "its first request came after the newer change was written: not under way before it");
    }

    @Test
    void aNotFoundComesFromRoutingAndIsRetried() throws Exception {
        erp.failNext(1, Fault.rejected(404, "not_found", "no route"));

        client.upsertOrder(order(1));

        assertEquals(List.of(404, 201), erp.statuses());
    }

    @Test
    void afterTheLastAttemptFailsTheOrderIsRetryable() {
        erp.failNext(10, Fault.unavailable());

        ErpException e = assertThrows(ErpException.class, () -> client.upsertOrder(order(1)));

        assertEquals(Kind.RETRYABLE, e.kind());
        assertEquals(503, e.status());
        assertEquals(3, erp.requests());
        assertEquals(2, pauses.size());
        assertTrue(e.getMessage().contains("in 3 attempts"), e.getMessage());
        SecretLeaks.assertNoneIn(e, KEY);
    }

    @Test
    void theLastAttemptsRetryAfterIsPassedOnSoTheCallersRetryComesNoSooner() {
        erp.failNext(2, Fault.unavailable());
        erp.failNext(1, Fault.throttled(Duration.ofSeconds(600)));

        ErpException e = assertThrows(ErpException.class, () -> client.upsertOrder(order(1)));

        assertEquals(3, erp.requests());
        assertEquals(429, e.status());
        assertEquals(Optional.of(Duration.ofSeconds(600)), e.retryAfter());
    }

    @Test
    void aRetryAfterThatWouldEndPastTheDeadlineIsPassedOnWithTheRefusal() {
        erp.failNext(1, Fault.throttled(Duration.ofSeconds(4)));

        ErpException e = assertThrows(ErpException.class,
                () -> client.upsertOrder(order(1), new StartDeadline(clock.instant().plusSeconds(3), clock)));

        assertEquals(1, erp.requests());
        assertEquals(Optional.of(Duration.ofSeconds(4)), e.retryAfter());
    }

    @Test
    void anErpThatCannotBeReachedIsRetryable() {
        URI closed = erp.baseUri();
        erp.close();

        try (HttpErpClient unreachable = client(closed, ErpCredentials.fixed(erp.secret()), TIMEOUT)) {
            ErpException e = assertThrows(ErpException.class, () -> unreachable.upsertOrder(order(1)));

            assertEquals(Kind.RETRYABLE, e.kind());
            assertEquals(0, e.status());
            assertTrue(e.getMessage().contains("connection failed"), e.getMessage());
            assertEquals(2, pauses.size());
        }
    }

    @Test
    void aSuccessWithoutAnOrderNumberIsAskedAgain() throws Exception {
        erp.failNext(1, new Fault.Respond(200, Map.of(), "{}"));

        assertEquals("SO-000001", client.upsertOrder(order(1)).orderNumber());

        assertEquals(2, erp.requests());
    }

    @Test
    void anOrderNumberOrStatusNoQueueMessageCanCarryIsPermanentAndSaysTheOrderIsWritten() {
        Map<String, String> refused = Map.of(
                "{\"orderNumber\":\"SO-\\uFFFF\",\"status\":\"OPEN\"}", "its orderNumber holds U+FFFF",
                "{\"orderNumber\":\"SO-1\",\"status\":\"OPEN\\uDC00\"}", "its status holds U+DC00",
                "{\"orderNumber\":\"SO-\\u0007\"}", "its orderNumber holds U+0007");
        refused.forEach((answer, why) -> {
            erp.failNext(1, new Fault.Respond(201, Map.of(), answer));
            int before = erp.requests();

            ErpException e = assertThrows(ErpException.class, () -> client.upsertOrder(order(1)), answer);

            assertEquals(Kind.PERMANENT, e.kind(), answer);
            assertEquals(201, e.status(), answer);
            assertTrue(e.getMessage().contains(why) && e.getMessage().contains("the order is written"), e.getMessage());
            assertEquals(before + 1, erp.requests(), "the ERP answers the same again: not asked twice");
        });
    }

    @Test
    void anAnswerSaysWhenTheOrderTookItsStatusOrNothing() throws Exception {
        erp.failNext(1, new Fault.Respond(201, Map.of(), "{\"orderNumber\":\"SO-1\",\"status\":\"OPEN\",\"statusChangedAt\":\"2026-11-20T10:05:00.123Z\"}"));
        erp.failNext(1, new Fault.Respond(200, Map.of(), "{\"orderNumber\":\"SO-1\",\"status\":\"OPEN\"}"));

        assertEquals(Instant.parse("2026-11-20T10:05:00.123Z"), client.upsertOrder(order(1)).statusChangedAt());
        assertNull(client.upsertOrder(order(1)).statusChangedAt());
    }

    /**
     * The 100,000 chaos run's case without the ERP's time: the first attempt is applied and its answer lost, the ERP
     * moves the order on before the retry, and the retry's answer holds that move. The answer is the ERP's as of the
     * retry's sending, not the call's start.
     */
    @Test
    void anAnswerSaysWhenTheRequestItAnswersWasSentNotWhenTheCallBegan() throws Exception {
        erp.failNext(1, Fault.loseResponse());
        Instant began = clock.instant();
        try (HttpErpClient pausing = new HttpErpClient(erp.baseUri(), ErpCredentials.fixed(erp.secret()),
                HttpErpClient.Settings.defaults().withTimeouts(TIMEOUT, SHORT_TIMEOUT).withClock(clock)
                        .withPause(wait -> clock.advance(wait.plusSeconds(5))))) {
            OrderResult answered = pausing.upsertOrder(order(1));

            assertEquals(2, erp.requests(), "the lost answer's attempt and the retry");
            assertEquals(clock.instant(), answered.answeredSentAt(), "the retry was sent after the pause");
            assertFalse(answered.answeredSentAt().isBefore(began.plusSeconds(5)), answered.answeredSentAt() + " before the pause's end");
        }
    }

    @Test
    void aStatusTimeThatIsNoTimeIsPermanentAndSaysTheOrderIsWritten() {
        for (String time : List.of("\"yesterday\"", "\"2026-11-20 10:05\"", "\"2026-11-20T10:05:00\"", "12")) {
            erp.failNext(1, new Fault.Respond(200, Map.of(), "{\"orderNumber\":\"SO-1\",\"status\":\"OPEN\",\"statusChangedAt\":" + time + "}"));

            ErpException e = assertThrows(ErpException.class, () -> client.upsertOrder(order(1)), time);

            assertEquals(Kind.PERMANENT, e.kind(), time);
            assertTrue(e.getMessage().contains("statusChangedAt is no ISO-8601 time") && e.getMessage().contains("the order is written"),
                    e.getMessage());
        }
    }

    @Test
    void aRefusedChangesAnswerIsTakenWhateverItsStatusTime() throws Exception {
        erp.failNext(1, new Fault.Respond(412, Map.of(), "{\"error\":\"stale_change\",\"orderNumber\":\"SO-1\",\"statusChangedAt\":\"soon\"}"));

        OrderResult refused = client.upsertOrder(order(1));

        assertEquals(OrderResult.Write.REFUSED_AS_STALE, refused.write());
        assertNull(refused.statusChangedAt());
    }

    @Test
    void anOrderNumberBeyondTheBasicPlaneIsTakenAsItIs() throws Exception {
        erp.failNext(1, new Fault.Respond(201, Map.of(), "{\"orderNumber\":\"SO-\\uD83D\\uDE00\",\"status\":\"OPEN\"}"));

        assertEquals("SO-\uD83D\uDE00", client.upsertOrder(order(1)).orderNumber());
    }

    @Test
    void anOrderWithoutAValidRecordIdIsPermanentAndNotSent() {
        ErpException e = assertThrows(ErpException.class, () -> client.upsertOrder(withRecordId(order(1), "../admin")));

        assertEquals(Kind.PERMANENT, e.kind());
        assertEquals(0, erp.requests());
    }

    @Test
    void aRotatedKeyIsReadAgainOnceAfterA401() throws Exception {
        SwitchingCredentials credentials = new SwitchingCredentials(new ErpSecret.ApiKey("old-key-1234"), erp.secret());

        try (HttpErpClient rotated = client(erp.baseUri(), credentials, TIMEOUT)) {
            assertEquals("SO-000001", rotated.upsertOrder(order(1)).orderNumber());
        }

        assertEquals(List.of(401, 201), erp.statuses());
        assertEquals(1, credentials.reloads());
        assertTrue(pauses.isEmpty(), "a reload is not a failure to back off from");
    }

    @Test
    void aKeyRefusedAgainAfterReloadingIsRetryableAsARotationInProgressAndNeverQuoted() {
        String wrong = "wrong-key-5678";
        SwitchingCredentials credentials = new SwitchingCredentials(new ErpSecret.ApiKey(wrong), new ErpSecret.ApiKey(wrong));

        try (HttpErpClient refused = client(erp.baseUri(), credentials, TIMEOUT)) {
            ErpException e = assertThrows(ErpException.class, () -> refused.upsertOrder(order(1)));

            assertEquals(Kind.RETRYABLE, e.kind(), "the ERP may not take the new secret yet: the queue's backoff retries it");
            assertEquals(401, e.status());
            assertEquals(List.of(401, 401), erp.statuses());
            assertEquals(1, credentials.reloads());
            SecretLeaks.assertNoneIn(e, wrong);
        }
    }

    @Test
    void anErpMessageQuotingTheKeyIsRedacted() {
        erp.failNext(1, Fault.rejected(403, "forbidden", "key " + KEY + " may not create orders"));

        ErpException e = assertThrows(ErpException.class, () -> client.upsertOrder(order(1)));

        assertTrue(e.getMessage().contains("key *** may not create orders"), e.getMessage());
        SecretLeaks.assertNoneIn(e, KEY);
    }

    private HttpErpClient client(URI baseUri, ErpCredentials credentials, Duration requestTimeout) {
        return new HttpErpClient(baseUri, credentials, HttpErpClient.Settings.defaults()
                .withTimeouts(TIMEOUT, requestTimeout).withPause(pauses::add).withClock(clock));
    }

    private static OrderRequest withAmount(OrderRequest o, BigDecimal amount) {
        return changed(o, amount, o.sourceModifiedAt());
    }

    private static OrderRequest changed(OrderRequest o, BigDecimal amount, Instant sourceModifiedAt) {
        return new OrderRequest(o.salesforceRecordId(), o.salesforceOrgId(), o.customerAccountId(), o.name(), amount,
                o.closeDate(), o.ownerId(), o.stage(), sourceModifiedAt, o.lines());
    }

    private static OrderRequest withRecordId(OrderRequest o, String recordId) {
        return new OrderRequest(recordId, o.salesforceOrgId(), o.customerAccountId(), o.name(), o.amount(),
                o.closeDate(), o.ownerId(), o.stage(), o.sourceModifiedAt(), o.lines());
    }

    private static ErpOrderLedger.Change change(OrderRequest order) {
        return new ErpOrderLedger.Change(order.salesforceRecordId(), order.sourceModifiedAt());
    }
}
