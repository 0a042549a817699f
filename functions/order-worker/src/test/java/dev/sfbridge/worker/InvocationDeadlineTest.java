package dev.sfbridge.worker;

import static dev.sfbridge.worker.WorkerFixture.failedIds;
import static dev.sfbridge.worker.WorkerFixture.notification;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import dev.sfbridge.erp.ErpClient;
import dev.sfbridge.erp.HttpErpClient;
import dev.sfbridge.testing.ErpSimulator.Fault;
import dev.sfbridge.testing.Intercepted;
import dev.sfbridge.testing.TestContext;
import dev.sfbridge.testing.TestIds;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * No step starts once too little of the invocation is left to finish it ({@link OrderWorkerHandler#DEADLINE_MARGIN}
 * before the timeout): its notification goes back to the queue with no claim held, and the next delivery with time
 * enough applies it at once. Time is the fixture's clock; the context's remaining time is what the handler is given.
 */
class InvocationDeadlineTest {
    @AutoClose
    private final WorkerFixture fixture = new WorkerFixture();

    /** The context of an invocation that has {@code seconds} beyond the margin left when it starts. */
    private static TestContext leaving(int seconds) {
        return new TestContext("req", (int) OrderWorkerHandler.DEADLINE_MARGIN.plusSeconds(seconds).toMillis());
    }

    @Test
    void withTooLittleTimeLeftNothingIsClaimedNorSentAndTheNextDeliveryAppliesIt() {
        OrderWorkerHandler handler = fixture.handler();
        SQSBatchResponse late = handler.handleRequest(WorkerFixture.event(Map.of("m-1", notification(1))), leaving(-1));

        assertEquals(List.of("m-1"), failedIds(late));
        assertEquals(0, fixture.erp.requests());
        assertTrue(fixture.logLines.stream().anyMatch(l -> l.contains("\"reason\":\"deadline\"")), fixture.logLines.toString());

        SQSBatchResponse next = handler.handleRequest(WorkerFixture.event(Map.of("m-1", notification(1))), new TestContext("req-2"));
        assertEquals(List.of(), failedIds(next), "no claim held it back: " + fixture.logLines);
        assertEquals(1, fixture.erp.ordersCreated());
    }

    @Test
    void aSlowStepBeforeTheErpCallLeavesTheCallUnstartedAndReleasesTheClaim() {
        AtomicBoolean slowed = new AtomicBoolean();
        // the change's admission (the first UpdateItem) is throttled and retried past the deadline
        DynamoDbClient slowAdmission = Intercepted.of(DynamoDbClient.class, fixture.dynamoDb)
                .after(UpdateItemRequest.class, request -> {
                    if (slowed.compareAndSet(false, true)) {
                        fixture.clock.advance(Duration.ofSeconds(11));
                    }
                }).client();
        OrderWorkerHandler handler = fixture.handler(slowAdmission, fixture.sqs.client(), fixture.erpClient());

        SQSBatchResponse late = handler.handleRequest(WorkerFixture.event(Map.of("m-1", notification(1))), leaving(10));

        assertEquals(List.of("m-1"), failedIds(late));
        assertEquals(0, fixture.erp.requests());
        SQSBatchResponse next = handler.handleRequest(WorkerFixture.event(Map.of("m-1", notification(1))), new TestContext("req-2"));
        assertEquals(List.of(), failedIds(next), "the claim was released, not held for its lease: " + fixture.logLines);
        assertEquals(1, fixture.erp.ordersCreated());
    }

    @Test
    void anErpRetryThatWouldStartAfterTheDeadlineIsNotMadeAndTheClaimIsReleased() {
        // a Retry-After the client would wait for (up to 5 s), but 4 s is past the deadline 3 s away
        fixture.erp.failNext(TestIds.id("006", 2), 1, Fault.throttled(Duration.ofSeconds(4)));
        OrderWorkerHandler handler = fixture.handler();

        SQSBatchResponse late = handler.handleRequest(WorkerFixture.event(Map.of("m-2", notification(2))), leaving(3));

        assertEquals(List.of("m-2"), failedIds(late));
        assertEquals(List.of(429), fixture.erp.statuses(), "the retry was not sent");
        SQSBatchResponse next = handler.handleRequest(WorkerFixture.event(Map.of("m-2", notification(2))), new TestContext("req-2"));
        assertEquals(List.of(), failedIds(next), fixture.logLines.toString());
        assertEquals(1, fixture.erp.ordersCreated());
    }

    @Test
    void aRecordQueryIsNotStartedWithTooLittleTimeLeftAndNothingIsDeadLettered() {
        fixture.opportunityInOrg(1, WorkerFixture.SENT_AT, 1);
        OrderWorkerHandler handler = fixture.handler();

        SQSBatchResponse late = handler.handleRequest(WorkerFixture.event(Map.of("m-1", fixture.idOnly(1, ""))), leaving(-1));

        assertEquals(List.of("m-1"), failedIds(late));
        assertEquals(0, fixture.salesforce.queryCalls());
        assertTrue(fixture.deadLetters().isEmpty());
        assertTrue(fixture.logLines.stream().anyMatch(l -> l.contains("records not fetched")), fixture.logLines.toString());
        SQSBatchResponse next = handler.handleRequest(WorkerFixture.event(Map.of("m-1", fixture.idOnly(1, ""))), new TestContext("req-2"));
        assertEquals(List.of(), failedIds(next), fixture.logLines.toString());
        assertEquals(1, fixture.erp.ordersCreated());
    }

    @Test
    void aCallbackWithTooLittleTimeLeftAfterASlowErpCallIsNotQueuedAndTheClaimIsReleased() {
        HttpErpClient http = fixture.erpClient();
        AtomicBoolean slowed = new AtomicBoolean();
        // the ERP call started 5 s before the deadline and took 13 s: 2 s are left before the completion's share, less
        // than one SQS attempt
        ErpClient slowErp = order -> {
            if (slowed.compareAndSet(false, true)) {
                fixture.clock.advance(Duration.ofSeconds(13));
            }
            return http.upsertOrder(order);
        };
        OrderWorkerHandler handler = fixture.handler(fixture.dynamoDb, fixture.sqs.client(), slowErp);

        SQSBatchResponse late = handler.handleRequest(WorkerFixture.event(Map.of("m-3", notification(3))), leaving(5));

        assertEquals(List.of("m-3"), failedIds(late));
        assertEquals(List.of(), fixture.callbacks(), "no callback enqueue was begun");
        assertTrue(fixture.logLines.stream().anyMatch(l -> l.contains("\"reason\":\"callback_enqueue_failed\"")), fixture.logLines.toString());
        SQSBatchResponse next = handler.handleRequest(WorkerFixture.event(Map.of("m-3", notification(3))), new TestContext("req-2"));
        assertEquals(List.of(), failedIds(next), "the claim was released: " + fixture.logLines);
        assertEquals(1, fixture.erp.ordersCreated(), "the redelivery's upsert was a repeat");
        assertEquals(1, fixture.callbacks().size());
    }
}
