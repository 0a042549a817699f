package dev.sfbridge.callback;

import static dev.sfbridge.callback.CallbackFixture.T0;
import static dev.sfbridge.callback.CallbackFixture.failedIds;
import static dev.sfbridge.callback.CallbackFixture.messageIds;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.sfbridge.callback.CallbackFixture.DeadLetter;
import dev.sfbridge.model.QueueJson;
import dev.sfbridge.testing.SalesforceSimulator;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The status times written to Salesforce, and which callbacks take part in ordering statuses. */
class StatusTimesTest {
    @AutoClose
    private final CallbackFixture fixture = new CallbackFixture();
    private final SalesforceSimulator salesforce = fixture.salesforce;

    @Test
    void aTimeWithNanosecondsIsWrittenToTheMillisecondWhichSalesforceTakes() {
        String id = fixture.opportunity(1);
        SQSEvent event = fixture.event(fixture.fromErp(id, "SO-1", "Shipped", T0.plusNanos(123_456_789)));

        SQSBatchResponse response = fixture.handler().handleRequest(event, null);

        assertEquals(List.of(), failedIds(response), "nine fraction digits are refused by the org as a whole request");
        assertEquals("WRITTEN", fixture.outcomes().get(messageIds(event).getFirst()));
        assertEquals("2026-11-23T12:00:00Z", salesforce.fields(id).get("ERP_Status_Changed_At__c"), "the org holds it to the second");
        assertEquals(Long.toString(T0.toEpochMilli() + 123), salesforce.fields(id).get(SalesforceSimulator.STATUS_CHANGED_AT_MS),
                "and the milliseconds beside it");
        Map<String, String> published = salesforce.publishedEvents().getFirst().fields();
        assertEquals("2026-11-23T12:00:00.123Z", published.get(OrderUpdateEvents.CHANGED_AT));
        assertEquals(Long.toString(T0.toEpochMilli() + 123), published.get(OrderUpdateEvents.CHANGED_AT_MS));
    }

    @Test
    void aCallbackWithoutAStatusNeitherMakesAStatusStaleNorUsesUpTheGuard() {
        String id = fixture.opportunity(1);
        CallbackHandler handler = fixture.handler();
        SQSEvent first = fixture.event(fixture.fromErp(id, "SO-1", null, T0.plusSeconds(10)), fixture.fromErp(id, "SO-1", "Shipped", T0.plusSeconds(5)));

        assertEquals(List.of(), failedIds(handler.handleRequest(first, null)));
        assertEquals(Map.of(messageIds(first).get(0), "STALE", messageIds(first).get(1), "WRITTEN"), fixture.outcomes(),
                "the status's write carries the same order number");
        assertEquals("Shipped", salesforce.fields(id).get("ERP_Order_Status__c"));

        SQSEvent later = fixture.event(fixture.fromErp(id, "SO-1", "Delivered", T0.plusSeconds(8)));
        assertEquals(List.of(), failedIds(handler.handleRequest(later, null)));
        assertEquals("Delivered", salesforce.fields(id).get("ERP_Order_Status__c"), "newer than Shipped: the order number alone did not outrank it");
    }

    @Test
    void aCallbackWithoutAStatusIsWrittenAloneAndANewOrderNumberBesideAStatusComesAgainAfterIt() {
        String id = fixture.opportunity(1);
        CallbackHandler handler = fixture.handler();
        SQSEvent numberOnly = fixture.event(fixture.fromErp(id, "SO-1", null, T0.plusSeconds(10)));
        assertEquals(List.of(), failedIds(handler.handleRequest(numberOnly, null)));
        assertEquals(Map.of("ERP_Order_Number__c", "SO-1"), salesforce.fields(id));

        SQSEvent both = fixture.event(fixture.fromErp(id, "SO-1", "Shipped", T0.plusSeconds(5)), fixture.fromErp(id, "SO-1-B", null, T0.plusSeconds(11)));
        assertEquals(List.of(messageIds(both).get(1)), failedIds(handler.handleRequest(both, null)), "one write per record and batch");
        assertEquals("Shipped", salesforce.fields(id).get("ERP_Order_Status__c"));

        SQSEvent redelivery = new SQSEvent();
        redelivery.setRecords(List.of(both.getRecords().get(1)));
        assertEquals(List.of(), failedIds(handler.handleRequest(redelivery, null)));
        assertEquals(Map.of("ERP_Order_Number__c", "SO-1-B", "ERP_Order_Status__c", "Shipped", "ERP_Status_Changed_At__c",
                T0.plusSeconds(5).toString(), "ERP_Status_Changed_At_Ms__c", Long.toString(T0.plusSeconds(5).toEpochMilli())), salesforce.fields(id));
    }

    /** Two statuses admitted by the guard land in Salesforce in reverse order (concurrent invocations), within one second. */
    @Test
    void theOrgOrdersTwoStatusesWithinOneSecondByTheirMillisecondsSoTheOlderWrittenLastIsStale() {
        String id = recordHolding("Shipped", T0.plusMillis(900));

        assertEquals("STALE", write(id, "Booked", T0.plusMillis(100)), "the DateTimes are the same second; the milliseconds are not");
        assertEquals(List.of("Shipped", millis(T0.plusMillis(900))), status(id));
    }

    @Test
    void aNewerStatusWithinTheSameSecondIsWritten() {
        String id = recordHolding("Booked", T0.plusMillis(100));

        assertEquals("WRITTEN", write(id, "Shipped", T0.plusMillis(900)));
        assertEquals(List.of("Shipped", millis(T0.plusMillis(900))), status(id));
    }

    /** A record whose status was written before the milliseconds were: the rule falls back to the DateTime, to the second. */
    @Test
    void aRecordWithoutMillisecondsIsOrderedByItsDateTime() {
        String id = fixture.opportunity(1);
        salesforce.putFields(id, Map.of(SalesforceSimulator.STATUS_CHANGED_AT, T0.plusSeconds(5).toString(), "ERP_Order_Status__c", "Shipped"));

        assertEquals("STALE", write(id, "Booked", T0.plusSeconds(4)));
        assertEquals("Shipped", salesforce.fields(id).get("ERP_Order_Status__c"));
        assertEquals("WRITTEN", write(id, "Delivered", T0.plusSeconds(6)));
        assertEquals(List.of("Delivered", millis(T0.plusSeconds(6))), status(id), "from now on the record is ordered by milliseconds");
    }

    /** A time no Salesforce field can hold (its milliseconds overflow a long) fails its own message, not the batch. */
    @ParameterizedTest
    @ValueSource(strings = {"Shipped", ""})
    void aStatusTimeBeyondYear9999IsDeadLetteredAloneAndTheGoodCallbackBesideItIsWritten(String status) {
        String good = fixture.opportunity(1);
        String poisoned = fixture.opportunity(2);
        String poison = QueueJson.write(fixture.fromErp(poisoned, "SO-2", status.isEmpty() ? null : status, T0))
                .replace(T0.toString(), "+1000000000-01-01T00:00:00Z");
        SQSEvent event = fixture.eventOf(List.of(QueueJson.write(fixture.fromErp(good, "SO-1", "Shipped", T0)), poison));

        assertEquals(List.of(), failedIds(fixture.handler().handleRequest(event, null)), "nothing to retry");

        assertEquals(Map.of(messageIds(event).get(0), "WRITTEN", messageIds(event).get(1), "DEAD_LETTERED"), fixture.outcomes());
        assertEquals("Shipped", salesforce.fields(good).get("ERP_Order_Status__c"));
        assertEquals(Map.of(), salesforce.fields(poisoned));
        List<DeadLetter> letters = fixture.deadLetters();
        assertEquals(List.of(poison), letters.stream().map(DeadLetter::body).toList());
        assertEquals("statusChangedAt must be in the years 1970 to 9999 (UTC)", letters.getFirst().reason());
    }

    /** An opportunity whose status sfbridge wrote with the time {@code at}, both ways. */
    private String recordHolding(String status, Instant at) {
        String id = fixture.opportunity(1);
        salesforce.putFields(id, Map.of(SalesforceSimulator.STATUS_CHANGED_AT, at.toString(), SalesforceSimulator.STATUS_CHANGED_AT_MS, millis(at),
                "ERP_Order_Status__c", status));
        return id;
    }

    /** The outcome of a callback from the ERP setting the record's status, delivered alone. */
    private String write(String id, String status, Instant at) {
        SQSEvent event = fixture.event(fixture.fromErp(id, "SO-1", status, at));
        assertEquals(List.of(), failedIds(fixture.handler().handleRequest(event, null)));
        return fixture.outcomes().get(messageIds(event).getFirst());
    }

    /** The record's status and its time in milliseconds. */
    private List<String> status(String id) {
        Map<String, String> fields = salesforce.fields(id);
        return List.of(fields.get("ERP_Order_Status__c"), fields.get(SalesforceSimulator.STATUS_CHANGED_AT_MS));
    }

    private static String millis(Instant at) {
        return Long.toString(at.toEpochMilli());
    }
}
