package dev.sfbridge.callback;

import static dev.sfbridge.callback.CallbackFixture.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.sfbridge.callback.CallbackFixture.DeadLetter;
import dev.sfbridge.model.CallbackRequest;
import dev.sfbridge.model.SessionId;
import dev.sfbridge.testing.SqsEventSourceMapping;
import dev.sfbridge.testing.TestIds;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * The callback handler driven as Lambda's SQS event source mapping drives it, over ElasticMQ and DynamoDB
 * Local, against the simulated org: redeliveries, stale statuses across batches, dead letters.
 */
class CallbackEndToEndTest {
    @AutoClose
    private final CallbackFixture fixture = new CallbackFixture();

    @Test
    void callbacksReachSalesforceNewestStatusFirstWithPermanentFailuresDeadLettered() {
        SessionId expired = fixture.session();
        fixture.salesforce.expire(expired.reveal());
        List<CallbackRequest> queued = new ArrayList<>();
        IntStream.rangeClosed(1, 20).forEach(n -> queued.add(fixture.fromWorker(fixture.opportunity(n), "SO-" + n, "Booked", T0.plusSeconds(n), expired)));
        // ERP status events for records 1..5, the newest queued first and an older one after it
        IntStream.rangeClosed(1, 5).forEach(n -> queued.add(fixture.fromErp(TestIds.id("006", n), "SO-" + n, "Shipped", T0.plusSeconds(100))));
        IntStream.rangeClosed(1, 5).forEach(n -> queued.add(fixture.fromErp(TestIds.id("006", n), "SO-" + n, "Packed", T0.plusSeconds(50))));
        fixture.salesforce.deleteRecord(TestIds.id("006", 6));
        // a lock that outlasts the in-process retries of the first delivery and clears on the redelivery
        fixture.salesforce.failRecord(TestIds.id("006", 7), "UNABLE_TO_LOCK_ROW", "unable to obtain exclusive access to this record", 4);
        fixture.salesforce.failNextCalls(1, 503, "SERVER_UNAVAILABLE");
        fixture.enqueue(queued);
        CallbackHandler handler = fixture.handler();
        SqsEventSourceMapping mapping = new SqsEventSourceMapping(fixture.sqs.client(), fixture.queueUrl, 10,
                event -> handler.handleRequest(event, null));

        mapping.drain(20);

        IntStream.rangeClosed(1, 20).filter(n -> n != 6).forEach(n ->
                assertEquals("SO-" + n, fixture.salesforce.fields(TestIds.id("006", n)).get("ERP_Order_Number__c")));
        IntStream.rangeClosed(1, 5).forEach(n ->
                assertEquals("Shipped", fixture.salesforce.fields(TestIds.id("006", n)).get("ERP_Order_Status__c"), "record " + n));
        assertEquals("Booked", fixture.salesforce.fields(TestIds.id("006", 7)).get("ERP_Order_Status__c"));
        List<DeadLetter> letters = fixture.deadLetters();
        assertEquals(List.of(TestIds.id("006", 6)), letters.stream().map(l -> l.request().recordId()).toList());
        assertEquals("Salesforce refused the update: ENTITY_IS_DELETED: entity is deleted", letters.getFirst().reason());
        assertEquals(1, fixture.salesforce.tokenRequests());
        assertNull(fixture.sqs.client().receiveMessage(b -> b.queueUrl(fixture.queueUrl).waitTimeSeconds(0)).messages().stream()
                .findFirst().orElse(null), "nothing left on the queue");
        assertEquals(5, fixture.outcomes().values().stream().filter("STALE"::equals).count(), "the five Packed events");
        assertEquals(Map.of("CallbacksApplied", 24L, "PlatformEventsPublished", 24L, "StaleChangesSkipped", 5L, "DeadLettersSent", 1L,
                "TokenRefreshes", 1L), fixture.metrics.emitted(), "19 from the worker, 5 Shipped; record 7 counted once, when written");
    }
}
