package dev.sfbridge.callback;

import static dev.sfbridge.callback.CallbackFixture.T0;
import static dev.sfbridge.callback.CallbackFixture.failedIds;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.sfbridge.testing.AdmissionsInOrder;
import dev.sfbridge.testing.EmbeddedDynamoDb;
import dev.sfbridge.testing.SalesforceSimulator;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * Two statuses of one record in two concurrent invocations: the older is admitted first and its PATCH is
 * slow, landing after the newer one's. The org's validation rule refuses it, so the newer status stays.
 */
class OrderedStatusWritesTest {
    private static final Instant OLDER = T0.plusSeconds(10);
    private static final Instant NEWER = T0.plusSeconds(20);

    @AutoClose
    private final CallbackFixture fixture = new CallbackFixture();
    private final SalesforceSimulator salesforce = fixture.salesforce;

    @Test
    void theNewerStatusWinsWhenTheOlderIsWrittenLast() throws Exception {
        String id = fixture.opportunity(1);
        AdmissionsInOrder olderAdmittedFirst = new AdmissionsInOrder(EmbeddedDynamoDb.shared().client(), OLDER, NEWER);
        CountDownLatch newerWritten = new CountDownLatch(1);
        salesforce.holdWrite(id, OLDER, newerWritten);
        SQSEvent older = fixture.event(fixture.fromWorker(id, "SO-1", "Booked", OLDER, fixture.session()));
        SQSEvent newer = fixture.event(fixture.fromErp(id, "SO-1", "Shipped", NEWER));

        try (ExecutorService invocations = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<SQSBatchResponse> slow = invocations.submit(() -> fixture.handler(olderAdmittedFirst.client()).handleRequest(older, null));
            Future<SQSBatchResponse> fast = invocations.submit(() -> fixture.handler(olderAdmittedFirst.client()).handleRequest(newer, null));
            assertEquals(List.of(), failedIds(fast.get()));
            newerWritten.countDown();
            assertEquals(List.of(), failedIds(slow.get()));
        }

        assertEquals(Map.of("ERP_Order_Number__c", "SO-1", "ERP_Order_Status__c", "Shipped",
                "ERP_Status_Changed_At__c", NEWER.toString(), "ERP_Status_Changed_At_Ms__c", Long.toString(NEWER.toEpochMilli())),
                salesforce.fields(id));
        assertEquals("STALE", fixture.outcomes().get(older.getRecords().getFirst().getMessageId()));
        assertEquals(List.of(), fixture.deadLetters());
        assertEquals(Map.of("CallbacksApplied", 1L, "PlatformEventsPublished", 1L, "StaleChangesSkipped", 1L, "TokenRefreshes", 1L),
                fixture.metrics.emitted(), "the ERP event logged in with OAuth; an event for the write that took, none for the refused one");
        assertEquals(List.of("Shipped"), fixture.salesforce.publishedEvents().stream()
                .map(e -> e.fields().get(OrderUpdateEvents.STATUS)).toList());
    }
}
