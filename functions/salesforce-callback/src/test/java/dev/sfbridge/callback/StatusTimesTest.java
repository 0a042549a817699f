package dev.sfbridge.callback;

import static dev.sfbridge.callback.CallbackFixture.T0;
import static dev.sfbridge.callback.CallbackFixture.failedIds;
import static dev.sfbridge.callback.CallbackFixture.messageIds;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.sfbridge.testing.SalesforceSimulator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

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
        assertEquals("2026-11-23T12:00:00.123Z", salesforce.publishedEvents().getFirst().fields().get(OrderUpdateEvents.CHANGED_AT));
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
                T0.plusSeconds(5).toString()), salesforce.fields(id));
    }

    @Test
    void theOrgCannotOrderTwoStatusesWithinOneSecondSoTheOlderWrittenLastStays() {
        String id = fixture.opportunity(1);
        salesforce.putFields(id, Map.of(SalesforceSimulator.STATUS_CHANGED_AT, T0.plusMillis(900).toString(), "ERP_Order_Status__c", "Shipped"));

        SQSBatchResponse response = fixture.handler().handleRequest(fixture.event(fixture.fromErp(id, "SO-1", "Booked", T0.plusMillis(100))), null);

        assertEquals(List.of(), failedIds(response));
        assertEquals("Booked", salesforce.fields(id).get("ERP_Order_Status__c"),
                "the rule compares seconds: the documented limit, which the status guard's milliseconds cover unless writes land reversed");
    }
}
