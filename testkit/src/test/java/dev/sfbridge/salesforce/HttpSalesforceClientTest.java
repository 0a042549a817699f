package dev.sfbridge.salesforce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sfbridge.retry.Retry;
import dev.sfbridge.salesforce.SalesforceException.Kind;
import dev.sfbridge.testing.SalesforceSimulator;
import dev.sfbridge.testing.TestIds;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.retries.api.BackoffStrategy;

class HttpSalesforceClientTest {
    private final SalesforceSimulator salesforce = new SalesforceSimulator();
    private final List<Duration> pauses = new CopyOnWriteArrayList<>();
    private final HttpSalesforceClient client = client(Duration.ofSeconds(5));
    private final AccessToken session = AccessToken.ofSession(salesforce.instanceUrl(), new dev.sfbridge.model.SessionId(salesforce.newSession()));

    @AfterEach
    void stop() {
        salesforce.close();
    }

    private HttpSalesforceClient client(Duration requestTimeout) {
        Retry retry = new Retry(3, BackoffStrategy.exponentialDelay(Duration.ofMillis(100), Duration.ofSeconds(2)), pauses::add);
        return new HttpSalesforceClient(SalesforceHttp.create(Duration.ofSeconds(2), requestTimeout, retry), "62.0");
    }

    private static String opportunity(int n) {
        return TestIds.id("006", n);
    }

    private static RecordUpdate update(int n, String orderNumber) {
        return new RecordUpdate("Opportunity", opportunity(n), Map.of("ERP_Order_Number__c", orderNumber, "ERP_Order_Status__c", "Booked"));
    }

    @Test
    void aSingleRecordPatchWritesItsFieldsAndReportsTheApiUsage() throws Exception {
        salesforce.addRecord("Opportunity", opportunity(1));

        WriteResult result = client.updateRecord(session, update(1, "SO-1"));

        assertEquals(List.of(RecordResult.ok(opportunity(1))), result.records());
        assertEquals("api-usage=1/15000", result.apiUsage());
        assertEquals(Map.of("ERP_Order_Number__c", "SO-1", "ERP_Order_Status__c", "Booked"), salesforce.fields(opportunity(1)));
        assertEquals(1, salesforce.recordCalls());
    }

    @Test
    void aSingleRecordRefusedIsAFailedResultWithSalesforcesError() throws Exception {
        salesforce.addRecord("Opportunity", opportunity(1));
        salesforce.deleteRecord(opportunity(1));

        RecordResult result = client.updateRecord(session, update(1, "SO-1")).records().getFirst();

        assertFalse(result.success());
        assertEquals("ENTITY_IS_DELETED", result.errors().getFirst().code());
        assertEquals("ENTITY_IS_DELETED: entity is deleted", result.describeErrors());
    }

    @Test
    void aCollectionWritesEveryRecordInOneCallAndMapsEachResultToItsRecord() throws Exception {
        IntStream.rangeClosed(1, 5).forEach(n -> salesforce.addRecord("Opportunity", opportunity(n)));
        salesforce.deleteRecord(opportunity(2));
        salesforce.failRecord(opportunity(4), "FIELD_CUSTOM_VALIDATION_EXCEPTION", "Order number must start with SO-", 1);

        WriteResult result = client.updateRecords(session, IntStream.rangeClosed(1, 6).mapToObj(n -> update(n, "SO-" + n)).toList());

        assertEquals(1, salesforce.apiCalls());
        List<RecordResult> records = result.records();
        assertEquals(IntStream.rangeClosed(1, 6).mapToObj(HttpSalesforceClientTest::opportunity).toList(),
                records.stream().map(RecordResult::id).toList());
        assertEquals(List.of(true, false, true, false, true, false), records.stream().map(RecordResult::success).toList());
        assertEquals("ENTITY_IS_DELETED", records.get(1).errors().getFirst().code());
        assertEquals("FIELD_CUSTOM_VALIDATION_EXCEPTION: Order number must start with SO-", records.get(3).describeErrors());
        assertEquals("NOT_FOUND", records.get(5).errors().getFirst().code(), "record 6 was never created");
        assertEquals("SO-5", salesforce.fields(opportunity(5)).get("ERP_Order_Number__c"));
        assertTrue(salesforce.fields(opportunity(4)).isEmpty());
    }

    @Test
    void aRowLockIsReportedPerRecordSoTheCallerCanSendItAgain() throws Exception {
        salesforce.addRecord("Opportunity", opportunity(1));
        salesforce.failRecord(opportunity(1), "UNABLE_TO_LOCK_ROW", "unable to obtain exclusive access to this record", 1);

        assertTrue(client.updateRecords(session, List.of(update(1, "SO-1"))).records().getFirst().rowLocked());
        assertTrue(client.updateRecord(session, update(1, "SO-1")).records().getFirst().success());
    }

    @Test
    void moreThanTwoHundredRecordsIsNotOneCall() {
        assertThrows(IllegalArgumentException.class,
                () -> client.updateRecords(session, IntStream.rangeClosed(1, 201).mapToObj(n -> update(n, "SO")).toList()));
        assertThrows(IllegalArgumentException.class,
                () -> client.publishEvents(session, IntStream.rangeClosed(1, 201).mapToObj(n -> event(n)).toList()));
        assertEquals(0, salesforce.apiCalls());
    }

    private static PlatformEvent event(int n) {
        return new PlatformEvent("ERP_Order_Update__e", Map.of("Record_Id__c", opportunity(n), "Status__c", "Shipped"));
    }

    @Test
    void eventsArePublishedInOneCallAndAnEnqueuedEventIsASuccess() throws Exception {
        salesforce.refuseNextEvents(1, "LIMIT_EXCEEDED", "hourly publishing limit exceeded");
        List<PlatformEvent> events = IntStream.rangeClosed(1, 3).mapToObj(HttpSalesforceClientTest::event).toList();

        WriteResult result = client.publishEvents(session, events);

        assertEquals(1, salesforce.apiCalls());
        assertEquals(1, salesforce.publishCalls());
        assertEquals(List.of(false, true, true), result.records().stream().map(RecordResult::success).toList(),
                "the accepted ones answer OPERATION_ENQUEUED in errors, with success true");
        assertEquals("LIMIT_EXCEEDED: hourly publishing limit exceeded", result.records().getFirst().describeErrors());
        assertEquals(events.subList(1, 3).stream().map(e -> new SalesforceSimulator.PublishedEvent(e.eventType(), asText(e.fields()))).toList(),
                salesforce.publishedEvents());
        assertEquals("api-usage=1/15000", result.apiUsage());
    }

    @Test
    void aPublishAnsweredWithoutResultsFailsAsAWhole() {
        salesforce.failNextPublishCalls(1, 403, "REQUEST_LIMIT_EXCEEDED");
        assertEquals(Kind.LIMIT_EXCEEDED, assertThrows(SalesforceException.class, () -> client.publishEvents(session, List.of(event(1)))).kind());

        salesforce.failNextPublishCalls(3, 503, null);
        SalesforceException unavailable = assertThrows(SalesforceException.class, () -> client.publishEvents(session, List.of(event(1))));
        assertEquals(List.of(Kind.RETRYABLE, 503), List.of(unavailable.kind(), unavailable.status()));
        assertEquals(4, salesforce.publishCalls(), "the limit once, the 5xx on each of the 3 attempts");
        assertEquals(List.of(), salesforce.publishedEvents());
    }

    @Test
    void aPlatformEventsApiNameEndsInDoubleUnderscoreE() {
        assertThrows(IllegalArgumentException.class, () -> new PlatformEvent("Opportunity", Map.of()));
    }

    @Test
    void anExpiredSessionIsSessionInvalidForBothCalls() {
        salesforce.addRecord("Opportunity", opportunity(1));
        salesforce.expire(session.reveal());

        assertEquals(Kind.SESSION_INVALID, assertThrows(SalesforceException.class, () -> client.updateRecord(session, update(1, "SO-1"))).kind());
        SalesforceException e = assertThrows(SalesforceException.class, () -> client.updateRecords(session, List.of(update(1, "SO-1"))));
        assertEquals(Kind.SESSION_INVALID, e.kind());
        assertEquals(401, e.status());
        assertFalse(e.getMessage().contains(session.reveal()));
    }

    @Test
    void serviceUnavailableIsRetriedWithJitteredBackoffUntilItPasses() throws Exception {
        salesforce.addRecord("Opportunity", opportunity(1));
        salesforce.failNextCalls(2, 503, null);

        assertTrue(client.updateRecords(session, List.of(update(1, "SO-1"))).records().getFirst().success());

        assertEquals(3, salesforce.apiCalls());
        assertEquals(2, pauses.size());
        assertTrue(pauses.stream().allMatch(p -> p.compareTo(Duration.ofSeconds(2)) <= 0));
    }

    @Test
    void serverErrorsThatOutlastTheAttemptsAreRetryable() {
        salesforce.addRecord("Opportunity", opportunity(1));
        salesforce.failNextCalls(3, 503, "SERVER_UNAVAILABLE");

        SalesforceException e = assertThrows(SalesforceException.class, () -> client.updateRecords(session, List.of(update(1, "SO-1"))));

        assertEquals(Kind.RETRYABLE, e.kind());
        assertEquals(503, e.status());
        assertEquals(3, salesforce.apiCalls());
    }

    @ParameterizedTest(name = "HTTP {0} {1}")
    @CsvSource(nullValues = "none", value = {
            "400, none",                // a proxy's page: nothing says Salesforce refused the request
            "207, INVALID_FIELD",       // a status that is neither a result nor a failure Salesforce documents
            "403, none",                // a proxy's or firewall's HTML page
            "429, none"})
    void aCollectionsAnswerThatIsNoPerRecordResultIsRetryableNotPermanent(int status, String errorCode) throws Exception {
        salesforce.addRecord("Opportunity", opportunity(1));
        salesforce.failNextCalls(1, status, errorCode);

        SalesforceException e = assertThrows(SalesforceException.class, () -> client.updateRecords(session, List.of(update(1, "SO-1"))));

        assertEquals(Kind.RETRYABLE, e.kind(), e.getMessage());
        assertEquals(status, e.status());
        assertTrue(client.updateRecords(session, List.of(update(1, "SO-1"))).records().getFirst().success(), "sent again, it goes through");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"JSON_PARSER_ERROR, PERMANENT", "INVALID_FIELD, CONFIGURATION", "INVALID_TYPE, CONFIGURATION",
            "REQUEST_LIMIT_EXCEEDED, LIMIT_EXCEEDED"})
    void aCollectionRequestSalesforceRefusesAsAWholeIsPermanentUnlessTheOrgsSetupOrItsLimitIsAtFault(String errorCode, Kind kind) {
        salesforce.addRecord("Opportunity", opportunity(1));
        salesforce.failNextCalls(1, 400, errorCode);

        SalesforceException e = assertThrows(SalesforceException.class, () -> client.updateRecords(session, List.of(update(1, "SO-1"))));

        assertEquals(kind, e.kind(), e.getMessage());
        assertTrue(e.getMessage().contains(errorCode + ": injected by the simulator"), e.getMessage());
    }

    @Test
    void aLoneRecordsWriteRefusedForAFieldTheOrgLacksIsTheSetupsFaultNotTheRecords() {
        salesforce.addRecord("Opportunity", opportunity(1));
        salesforce.failNextCalls(1, 400, "INVALID_FIELD");

        SalesforceException e = assertThrows(SalesforceException.class, () -> client.updateRecord(session, update(1, "SO-1")));

        assertEquals(Kind.CONFIGURATION, e.kind(), e.getMessage());
        assertTrue(e.getMessage().endsWith("deploy salesforce/ and its permission set to the org (docs/salesforce-setup.md)"), e.getMessage());
    }

    @Test
    void aDateTimeWithMoreThanThreeFractionDigitsIsRefusedByTheOrgAndOneToTheMillisecondIsTaken() throws Exception {
        salesforce.addRecord("Opportunity", opportunity(1));
        java.time.Instant changedAt = java.time.Instant.parse("2026-11-23T12:00:00.123456789Z");
        RecordUpdate nanos = new RecordUpdate("Opportunity", opportunity(1), Map.of("ERP_Status_Changed_At__c", changedAt.toString()));

        SalesforceException e = assertThrows(SalesforceException.class, () -> client.updateRecords(session, List.of(nanos)));
        RecordResult millis = client.updateRecord(session, new RecordUpdate("Opportunity", opportunity(1),
                Map.of("ERP_Status_Changed_At__c", SalesforceDateTime.format(changedAt)))).records().getFirst();

        assertEquals(Kind.PERMANENT, e.kind());
        assertTrue(e.getMessage().startsWith("Salesforce refused the request: JSON_PARSER_ERROR"), e.getMessage());
        assertTrue(millis.success());
        assertEquals("2026-11-23T12:00:00.123Z", SalesforceDateTime.format(changedAt));
        assertEquals("2026-11-23T12:00:00Z", salesforce.fields(opportunity(1)).get("ERP_Status_Changed_At__c"), "held to the second");
    }

    @Test
    void aNumberThatIsNoJsonNumberIsRefusedAsAWholeRequestAndOneWithMoreDigitsThanItsFieldAsTheRecordsError() throws Exception {
        salesforce.addRecord("Opportunity", opportunity(1));
        String field = SalesforceSimulator.STATUS_CHANGED_AT_MS;

        SalesforceException e = assertThrows(SalesforceException.class, () -> client.updateRecords(session,
                List.of(new RecordUpdate("Opportunity", opportunity(1), Map.of(field, "soon")))));
        // a Number's documented JSON form is a number: the client sends a Long as one, never its digits as a string
        SalesforceException digits = assertThrows(SalesforceException.class, () -> client.updateRecords(session,
                List.of(new RecordUpdate("Opportunity", opportunity(1), Map.of(field, "1795435200123")))));
        RecordResult nineteenDigits = client.updateRecord(session, new RecordUpdate("Opportunity", opportunity(1),
                Map.of(field, 1234567890123456789L))).records().getFirst();
        RecordResult epochMillis = client.updateRecord(session, new RecordUpdate("Opportunity", opportunity(1),
                Map.of(field, 1795435200123L))).records().getFirst();

        assertEquals(Kind.PERMANENT, e.kind());
        assertTrue(e.getMessage().startsWith("Salesforce refused the request: JSON_PARSER_ERROR"), e.getMessage());
        assertTrue(digits.getMessage().startsWith("Salesforce refused the request: JSON_PARSER_ERROR"), digits.getMessage());
        assertEquals("NUMBER_OUTSIDE_VALID_RANGE", nineteenDigits.errors().getFirst().code(), "a Number field holds 18 digits");
        assertTrue(epochMillis.success());
        assertEquals(Map.of(field, "1795435200123"), salesforce.fields(opportunity(1)));
    }

    @Test
    void theRuleOrdersStatusTimesByTheirMillisecondsAndARecordWithoutThemByTheSecond() throws Exception {
        String ms = SalesforceSimulator.STATUS_CHANGED_AT_MS;
        String at = SalesforceSimulator.STATUS_CHANGED_AT;
        salesforce.addRecord("Opportunity", opportunity(1));
        salesforce.addRecord("Opportunity", opportunity(2));
        salesforce.putFields(opportunity(1), Map.of(at, "2026-11-23T12:00:00.900Z", ms, "1795435200900"));
        salesforce.putFields(opportunity(2), Map.of(at, "2026-11-23T12:00:00.900Z"));
        Map<String, Object> earlierInTheSameSecond = Map.of(at, "2026-11-23T12:00:00.100Z", ms, 1795435200100L);

        List<RecordResult> results = client.updateRecords(session, List.of(new RecordUpdate("Opportunity", opportunity(1), earlierInTheSameSecond),
                new RecordUpdate("Opportunity", opportunity(2), earlierInTheSameSecond))).records();

        assertEquals("FIELD_CUSTOM_VALIDATION_EXCEPTION", results.get(0).errors().getFirst().code());
        assertEquals(SalesforceSimulator.STALE_STATUS_MESSAGE, results.get(0).errors().getFirst().message());
        assertTrue(results.get(1).success(), "without milliseconds on the record the two are the same second, as the org compares a DateTime");
        assertEquals("1795435200900", salesforce.fields(opportunity(1)).get(ms));
        assertEquals("1795435200100", salesforce.fields(opportunity(2)).get(ms));
    }

    @Test
    void aCollectionEntryThatFailedWithoutAnErrorIsAFailureOfUnknownCauseNotASuccess() throws Exception {
        salesforce.addRecord("Opportunity", opportunity(1));
        salesforce.addRecord("Opportunity", opportunity(2));
        salesforce.failRecord(opportunity(2), null, null, 1);

        List<RecordResult> results = client.updateRecords(session, List.of(update(1, "SO-1"), update(2, "SO-2"))).records();

        assertTrue(results.get(0).success());
        assertFalse(results.get(1).success());
        assertTrue(results.get(1).transientFailure(), "nothing says the record is at fault");
        assertEquals("no error reported", results.get(1).describeErrors());
    }

    @Test
    void aSingleRecordAnswerWithoutSalesforcesErrorArrayIsRetryableNotTheRecordsError() {
        salesforce.addRecord("Opportunity", opportunity(1));
        salesforce.failNextCalls(1, 403, null);

        SalesforceException e = assertThrows(SalesforceException.class, () -> client.updateRecord(session, update(1, "SO-1")));

        assertEquals(Kind.RETRYABLE, e.kind());
        assertEquals(403, e.status());
    }

    @Test
    void anApiVersionTheOrgDoesNotServeIsAConfigurationFaultForBothCalls() {
        salesforce.addRecord("Opportunity", opportunity(1));
        HttpSalesforceClient wrongVersion = new HttpSalesforceClient(SalesforceHttp.create(Duration.ofSeconds(2), Duration.ofSeconds(5),
                new Retry(3, BackoffStrategy.retryImmediately(), pauses::add)), "99.0");

        SalesforceException collection = assertThrows(SalesforceException.class,
                () -> wrongVersion.updateRecords(session, List.of(update(1, "SO-1"))));
        SalesforceException single = assertThrows(SalesforceException.class, () -> wrongVersion.updateRecord(session, update(1, "SO-1")));

        for (SalesforceException e : List.of(collection, single)) {
            assertEquals(Kind.CONFIGURATION, e.kind());
            assertEquals(404, e.status());
            assertTrue(e.getMessage().contains("/services/data/v99.0/composite/sobjects"), e.getMessage());
            assertTrue(e.getMessage().contains("NOT_FOUND: The requested resource does not exist"), e.getMessage());
        }
        assertEquals(3, salesforce.apiCalls(), "the collection; the single PATCH, and the collection of one that told its 404 apart");
        assertTrue(pauses.isEmpty(), "not retried in-process: sending it again cannot help until the setting is fixed");
    }

    @Test
    void aRecordTheOrgDoesNotHaveIsStillTheRecordsOwnErrorOnASinglePatch() throws Exception {
        RecordResult result = client.updateRecord(session, update(1, "SO-1")).records().getFirst();

        assertFalse(result.success());
        assertEquals("NOT_FOUND", result.errors().getFirst().code());
        assertEquals(2, salesforce.apiCalls(), "the 404 was told apart from a missing API path by a collection of one");
    }

    @Test
    void theApiLimitIsNotRetried() {
        salesforce.addRecord("Opportunity", opportunity(1));
        salesforce.apiLimit(0);

        SalesforceException e = assertThrows(SalesforceException.class, () -> client.updateRecords(session, List.of(update(1, "SO-1"))));

        assertEquals(Kind.LIMIT_EXCEEDED, e.kind());
        assertEquals(403, e.status());
        assertEquals(1, salesforce.apiCalls(), "one call, no hammering");
        assertTrue(pauses.isEmpty());
    }

    @Test
    void aRequestThatGetsNoAnswerTimesOutAndIsRetryable() throws IOException {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            List<Socket> accepted = new CopyOnWriteArrayList<>();
            Thread.ofVirtual().start(() -> {
                while (!silent.isClosed()) {
                    try {
                        accepted.add(silent.accept()); // holds the connection and never answers
                    } catch (IOException closed) {
                        return;
                    }
                }
            });
            AccessToken toSilence = new AccessToken(URI.create("http://127.0.0.1:" + silent.getLocalPort()), "token", AccessToken.Source.OAUTH);

            SalesforceException e = assertThrows(SalesforceException.class,
                    () -> client(Duration.ofMillis(200)).updateRecords(toSilence, List.of(update(1, "SO-1"))));

            assertEquals(Kind.RETRYABLE, e.kind());
            assertTrue(e.getMessage().contains("HttpTimeoutException"), e.getMessage());
            assertEquals(2, pauses.size(), "three attempts");
            for (Socket socket : accepted) {
                socket.close();
            }
        }
    }

    /** An event's fields as the simulator records them, each value as its JSON text. */
    private static Map<String, String> asText(Map<String, Object> fields) {
        Map<String, String> text = new java.util.LinkedHashMap<>();
        fields.forEach((name, value) -> text.put(name, String.valueOf(value)));
        return text;
    }
}
