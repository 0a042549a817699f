package dev.sfbridge.callback;

import static dev.sfbridge.callback.CallbackFixture.T0;
import static dev.sfbridge.callback.CallbackFixture.failedIds;
import static dev.sfbridge.callback.CallbackFixture.messageIds;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.sfbridge.callback.CallbackFixture.DeadLetter;
import dev.sfbridge.model.CallbackRequest;
import dev.sfbridge.model.SessionId;
import dev.sfbridge.testing.SalesforceSimulator;
import dev.sfbridge.testing.TestIds;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** What each kind of Salesforce error does to a callback: retried in-process, sent back to the queue, or dead-lettered. */
class RecordErrorsTest {
    /** How an org reports a row its Apex trigger could not lock: the save failed, the lock is in the message. */
    static final String TRIGGER_LOCK = "OpportunityTrigger: execution of AfterUpdate caused by: System.DmlException: Update failed. "
            + "First exception on row 0 with id 0015g00000AbCdEAAZ; first error: UNABLE_TO_LOCK_ROW, unable to obtain exclusive "
            + "access to this record: []: Trigger.OpportunityTrigger: line 14, column 1";

    @AutoClose
    private final CallbackFixture fixture = new CallbackFixture();
    private final SalesforceSimulator salesforce = fixture.salesforce;

    private SQSEvent batch(int count) {
        SessionId session = fixture.session();
        return fixture.event(IntStream.rangeClosed(1, count).mapToObj(n -> fixture.fromWorker(fixture.opportunity(n), "SO-" + n,
                "Booked", T0.plusSeconds(n), session)).toArray(CallbackRequest[]::new));
    }

    @Test
    void errorsSalesforceClearsByItselfGoBackToTheQueueAndOnlyTheRecordsOwnAreDeadLettered() {
        SQSEvent event = batch(5);
        List<String> ids = messageIds(event);
        salesforce.failRecord(TestIds.id("006", 1), "CANNOT_INSERT_UPDATE_ACTIVATE_ENTITY", TRIGGER_LOCK, 1);
        salesforce.failRecord(TestIds.id("006", 2), "REQUEST_LIMIT_EXCEEDED", "ConcurrentPerOrgLongTxn Limit exceeded.", Integer.MAX_VALUE);
        salesforce.failRecord(TestIds.id("006", 3), "UNKNOWN_EXCEPTION",
                "An unexpected error occurred. Please include this ErrorId if you contact support: 1234567890-12345 (-1234567890)", Integer.MAX_VALUE);
        salesforce.failRecord(TestIds.id("006", 4), "CANNOT_INSERT_UPDATE_ACTIVATE_ENTITY",
                "OpportunityTrigger: execution of AfterUpdate caused by: System.NullPointerException: Attempt to de-reference a null object",
                Integer.MAX_VALUE);

        SQSBatchResponse response = fixture.handler().handleRequest(event, null);

        assertEquals(List.of(ids.get(1), ids.get(2)), failedIds(response), "the org's limit and its internal error come again");
        assertEquals("SO-1", salesforce.fields(TestIds.id("006", 1)).get("ERP_Order_Number__c"), "the trigger's row lock: sent again, written");
        assertEquals(1, fixture.pauses.size(), "one pause, before sending the locked record again");
        List<DeadLetter> letters = fixture.deadLetters();
        assertEquals(List.of(TestIds.id("006", 4)), letters.stream().map(l -> l.request().recordId()).toList());
        assertEquals("Salesforce refused the update: CANNOT_INSERT_UPDATE_ACTIVATE_ENTITY: OpportunityTrigger: execution of AfterUpdate "
                + "caused by: System.NullPointerException: Attempt to de-reference a null object", letters.getFirst().reason());
        assertEquals(Map.of(ids.get(0), "WRITTEN", ids.get(1), "RETRY_LATER", ids.get(2), "RETRY_LATER", ids.get(3), "DEAD_LETTERED",
                ids.get(4), "WRITTEN"), fixture.outcomes());
    }

    @Test
    void aTriggersRowLockOutlastingTheRetriesGoesBackToTheQueueNeverToTheDeadLetterQueue() {
        SQSEvent event = batch(2);
        salesforce.failRecord(TestIds.id("006", 2), "CANNOT_INSERT_UPDATE_ACTIVATE_ENTITY", TRIGGER_LOCK, Integer.MAX_VALUE);

        SQSBatchResponse response = fixture.handler().handleRequest(event, null);

        assertEquals(List.of(messageIds(event).get(1)), failedIds(response));
        assertEquals(List.of(), fixture.deadLetters());
    }

    @Test
    void aRecordReportedFailedWithoutAnErrorIsNeverCountedWrittenAndComesAgain() {
        SQSEvent event = batch(2);
        salesforce.failRecord(TestIds.id("006", 2), null, null, 1);
        CallbackHandler handler = fixture.handler();

        SQSBatchResponse response = handler.handleRequest(event, null);

        assertEquals(List.of(messageIds(event).get(1)), failedIds(response));
        assertEquals(null, salesforce.fields(TestIds.id("006", 2)).get("ERP_Order_Number__c"));
        assertEquals(List.of(TestIds.id("006", 1)), salesforce.publishedEvents().stream()
                .map(e -> e.fields().get(OrderUpdateEvents.RECORD_ID)).toList(), "no event for a record not written");
        assertEquals(List.of(), fixture.deadLetters());
        assertEquals(Map.of("CallbacksApplied", 1L, "PlatformEventsPublished", 1L), fixture.metrics.emitted());

        SQSEvent redelivery = new SQSEvent();
        redelivery.setRecords(List.of(event.getRecords().get(1)));
        assertEquals(List.of(), failedIds(handler.handleRequest(redelivery, null)));
        assertEquals("SO-2", salesforce.fields(TestIds.id("006", 2)).get("ERP_Order_Number__c"), "its redelivery is written");
    }

    @Test
    void aCollectionRequestRefusedAsAWholeIsSentRecordByRecordSoOnlyTheRecordAtFaultIsDeadLettered() {
        SQSEvent event = batch(3);
        // the collection, then the first record sent alone: as if that record's value could not be read
        salesforce.failNextCalls(2, 400, "JSON_PARSER_ERROR");

        SQSBatchResponse response = fixture.handler().handleRequest(event, null);

        assertEquals(List.of(), failedIds(response), "sent again unchanged it is refused again: not retried ~100 times");
        List<DeadLetter> letters = fixture.deadLetters();
        assertEquals(List.of(TestIds.id("006", 1)), letters.stream().map(l -> l.request().recordId()).toList());
        assertEquals("Salesforce refused the update: JSON_PARSER_ERROR: injected by the simulator", letters.getFirst().reason());
        assertEquals("SO-2", salesforce.fields(TestIds.id("006", 2)).get("ERP_Order_Number__c"));
        assertEquals("SO-3", salesforce.fields(TestIds.id("006", 3)).get("ERP_Order_Number__c"));
    }

    @Test
    void aFieldTheOrgLacksOrTheUserMayNotEditSendsEveryCallbackBackToTheQueueAndCountsAConfigurationError() {
        SQSEvent event = batch(3);
        // the stack deployed before salesforce/: the whole request refused, then a lone record's PATCH the same way
        salesforce.failNextCalls(1, 400, "INVALID_FIELD");
        salesforce.failRecord(TestIds.id("006", 3), "INVALID_FIELD_FOR_INSERT_UPDATE",
                "Unable to create/update fields: ERP_Status_Changed_At_Ms__c. Please check the security settings of this field", 1);

        SQSBatchResponse first = fixture.handler().handleRequest(event, null);
        SQSBatchResponse second = fixture.handler().handleRequest(event, null);

        assertEquals(messageIds(event), failedIds(first), "none dead-lettered: the org's setup, not the records, is at fault");
        assertEquals(List.of(messageIds(event).get(2)), failedIds(second), "a field the user may not edit: again later too");
        assertEquals(List.of(), fixture.deadLetters());
        assertEquals(2L, fixture.metrics.emitted().get("SalesforceConfigurationErrors"));
        assertEquals("SO-1", salesforce.fields(TestIds.id("006", 1)).get("ERP_Order_Number__c"), "written once the org has the field");
    }

    @Test
    void aValueLongerThanItsFieldIsRefusedByTheOrgAndDeadLetteredWithSalesforcesError() {
        String id = fixture.opportunity(1);
        String status = "S".repeat(41);

        SQSBatchResponse response = fixture.handler().handleRequest(fixture.event(
                fixture.fromWorker(id, "SO-1", status, T0, fixture.session())), null);

        assertEquals(List.of(), failedIds(response));
        assertEquals("Salesforce refused the update: STRING_TOO_LONG: ERP_Order_Status__c: data value too large: " + status
                + " (max length=40) (fields: ERP_Order_Status__c)", fixture.deadLetters().getFirst().reason());
        assertEquals(Map.of(), salesforce.fields(id));
    }
}
