package dev.sfbridge.worker;

import static dev.sfbridge.worker.WorkerFixture.failedIds;
import static dev.sfbridge.worker.WorkerFixture.notification;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
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
}
