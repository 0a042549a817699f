package dev.sfbridge.worker;

import static dev.sfbridge.worker.WorkerFixture.notification;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import dev.sfbridge.erp.ErpClient;
import dev.sfbridge.erp.HttpErpClient;
import dev.sfbridge.model.CallbackRequest;
import dev.sfbridge.model.Notification;
import dev.sfbridge.model.OrderResult;
import dev.sfbridge.testing.AdmissionsInOrder;
import dev.sfbridge.testing.TestContext;
import dev.sfbridge.testing.TestIds;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two changes of one record race: the older is admitted first, its ERP write is slow and lands after the
 * newer one's. The ERP refuses it (docs/erp-api.md, "Ordered writes"), so the newer change stays.
 */
class OrderedErpWritesTest {
    private static final Instant OLDER = Instant.parse("2026-11-20T10:00:00Z");
    private static final Instant NEWER = Instant.parse("2026-11-20T10:05:00Z");
    private static final String RECORD_ID = TestIds.id("006", 7);

    private final WorkerFixture fixture = new WorkerFixture();
    private final HttpErpClient http = fixture.erpClient();
    private final CountDownLatch newerAnswered = new CountDownLatch(1);
    /** The real client, which lets the older change's held write go once the newer one is answered. */
    private final ErpClient erp = order -> {
        OrderResult result = http.upsertOrder(order);
        if (NEWER.equals(order.sourceModifiedAt())) {
            newerAnswered.countDown();
        }
        return result;
    };
    private final AdmissionsInOrder olderAdmittedFirst = new AdmissionsInOrder(fixture.dynamoDb, OLDER, NEWER);
    private final Notification older = ExactlyOneOrderTest.withAmount(notification(7, "", OLDER), "1.00");
    private final Notification newer = notification(7, "X", NEWER);

    OrderedErpWritesTest() {
        fixture.erp.holdChange(RECORD_ID, OLDER, newerAnswered);
    }

    @AfterEach
    void close() {
        http.close();
        fixture.close();
    }

    @Test
    void inOneBatchTheNewerChangeWins() {
        SQSBatchResponse response = handler().handleRequest(WorkerFixture.event(Map.of("m-older", older, "m-newer", newer)),
                new TestContext("req-1"));

        assertEquals(List.of(), WorkerFixture.failedIds(response));
        assertNewerWon();
    }

    @Test
    void acrossTwoConcurrentInvocationsTheNewerChangeWins() throws Exception {
        try (ExecutorService invocations = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<SQSBatchResponse> first = invocations.submit(() -> handler().handleRequest(
                    WorkerFixture.event(Map.of("m-older", older)), new TestContext("req-1")));
            Future<SQSBatchResponse> second = invocations.submit(() -> handler().handleRequest(
                    WorkerFixture.event(Map.of("m-newer", newer)), new TestContext("req-2")));

            assertEquals(List.of(), WorkerFixture.failedIds(first.get()));
            assertEquals(List.of(), WorkerFixture.failedIds(second.get()));
        }
        assertNewerWon();
    }

    private OrderWorkerHandler handler() {
        return fixture.handler(olderAdmittedFirst.client(), fixture.sqs.client(), erp);
    }

    private void assertNewerWon() {
        assertEquals(0, new BigDecimal("1007.50").compareTo(fixture.erp.order(RECORD_ID).orElseThrow().request().amount()),
                "the ERP holds the newer change");
        assertEquals(List.of(201, 412), fixture.erp.statuses(), "the older write reached the ERP after the newer one");
        List<CallbackRequest> callbacks = fixture.callbacks();
        assertEquals(1, callbacks.size(), "no callback for the refused change");
        assertEquals("SO-000001", callbacks.getFirst().orderNumber());
        assertEquals(1, fixture.logLines.stream().filter(l -> l.contains("\"outcome\":\"STALE\"")
                && l.contains("\"reason\":\"erp_holds_newer_change\"")).count());
        assertEquals(Map.of("OrdersCreated", 1L, "StaleChangesSkipped", 1L), fixture.metrics.emitted());
    }
}
