package dev.sfbridge.callback;

import static dev.sfbridge.callback.CallbackFixture.T0;
import static dev.sfbridge.callback.CallbackFixture.failedIds;
import static dev.sfbridge.callback.CallbackFixture.messageIds;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.sfbridge.callback.CallbackFixture.DeadLetter;
import dev.sfbridge.model.CallbackRequest;
import dev.sfbridge.model.QueueJson;
import dev.sfbridge.model.SessionId;
import dev.sfbridge.testing.LogScrubbing;
import dev.sfbridge.testing.SalesforceSimulator;
import dev.sfbridge.testing.TestContext;
import dev.sfbridge.testing.TestIds;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** The callback handler on SQS events, against the simulated org, ElasticMQ and DynamoDB Local. */
class SalesforceCallbacksTest {
    @AutoClose
    private final CallbackFixture fixture = new CallbackFixture();
    private final SalesforceSimulator salesforce = fixture.salesforce;

    private List<CallbackRequest> workerCallbacks(int count, SessionId session) {
        return IntStream.rangeClosed(1, count).mapToObj(n -> fixture.fromWorker(fixture.opportunity(n), "SO-" + n, "Booked",
                T0.plusSeconds(n), session)).toList();
    }

    private SQSBatchResponse handle(CallbackHandler handler, SQSEvent event) {
        return handler.handleRequest(event, null);
    }

    @Test
    void theCallbacksOfOneOrgInABatchGoOutInOneCollectionCall() {
        SessionId session = fixture.session();
        SQSEvent event = fixture.event(workerCallbacks(10, session).toArray(CallbackRequest[]::new));

        SQSBatchResponse response = handle(fixture.handler(), event);

        assertEquals(List.of(), failedIds(response));
        assertEquals(2, salesforce.apiCalls(), "the write, then its records' platform events");
        assertEquals(1, salesforce.collectionCalls());
        assertEquals(1, salesforce.publishCalls());
        assertEquals(0, salesforce.tokenRequests(), "the outbound message's session was good");
        assertEquals(Map.of("CallbacksApplied", 10L, "PlatformEventsPublished", 10L), fixture.metrics.emitted());
        IntStream.rangeClosed(1, 10).forEach(n -> assertEquals(Map.of("ERP_Order_Number__c", "SO-" + n, "ERP_Order_Status__c", "Booked",
                "ERP_Status_Changed_At__c", T0.plusSeconds(n).toString(), "ERP_Status_Changed_At_Ms__c", Long.toString(T0.plusSeconds(n).toEpochMilli())),
                salesforce.fields(TestIds.id("006", n))));
    }

    @Test
    void aLoneCallbackIsOneSingleRecordPatch() {
        handle(fixture.handler(), fixture.event(workerCallbacks(1, fixture.session()).getFirst()));

        assertEquals(1, salesforce.recordCalls());
        assertEquals(0, salesforce.collectionCalls());
        assertEquals("SO-1", salesforce.fields(TestIds.id("006", 1)).get("ERP_Order_Number__c"));
    }

    @Test
    void anExpiredSessionCostsOneTokenRequestThenTheCallbacksAreWritten() {
        SessionId session = fixture.session();
        salesforce.expire(session.reveal());
        CallbackHandler handler = fixture.handler();

        SQSBatchResponse first = handle(handler, fixture.event(workerCallbacks(5, session).toArray(CallbackRequest[]::new)));
        SQSBatchResponse second = handle(handler, fixture.event(fixture.fromWorker(fixture.opportunity(6), "SO-6", "Booked", T0, session)));

        assertEquals(List.of(), failedIds(first));
        assertEquals(List.of(), failedIds(second));
        assertEquals(1, salesforce.tokenRequests(), "the token is cached across invocations");
        assertEquals(1, salesforce.refusedCalls(), "the refused session is not tried again");
        assertEquals("SO-6", salesforce.fields(TestIds.id("006", 6)).get("ERP_Order_Number__c"));
        assertEquals(Map.of("CallbacksApplied", 6L, "PlatformEventsPublished", 6L, "TokenRefreshes", 1L), fixture.metrics.emitted());
    }

    @Test
    void aBatchMixingSessionsOfTheOAuthOrgGoesInOneCallWithTheTokenAndNoRefusedSessionIsTriedAgain() {
        SessionId expired = fixture.session();
        SessionId live = fixture.session();
        salesforce.expire(expired.reveal());
        CallbackHandler handler = fixture.handler();
        handle(handler, fixture.event(fixture.fromWorker(fixture.opportunity(1), "SO-1", "Booked", T0, expired)));
        fixture.logLines.clear();

        SQSBatchResponse response = handle(handler, fixture.event(
                fixture.fromWorker(fixture.opportunity(2), "SO-2", "Booked", T0.plusSeconds(1), live),
                fixture.fromWorker(fixture.opportunity(3), "SO-3", "Booked", T0.plusSeconds(2), expired),
                fixture.fromErp(fixture.opportunity(4), "SO-4", "Shipped", T0.plusSeconds(3))));

        assertEquals(List.of(), failedIds(response));
        assertEquals(List.of(Map.of("auth", "OAUTH", "records", 3)), calls(),
                "a group per session and one for OAuth would take two calls; the org's own token takes one, and no session");
        assertEquals(1, salesforce.refusedCalls(), "the refused session was not tried again");
        IntStream.rangeClosed(2, 4).forEach(n -> assertEquals("SO-" + n, salesforce.fields(TestIds.id("006", n)).get("ERP_Order_Number__c")));
    }

    /** Each Salesforce call's credential and record count, in the order made. */
    private List<Map<String, Object>> calls() {
        return fixture.logLines.stream().<Map<?, ?>>map(line -> QueueJson.read(line, Map.class))
                .filter(line -> "salesforce call".equals(line.get("message")))
                .map(line -> Map.<String, Object>of("auth", line.get("auth"), "records", line.get("records"))).toList();
    }

    /** A forged message of {@code org}, newer than the genuine ones: the forger's own instance and a live session there. */
    private static CallbackRequest forgedBy(SalesforceSimulator forger, String org, String recordId) {
        forger.addRecord("Opportunity", recordId);
        return new CallbackRequest(CallbackRequest.SCHEMA_VERSION, TestIds.id("04l", 901), org, "Opportunity", recordId, "SO-F",
                "Booked", T0.plusSeconds(60), forger.instanceUrl().toString(), new SessionId(forger.newSession()));
    }

    @Test
    void aSessionIsNeverUsedForAnotherMessagesCallbacks() {
        try (SalesforceSimulator other = new SalesforceSimulator(TestIds.OTHER_ORG, java.time.Clock.systemUTC());
             SalesforceSimulator forger = new SalesforceSimulator(TestIds.OTHER_ORG, java.time.Clock.systemUTC())) {
            List<CallbackRequest> genuine = IntStream.rangeClosed(2, 3).mapToObj(n -> {
                String id = TestIds.id("006", 900 + n);
                other.addRecord("Opportunity", id);
                return new CallbackRequest(CallbackRequest.SCHEMA_VERSION, null, TestIds.OTHER_ORG, "Opportunity", id, "SO-" + n, "Booked",
                        T0.plusSeconds(n), other.instanceUrl().toString(), new SessionId(other.newSession()));
            }).toList();
            SQSEvent event = fixture.event(forgedBy(forger, TestIds.OTHER_ORG, TestIds.id("006", 901)), genuine.get(0), genuine.get(1));

            SQSBatchResponse response = handle(fixture.handler(), event);

            assertEquals(List.of(), failedIds(response));
            assertEquals(1, forger.recordCalls(), "only the forged message's own callback went to the forger");
            assertEquals(0, forger.collectionCalls());
            assertEquals(2, other.recordCalls(), "each genuine session wrote its own callback");
            genuine.forEach(c -> assertEquals(c.orderNumber(), other.fields(c.recordId()).get("ERP_Order_Number__c")));
            assertEquals(List.of(), fixture.deadLetters());
        }
    }

    @Test
    void aForgedMessageOfTheOAuthOrgNeverCarriesTheOtherCallbacksToItsInstance() {
        try (SalesforceSimulator forger = new SalesforceSimulator()) {
            SQSEvent event = fixture.event(forgedBy(forger, salesforce.organizationId(), fixture.opportunity(1)),
                    fixture.fromWorker(fixture.opportunity(2), "SO-2", "Booked", T0, fixture.session()),
                    fixture.fromErp(fixture.opportunity(3), "SO-3", "Shipped", T0));

            SQSBatchResponse response = handle(fixture.handler(), event);

            assertEquals(List.of(), failedIds(response));
            assertEquals(0, forger.apiCalls(), "the org's token carried every group, to the instance the token names");
            IntStream.rangeClosed(1, 3).forEach(n -> assertTrue(salesforce.fields(TestIds.id("006", n)).containsKey("ERP_Order_Number__c")));
            assertEquals(List.of(Map.of("auth", "OAUTH", "records", 3)), calls());
        }
    }

    @Test
    void aSessionThatCannotBeSentFallsBackToOAuthForItsOwnCallbacksAndFailsNoOther() {
        SessionId unsendable = new SessionId(salesforce.organizationId().substring(0, 15) + "!AQ\r\nX-Injected: yes");
        SQSEvent event = fixture.event(
                fixture.fromWorker(fixture.opportunity(1), "SO-1", "Booked", T0, unsendable),
                fixture.fromWorker(fixture.opportunity(2), "SO-2", "Booked", T0, unsendable),
                fixture.fromWorker(fixture.opportunity(3), "SO-3", "Booked", T0, fixture.session()));

        SQSBatchResponse response = handle(fixture.handler(), event);

        assertEquals(List.of(), failedIds(response));
        assertEquals(List.of(Map.of("auth", "OAUTH", "records", 3)), calls(), "the org's token took them together");
        IntStream.rangeClosed(1, 3).forEach(n -> assertEquals("SO-" + n, salesforce.fields(TestIds.id("006", n)).get("ERP_Order_Number__c")));
    }

    @Test
    void anotherOrgsSessionThatCannotBeSentDeadLettersOnlyItsOwnCallbacks() {
        try (SalesforceSimulator other = new SalesforceSimulator(TestIds.OTHER_ORG, java.time.Clock.systemUTC())) {
            String good = TestIds.id("006", 901);
            String bad = TestIds.id("006", 902);
            other.addRecord("Opportunity", good);
            other.addRecord("Opportunity", bad);
            CallbackRequest withLiveSession = new CallbackRequest(CallbackRequest.SCHEMA_VERSION, null, TestIds.OTHER_ORG, "Opportunity",
                    good, "SO-901", "Booked", T0, other.instanceUrl().toString(), new SessionId(other.newSession()));
            CallbackRequest withUnsendable = new CallbackRequest(CallbackRequest.SCHEMA_VERSION, null, TestIds.OTHER_ORG, "Opportunity",
                    bad, "SO-902", "Booked", T0.plusSeconds(1), other.instanceUrl().toString(),
                    new SessionId(TestIds.OTHER_ORG.substring(0, 15) + "!AQ\u00e9t\u00e9"));
            SQSEvent event = fixture.event(withLiveSession, withUnsendable);

            SQSBatchResponse response = handle(fixture.handler(), event);

            assertEquals(List.of(), failedIds(response), "nothing retried forever");
            assertEquals("SO-901", other.fields(good).get("ERP_Order_Number__c"));
            List<DeadLetter> letters = fixture.deadLetters();
            assertEquals(List.of(bad), letters.stream().map(l -> l.request().recordId()).toList());
            assertTrue(letters.getFirst().reason().startsWith("no valid session for organization " + TestIds.OTHER_ORG),
                    letters.getFirst().reason());
        }
    }

    @Test
    void anApiVersionSalesforceDoesNotServeIsRetriedAndCountedNeverDeadLettered() {
        CallbackHandler wrongVersion = fixture.handler(Map.of("SALESFORCE_API_VERSION", "99.0"));
        SQSEvent batch = fixture.event(workerCallbacks(3, fixture.session()).toArray(CallbackRequest[]::new));
        SQSEvent lone = fixture.event(fixture.fromErp(fixture.opportunity(4), "SO-4", "Shipped", T0));

        assertEquals(messageIds(batch), failedIds(handle(wrongVersion, batch)));
        assertEquals(messageIds(lone), failedIds(handle(wrongVersion, lone)));

        assertEquals(List.of(), fixture.deadLetters());
        assertEquals(2L, fixture.metrics.emitted().get("SalesforceConfigurationErrors"));
        assertTrue(fixture.logLines.stream().anyMatch(line -> line.contains("\"error\":\"CONFIGURATION\"")
                && line.contains("/services/data/v99.0/")), "the call's log line names the path Salesforce does not have");

        assertEquals(List.of(), failedIds(handle(fixture.handler(), batch)), "once the setting is fixed, the redelivery goes through");
        assertEquals("SO-1", salesforce.fields(TestIds.id("006", 1)).get("ERP_Order_Number__c"));
    }

    @Test
    void aCollectionsAnswerThatIsNoResultSendsTheCallbacksBackInsteadOfDeadLetteringThem() {
        SQSEvent event = fixture.event(workerCallbacks(3, fixture.session()).toArray(CallbackRequest[]::new));
        salesforce.failNextCalls(1, 400, null); // a proxy's page, no Salesforce error: RecordErrorsTest has the org's own 400

        assertEquals(messageIds(event), failedIds(handle(fixture.handler(), event)));
        assertEquals(List.of(), fixture.deadLetters());
        assertEquals(List.of(), failedIds(handle(fixture.handler(), event)), "the redelivery goes through");
    }

    @Test
    void everyLineOfAnInvocationCarriesItsRequestIdAndEachCallbackLineItsCorrelationIds() {
        SessionId session = fixture.session();
        salesforce.expire(session.reveal());
        CallbackRequest callback = fixture.fromWorker(fixture.opportunity(1), "SO-1", "Booked", T0, session);

        // the function's 300 s: with less than CallbackConfig.afterLastStart() left, no call would start
        fixture.handler().handleRequest(fixture.event(callback), new TestContext("req-42", 300_000));

        List<Map<?, ?>> lines = fixture.logLines.stream().<Map<?, ?>>map(line -> QueueJson.read(line, Map.class)).toList();
        assertEquals(List.of("salesforce token", "salesforce call", "platform events", "callback"),
                lines.stream().map(line -> line.get("message")).toList(),
                "a token requested when the session was refused; the call, made again with it; its event; the callback's outcome");
        lines.forEach(line -> assertEquals("req-42", line.get("requestId"), line.toString()));
        Map<?, ?> callbackLine = lines.getLast();
        assertEquals(List.of(callback.notificationId(), salesforce.organizationId(), callback.recordId(), "SO-1"),
                List.of(callbackLine.get("notificationId"), callbackLine.get("organizationId"), callbackLine.get("recordId"),
                        callbackLine.get("orderNumber")));
    }

    @Test
    void fiftyConcurrentCallbacksOnAnExpiredSessionCauseExactlyOneTokenRequest() throws Exception {
        SessionId session = fixture.session();
        salesforce.expire(session.reveal());
        CallbackHandler handler = fixture.handler();
        List<SQSEvent> events = workerCallbacks(50, session).stream().map(fixture::event).toList();

        CountDownLatch go = new CountDownLatch(1);
        List<Future<SQSBatchResponse>> responses = new ArrayList<>();
        try (ExecutorService invocations = Executors.newVirtualThreadPerTaskExecutor()) {
            for (SQSEvent event : events) {
                responses.add(invocations.submit(() -> {
                    go.await();
                    return handle(handler, event);
                }));
            }
            go.countDown();
            for (Future<SQSBatchResponse> response : responses) {
                assertEquals(List.of(), failedIds(response.get()));
            }
        }

        assertEquals(1, salesforce.tokenRequests());
        IntStream.rangeClosed(1, 50).forEach(n -> assertEquals("SO-" + n, salesforce.fields(TestIds.id("006", n)).get("ERP_Order_Number__c")));
    }

    @Test
    void erpStatusEventsWithoutASessionUseOAuthAtTheInstanceTheTokenNames() {
        String id = fixture.opportunity(1);

        SQSBatchResponse response = handle(fixture.handler(), fixture.event(fixture.fromErp(id, "SO-1", "Shipped", T0)));

        assertEquals(List.of(), failedIds(response));
        assertEquals(1, salesforce.tokenRequests());
        assertEquals(0, salesforce.refusedCalls());
        assertEquals("Shipped", salesforce.fields(id).get("ERP_Order_Status__c"));
    }

    @Test
    void perRecordErrorsFailExactlyThoseItemsAndPermanentOnesReachTheDeadLetterQueueWithTheirReason() {
        List<CallbackRequest> callbacks = workerCallbacks(6, fixture.session());
        salesforce.deleteRecord(TestIds.id("006", 2));
        salesforce.failRecord(TestIds.id("006", 3), "FIELD_CUSTOM_VALIDATION_EXCEPTION", "Status cannot go back to Booked", Integer.MAX_VALUE);
        salesforce.failRecord(TestIds.id("006", 4), "UNABLE_TO_LOCK_ROW", "unable to obtain exclusive access to this record", 1);
        salesforce.failRecord(TestIds.id("006", 5), "UNABLE_TO_LOCK_ROW", "unable to obtain exclusive access to this record", Integer.MAX_VALUE);
        SQSEvent event = fixture.event(callbacks.toArray(CallbackRequest[]::new));
        List<String> ids = messageIds(event);

        SQSBatchResponse response = handle(fixture.handler(), event);

        assertEquals(List.of(ids.get(4)), failedIds(response), "only the record still locked goes back to the queue");
        List<DeadLetter> letters = fixture.deadLetters();
        letters.sort(Comparator.comparing(l -> l.request().recordId()));
        assertEquals(List.of(TestIds.id("006", 2), TestIds.id("006", 3)), letters.stream().map(l -> l.request().recordId()).toList());
        assertEquals("Salesforce refused the update: ENTITY_IS_DELETED: entity is deleted", letters.get(0).reason());
        assertEquals("Salesforce refused the update: FIELD_CUSTOM_VALIDATION_EXCEPTION: Status cannot go back to Booked", letters.get(1).reason());
        assertEquals("SO-4", salesforce.fields(TestIds.id("006", 4)).get("ERP_Order_Number__c"), "written on its second try");
        assertEquals(3, salesforce.apiCalls() - salesforce.publishCalls(), "6 records, then the 2 locked, then the 1 still locked");
        assertEquals(List.of(TestIds.id("006", 1), TestIds.id("006", 4), TestIds.id("006", 6)), salesforce.publishedEvents().stream()
                .map(e -> e.fields().get(OrderUpdateEvents.RECORD_ID)).sorted().toList(), "events for the records written only, in one call");
        assertEquals(1, salesforce.publishCalls());
        assertEquals(2, fixture.pauses.size(), "a jittered pause before each row-lock retry");
        assertEquals(Map.of(ids.get(0), "WRITTEN", ids.get(1), "DEAD_LETTERED", ids.get(2), "DEAD_LETTERED", ids.get(3), "WRITTEN",
                ids.get(4), "RETRY_LATER", ids.get(5), "WRITTEN"), fixture.outcomes());
    }

    @Test
    void serverErrorsThatOutlastTheRetriesSendTheCallbacksBackToTheQueue() {
        SQSEvent event = fixture.event(workerCallbacks(3, fixture.session()).toArray(CallbackRequest[]::new));
        salesforce.failNextCalls(3, 503, null);

        SQSBatchResponse response = handle(fixture.handler(), event);

        assertEquals(messageIds(event), failedIds(response));
        assertEquals(3, salesforce.apiCalls(), "SALESFORCE_ATTEMPTS, 3 by default");
        assertEquals(List.of(), fixture.deadLetters());

        assertEquals(List.of(), failedIds(handle(fixture.handler(), event)), "the redelivery goes through");
    }

    @Test
    void theApiLimitSendsTheOrgsCallbacksBackAfterOneCallWithoutATokenRequest() {
        SessionId session = fixture.session();
        SQSEvent event = fixture.event(IntStream.rangeClosed(1, 450).mapToObj(n -> fixture.fromWorker(fixture.opportunity(n), "SO-" + n,
                "Booked", T0, session)).toArray(CallbackRequest[]::new));
        salesforce.apiLimit(0);

        SQSBatchResponse response = handle(fixture.handler(), event);

        assertEquals(450, failedIds(response).size());
        assertEquals(1, salesforce.apiCalls(), "three chunks of up to 200, and only the first was sent");
        assertEquals(0, salesforce.tokenRequests());
        assertTrue(fixture.pauses.isEmpty(), "not retried in-process");
        assertEquals(List.of(), fixture.deadLetters());
    }

    @Test
    void theApiLimitOfOneOrgDoesNotHoldBackAnother() {
        try (SalesforceSimulator other = new SalesforceSimulator(TestIds.OTHER_ORG, java.time.Clock.systemUTC())) {
            String otherRecord = TestIds.id("006", 900);
            other.addRecord("Opportunity", otherRecord);
            CallbackRequest toOther = new CallbackRequest(CallbackRequest.SCHEMA_VERSION, null, TestIds.OTHER_ORG, "Opportunity",
                    otherRecord, "SO-900", "Booked", T0, other.instanceUrl().toString(), new SessionId(other.newSession()));
            salesforce.apiLimit(0);
            SQSEvent event = fixture.event(workerCallbacks(1, fixture.session()).getFirst(), toOther);

            SQSBatchResponse response = handle(fixture.handler(), event);

            assertEquals(List.of(messageIds(event).getFirst()), failedIds(response));
            assertEquals("SO-900", other.fields(otherRecord).get("ERP_Order_Number__c"));
        }
    }

    @Test
    void aCallbackForAnotherOrgWithoutASessionCannotUseTheseCredentialsAndIsDeadLettered() {
        CallbackRequest foreign = new CallbackRequest(CallbackRequest.SCHEMA_VERSION, null, TestIds.OTHER_ORG, "Opportunity",
                TestIds.id("006", 1), "SO-1", "Booked", T0, null, null);

        SQSBatchResponse response = handle(fixture.handler(), fixture.event(foreign));

        assertEquals(List.of(), failedIds(response));
        assertTrue(fixture.deadLetters().getFirst().reason().contains("the OAuth credentials are for organization " + TestIds.ORG));
        assertEquals(0, salesforce.tokenRequests());
    }

    @Test
    void outOfOrderStatusesNeverOverwriteANewerOne() {
        String id = fixture.opportunity(1);
        CallbackHandler handler = fixture.handler();

        handle(handler, fixture.event(fixture.fromErp(id, "SO-1", "Shipped", T0.plusSeconds(20))));
        SQSEvent late = fixture.event(fixture.fromErp(id, "SO-1", "Booked", T0.plusSeconds(10)));
        handle(handler, late);
        assertEquals("Shipped", salesforce.fields(id).get("ERP_Order_Status__c"));
        assertEquals("STALE", fixture.outcomes().get(messageIds(late).getFirst()));

        SQSEvent sameBatch = fixture.event(fixture.fromErp(id, "SO-1", "Invoiced", T0.plusSeconds(40)),
                fixture.fromErp(id, "SO-1", "Delivered", T0.plusSeconds(30)));
        assertEquals(List.of(), failedIds(handle(handler, sameBatch)));
        assertEquals("Invoiced", salesforce.fields(id).get("ERP_Order_Status__c"));
        assertEquals(2, salesforce.apiCalls() - salesforce.publishCalls(), "the stale ones were never sent");
        assertEquals(List.of("Shipped", "Invoiced"), salesforce.publishedEvents().stream().map(e -> e.fields().get(OrderUpdateEvents.STATUS))
                .toList(), "and published no event");
    }

    @Test
    void aStatusThatFailedForNowIsAdmittedAgainOnItsRedelivery() {
        String id = fixture.opportunity(1);
        SQSEvent event = fixture.event(fixture.fromErp(id, "SO-1", "Shipped", T0));
        salesforce.failNextCalls(3, 503, "SERVER_UNAVAILABLE");
        CallbackHandler handler = fixture.handler();

        assertEquals(messageIds(event), failedIds(handle(handler, event)));
        assertEquals(List.of(), failedIds(handle(handler, event)));
        assertEquals("Shipped", salesforce.fields(id).get("ERP_Order_Status__c"));
    }

    @Test
    void messagesThatAreNoCallbackOrCannotBeMappedAreDeadLetteredAtOnce() {
        String id = fixture.opportunity(1);
        CallbackRequest account = new CallbackRequest(CallbackRequest.SCHEMA_VERSION, null, TestIds.ORG, "Account", TestIds.id("001", 1),
                "SO-1", "Booked", T0, null, null);
        // "null": Jackson reads it as no object at all; it used to fail the whole batch (found by CallbackMessageJazzerTest)
        SQSEvent event = fixture.eventOf(List.of("not json", "null",
                dev.sfbridge.model.QueueJson.write(fixture.fromErp(id, "SO-1", "Booked", T0)).replace("\"schemaVersion\":1", "\"schemaVersion\":2"),
                dev.sfbridge.model.QueueJson.write(account)));

        SQSBatchResponse response = handle(fixture.handler(), event);

        assertEquals(List.of(), failedIds(response));
        assertEquals(List.of("no field mapping for Account records: SALESFORCE_OBJECT is Opportunity",
                        "not a callback message of schemaVersion 1", "not a callback message of schemaVersion 1", "unknown schemaVersion 2"),
                fixture.deadLetters().stream().map(DeadLetter::reason).sorted().toList());
        assertEquals(0, salesforce.apiCalls());
    }

    @Test
    void theFieldsWrittenAreTheConfiguredOnes() {
        String id = fixture.opportunity(1);
        CallbackHandler handler = fixture.handler(Map.of("SALESFORCE_ORDER_NUMBER_FIELD", "Order_Ref__c",
                "SALESFORCE_ORDER_STATUS_FIELD", "Fulfilment_Status__c", "SALESFORCE_STATUS_CHANGED_AT_FIELD", "Fulfilled_At__c",
                "SALESFORCE_STATUS_CHANGED_AT_MS_FIELD", "Fulfilled_At_Ms__c"));

        handle(handler, fixture.event(fixture.fromErp(id, "SO-1", "Shipped", T0)));

        assertEquals(Map.of("Order_Ref__c", "SO-1", "Fulfilment_Status__c", "Shipped", "Fulfilled_At__c", T0.toString(),
                        "Fulfilled_At_Ms__c", Long.toString(T0.toEpochMilli())),
                salesforce.fields(id));
    }

    @Test
    void noSessionIdAccessTokenOrKeyReachesALogLineOrADeadLetterReason() {
        SessionId expired = fixture.session();
        salesforce.expire(expired.reveal());
        CallbackHandler handler = fixture.handler();
        List<CallbackRequest> callbacks = new ArrayList<>(workerCallbacks(3, expired));
        salesforce.deleteRecord(TestIds.id("006", 2));
        handle(handler, fixture.event(callbacks.toArray(CallbackRequest[]::new)));
        handle(handler, fixture.event(fixture.fromErp(fixture.opportunity(7), "SO-7", "Shipped", T0)));
        salesforce.expireTokens();
        salesforce.failNextCalls(3, 503, null);
        handle(handler, fixture.event(fixture.fromWorker(fixture.opportunity(8), "SO-8", "Booked", T0, fixture.session())));
        handle(handler, fixture.event(fixture.fromErp(fixture.opportunity(9), "SO-9", "Shipped", T0)));

        assertEquals(2, salesforce.issuedTokens().size(), "the flows above ran: a token, then its replacement");
        assertFalse(fixture.logLines.isEmpty());
        List<String> reasons = fixture.deadLetters().stream().map(DeadLetter::reason).toList();
        assertEquals(1, reasons.size());
        LogScrubbing secrets = LogScrubbing.of().sessionId(fixture.sessions.toArray(String[]::new))
                .accessTokens(salesforce.issuedTokens()).privateKeyPem(fixture.privateKeyPem)
                .messageBody(callbacks.stream().map(QueueJson::write).toArray(String[]::new));
        secrets.assertNoneIn(fixture.logLines);
        secrets.assertNoneIn(reasons);
    }
}
