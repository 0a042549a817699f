package dev.sfbridge.worker;

import static dev.sfbridge.worker.WorkerFixture.notification;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sfbridge.erp.ErpCredentials;
import dev.sfbridge.erp.ErpSecret;
import dev.sfbridge.erp.HttpErpClient;
import dev.sfbridge.model.CallbackRequest;
import dev.sfbridge.model.Notification;
import dev.sfbridge.queue.DeadLetterQueue;
import dev.sfbridge.queue.MessageCharacters;
import dev.sfbridge.testing.ErpSimulator.Fault;
import dev.sfbridge.testing.FaultInjectingSqs;
import dev.sfbridge.testing.Intercepted;
import dev.sfbridge.testing.TestContext;
import dev.sfbridge.testing.OutboundMessages;
import dev.sfbridge.testing.SqsEventSourceMapping;
import dev.sfbridge.testing.TestIds;
import dev.sfbridge.testing.ThrottlingDynamoDb;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequest;
import software.amazon.awssdk.services.sqs.model.Message;

class FailureHandlingTest {
    @AutoClose
    private final WorkerFixture fixture = new WorkerFixture();

    @Test
    void throttlingErp503sAndTimeoutsAreRetriedToSuccess() {
        ThrottlingDynamoDb throttling = new ThrottlingDynamoDb(fixture.dynamoDb, call -> call % 3 == 0);
        OrderWorkerHandler handler = fixture.handler(throttling.client(), fixture.sqs.client(), fixture.erpClient());
        fixture.erp.failNext(TestIds.id("006", 2), 2, Fault.unavailable());
        fixture.erp.failNext(TestIds.id("006", 3), 1, Fault.hang());
        fixture.erp.failNext(TestIds.id("006", 4), 4, Fault.unavailable());
        for (int n = 1; n <= 20; n++) {
            fixture.enqueue(notification(n));
        }

        // each redelivery a lease later, as its backoff brings it back in production: the items run on their own
        // threads, so a call can meet the throttling on every one of its retries, and when the release that follows
        // does too, the claim is held until its lease runs out and then taken over (CrashRecoveryTest), not met as
        // held elsewhere on every redelivery until maxReceiveCount moves the notification away unprocessed
        fixture.mapping(handler).drain(20, () -> fixture.clock.advance(WorkerFixture.LEASE.plusSeconds(1)));

        assertTrue(throttling.throttled() > 10, "throttling was injected: " + throttling.throttled());
        assertEquals(20, fixture.erp.ordersCreated());
        // a completion throttled past the store's retries after its callback was queued redelivers the
        // notification: a second callback, with the same order number (docs/order-worker.md, step 4)
        Map<String, Set<String>> orderNumbersByRecord = fixture.callbacks().stream().collect(Collectors.groupingBy(
                CallbackRequest::recordId, Collectors.mapping(CallbackRequest::orderNumber, Collectors.toSet())));
        assertEquals(20, orderNumbersByRecord.size(), "every record has its callback");
        orderNumbersByRecord.forEach((record, numbers) ->
                assertEquals(Set.of(fixture.erp.order(record).orElseThrow().orderNumber()), numbers, record));
        assertTrue(fixture.deadLetters().isEmpty());
        assertTrue(fixture.erp.statuses().contains(503));
    }

    @Test
    void credentialsTheErpRefusesAlsoAfterARereadAreRetriedAndCountedNotDeadLettered() {
        HttpErpClient refused = new HttpErpClient(fixture.erp.baseUri(), ErpCredentials.fixed(new ErpSecret.ApiKey("rotated-away-1")),
                HttpErpClient.Settings.defaults().withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(2)).withPause(d -> { }));
        fixture.enqueue(notification(7));

        SqsEventSourceMapping.Poll poll = fixture.mapping(fixture.handler(fixture.dynamoDb, fixture.sqs.client(), refused)).pollOnce();

        assertEquals(1, poll.failed(), "back to the queue: a rotation in progress is not the order's fault");
        assertTrue(fixture.deadLetters().isEmpty());
        assertEquals(List.of(401, 401), fixture.erp.statuses(), "one resend after rereading the secret, no more");
        assertEquals(Map.of("ErpErrors[Kind=RETRYABLE]", 1L, "ErpCredentialsRefused", 1L), fixture.metrics.emitted());
        // the next delivery with the right secret goes through
        fixture.mapping(fixture.handler()).drain(5);
        assertEquals(1, fixture.erp.ordersCreated());
    }

    @Test
    void anErpValidationErrorSendsTheMessageToTheDeadLetterQueueWithItsReasonAndReleasesTheClaim() {
        fixture.erp.failNext(TestIds.id("006", 5), 1, Fault.rejected(400, "INVALID_AMOUNT", "amount must be positive"));
        fixture.enqueue(notification(5));

        fixture.mapping(fixture.handler()).drain(5);

        assertEquals(0, fixture.erp.ordersCreated());
        assertEquals(1, fixture.erp.requests(), "a permanent error is not retried");
        List<Message> dead = fixture.deadLetters();
        assertEquals(1, dead.size());
        String reason = dead.get(0).messageAttributes().get(DeadLetterQueue.REASON).stringValue();
        assertTrue(reason.contains("INVALID_AMOUNT"), reason);
        assertFalse(reason.contains("Session"), reason);
        assertEquals(Map.of("ErpErrors[Kind=PERMANENT]", 1L, "DeadLettersSent", 1L), fixture.metrics.emitted());

        // the replay an operator makes once the data is fixed is processed afresh
        fixture.enqueue(notification(5));
        fixture.mapping(fixture.handler()).drain(5);
        assertEquals(1, fixture.erp.ordersCreated());
        assertEquals(1L, fixture.metrics.emitted().get("OrdersCreated"));
    }

    @Test
    void anErpErrorTextWithACharacterNoQueueMessageMayHoldIsDeadLetteredWithItReplaced() {
        assertDeadLetteredWithReasonEnding("bell\u0007 in name", "bell\uFFFD in name");
    }

    @Test
    void anErpErrorTextCutAtItsLimitKeepsAPairOfSurrogatesWhole() {
        // the ERP's text is kept to 300 characters: the 300th is the first half of the pair
        String message = "a".repeat(300 - "validation_failed: ".length() - 1) + "\uD83D\uDE80 more";
        assertDeadLetteredWithReasonEnding(message, "a\uD83D\uDE80…");
    }

    private void assertDeadLetteredWithReasonEnding(String erpMessage, String reasonEnd) {
        fixture.erp.failNext(TestIds.id("006", 5), 1, Fault.rejected(422, "validation_failed", erpMessage));
        fixture.enqueue(notification(5));

        SqsEventSourceMapping.Poll poll = fixture.mapping(fixture.handler()).pollOnce();

        assertEquals(0, poll.failed(), "not back to the queue to ask the ERP again");
        List<Message> dead = fixture.deadLetters();
        assertEquals(1, dead.size());
        String reason = dead.get(0).messageAttributes().get(DeadLetterQueue.REASON).stringValue();
        assertTrue(reason.endsWith(reasonEnd), reason);
        assertEquals(-1, MessageCharacters.firstRefused(reason), reason);
    }

    @Test
    void anErpRetryAfterLongerThanTheClientWaitsHoldsTheRedeliveryBackThatLong() {
        List<Integer> hiddenFor = new CopyOnWriteArrayList<>();
        SqsClient recordingVisibility = Intercepted.of(SqsClient.class, fixture.sqs.client())
                .before(ChangeMessageVisibilityBatchRequest.class, request -> request.entries()
                        .forEach(entry -> hiddenFor.add(entry.visibilityTimeout())))
                .client();
        fixture.erp.failNext(TestIds.id("006", 9), 1, Fault.throttled(Duration.ofMinutes(10)));
        fixture.enqueue(notification(9));

        SqsEventSourceMapping.Poll poll = fixture.mapping(fixture.handler(fixture.dynamoDb, recordingVisibility, fixture.erpClient())).pollOnce();

        assertEquals(1, poll.failed());
        assertEquals(1, fixture.erp.requests(), "not waited for inside the invocation");
        assertEquals(1, hiddenFor.size());
        assertTrue(hiddenFor.getFirst() >= 600, "hidden for the ERP's 600 s, not the first backoff: " + hiddenFor);
        assertTrue(fixture.logLines.stream().anyMatch(l -> l.contains("\"erpRetryAfterSeconds\":600")), fixture.logLines.toString());
    }

    @Test
    void aRequestAwsRefusesAsInvalidForTheMessagesOwnValuesIsDeadLetteredWithItsCodeNotRetriedForDays() {
        // a hand-made message whose notification ID makes a key over DynamoDB's 2,048 bytes
        Notification sent = notification(10);
        Notification oversized = new Notification(sent.schemaVersion(), "04l" + "x".repeat(2100), sent.organizationId(),
                sent.actionId(), sent.objectType(), sent.recordId(), sent.fields(), sent.receivedAt(), sent.instanceUrl(), sent.sessionId());

        var response = fixture.handler().handleRequest(WorkerFixture.event(Map.of("m-10", oversized)), new TestContext("req"));

        assertEquals(List.of(), WorkerFixture.failedIds(response), "done: sending it again fails the same way");
        assertEquals(0, fixture.erp.requests());
        List<Message> dead = fixture.deadLetters();
        assertEquals(1, dead.size());
        String reason = dead.getFirst().messageAttributes().get(DeadLetterQueue.REASON).stringValue();
        assertTrue(reason.contains("ValidationException"), reason);
        assertTrue(reason.contains("Hash primary key values must be under 2048 bytes"), "AWS's own message, to tell one bad message from a setup fault: " + reason);
    }

    @Test
    void throttlingOfTheClaimStaysRetryable() {
        DynamoDbClient throttled = Intercepted.of(DynamoDbClient.class, fixture.dynamoDb)
                .before(PutItemRequest.class, request -> {
                    throw ThrottlingDynamoDb.throttling();
                }).client();

        var response = fixture.handler(throttled, fixture.sqs.client(), fixture.erpClient())
                .handleRequest(WorkerFixture.event(Map.of("m-11", notification(11))), new TestContext("req"));

        assertEquals(List.of("m-11"), WorkerFixture.failedIds(response));
        assertTrue(fixture.deadLetters().isEmpty());
    }

    @Test
    void aClaimWhoseReleaseTheThrottlingOutlastedHoldsTheRecordForItsLeaseThenIsTakenOver() {
        AtomicBoolean deletesThrottled = new AtomicBoolean(true);
        DynamoDbClient dynamo = Intercepted.of(DynamoDbClient.class, fixture.dynamoDb)
                .before(DeleteItemRequest.class, request -> {
                    if (deletesThrottled.get()) {
                        throw ThrottlingDynamoDb.throttling();
                    }
                }).client();
        SqsEventSourceMapping mapping = fixture.mapping(fixture.handler(dynamo, fixture.sqs.client(), fixture.erpClient()));
        fixture.erp.failNext(TestIds.id("006", 4), 3, Fault.unavailable());
        fixture.enqueue(notification(4));

        assertEquals(1, mapping.pollOnce().failed(), "the ERP's 503s outlast its client's three attempts");
        assertEquals(1, mapping.pollOnce().failed(), "the claim the release left keeps the redelivery out");
        assertEquals(3, fixture.erp.requests(), "the redelivery that met the claim did not call the ERP");
        deletesThrottled.set(false);
        fixture.clock.advance(WorkerFixture.LEASE.plusSeconds(1));
        mapping.drain(5);

        assertEquals(1, fixture.erp.ordersCreated());
        assertEquals(1, fixture.callbacks().size());
        assertTrue(fixture.deadLetters().isEmpty());
        assertTrue(fixture.logLines.stream().anyMatch(line -> line.contains("\"takenOver\":true")), fixture.logLines.toString());
    }

    @Test
    void anErpThatStaysDownReachesTheDeadLetterQueueAfterMaxReceiveCount() {
        fixture.erp.failNext(TestIds.id("006", 6), 1000, Fault.unavailable());
        fixture.enqueue(notification(6));

        fixture.mapping(fixture.handler()).drain(WorkerFixture.MAX_RECEIVE_COUNT + 2);

        assertEquals(1, fixture.deadLetters().size());
        assertEquals(0, fixture.erp.ordersCreated());
        // the fifth failure in a row also opens the ERP's circuit (OrderWorkerHandler.CIRCUIT_THRESHOLD)
        assertEquals(Map.of("ErpErrors[Kind=RETRYABLE]", (long) WorkerFixture.MAX_RECEIVE_COUNT, "CircuitChanges[State=OPEN]", 1L),
                fixture.metrics.emitted(), "the redrive policy moved it: not a dead letter sfbridge sent");
    }

    @Test
    void aCallbackSqsRefusesAsTheSendersFaultDeadLettersTheNotificationSayingTheOrderIsWrittenAndAReplayCallsBack() {
        FaultInjectingSqs refusing = new FaultInjectingSqs(fixture.sqs.client(), entry -> true, 1, true);
        fixture.enqueue(notification(12));

        SqsEventSourceMapping.Poll poll = fixture.mapping(fixture.handler(fixture.dynamoDb, refusing.client(), fixture.erpClient())).pollOnce();

        assertEquals(0, poll.failed(), "not back to the queue: each redelivery would upsert again and be refused again");
        assertEquals(1, refusing.batchCalls(), "a sender fault is not resent");
        List<Message> dead = fixture.deadLetters();
        assertEquals(1, dead.size());
        String reason = dead.get(0).messageAttributes().get(DeadLetterQueue.REASON).stringValue();
        assertTrue(reason.contains("the ERP order of record " + TestIds.id("006", 12) + " is written")
                && reason.contains("retrying will not help"), reason);
        assertEquals(1, fixture.erp.ordersCreated());
        assertTrue(fixture.callbacks().isEmpty());

        // the replay once the cause is fixed: the claim was released, so it upserts the same order and calls back
        fixture.sqs.client().sendMessage(b -> b.queueUrl(fixture.notificationsUrl).messageBody(dead.get(0).body()));
        fixture.mapping(fixture.handler()).drain(5);
        assertEquals(1, fixture.erp.ordersCreated());
        assertEquals(2, fixture.erp.requests());
        assertEquals(List.of(fixture.erp.order(TestIds.id("006", 12)).orElseThrow().orderNumber()),
                fixture.callbacks().stream().map(CallbackRequest::orderNumber).toList());
    }

    @Test
    void anErpOrderNumberNoQueueMessageCanCarryDeadLettersTheNotificationAtOnceSayingTheOrderIsWritten() {
        fixture.erp.failNext(TestIds.id("006", 13), 1,
                new Fault.Respond(201, Map.of(), "{\"orderNumber\":\"SO-\\uFFFF\",\"status\":\"OPEN\"}"));
        fixture.enqueue(notification(13));

        SqsEventSourceMapping.Poll poll = fixture.mapping(fixture.handler()).pollOnce();

        assertEquals(0, poll.failed());
        assertEquals(1, fixture.erp.requests(), "the ERP answers the same to every upsert: not asked again");
        assertTrue(fixture.callbacks().isEmpty());
        List<Message> dead = fixture.deadLetters();
        assertEquals(1, dead.size());
        String reason = dead.get(0).messageAttributes().get(DeadLetterQueue.REASON).stringValue();
        assertTrue(reason.startsWith("ERP's answer cannot be passed on: ") && reason.contains("so the order is written")
                && reason.contains("its orderNumber holds U+FFFF"), reason);
        assertEquals(Map.of("ErpErrors[Kind=PERMANENT]", 1L, "DeadLettersSent", 1L), fixture.metrics.emitted());
    }

    @Test
    void aMixedBatchReportsExactlyTheFailedItems() {
        OrderWorkerHandler handler = fixture.handler();
        fixture.erp.failNext(TestIds.id("006", 9), 1000, Fault.unavailable());
        handler.handleRequest(WorkerFixture.event(Map.of("earlier", notification(8))), null);

        Map<String, Notification> batch = new LinkedHashMap<>();
        batch.put("good", notification(7));
        batch.put("erp-down", notification(9));
        batch.put("duplicate", notification(8));
        batch.put("unknown-version", new Notification(2, "04l", TestIds.ORG, null, "Opportunity", TestIds.id("006", 1),
                Map.of(), null, null, null));
        List<String> failed = WorkerFixture.failedIds(handler.handleRequest(WorkerFixture.event(batch), null));

        assertEquals(List.of("erp-down"), failed);
        assertEquals(1, fixture.deadLetters().size(), "the unknown schemaVersion went to the dead-letter queue");
    }

    @Test
    void anUnexpectedExceptionIsLoggedFailsOnlyItsItemAndReleasesTheClaimForAPromptRetry() throws Exception {
        HttpErpClient erp = fixture.erpClient();
        AtomicBoolean surprised = new AtomicBoolean();
        OrderWorkerHandler handler = fixture.handler(fixture.dynamoDb, fixture.sqs.client(), order -> {
            if (order.salesforceRecordId().equals(TestIds.id("006", 11)) && surprised.compareAndSet(false, true)) {
                throw new IllegalStateException("a bug, with " + order.name() + " in its message");
            }
            return erp.upsertOrder(order);
        });
        Map<String, Notification> batch = new LinkedHashMap<>();
        batch.put("fine", notification(10));
        batch.put("surprise", notification(11));

        assertEquals(List.of("surprise"), WorkerFixture.failedIds(handler.handleRequest(WorkerFixture.event(batch), null)));

        List<JsonNode> unexpected = fixture.logLines.stream().map(FailureHandlingTest::json)
                .filter(line -> line.get("message").asText().equals("batch item failed unexpectedly")).toList();
        assertEquals(1, unexpected.size(), fixture.logLines.toString());
        assertEquals("ERROR", unexpected.get(0).get("level").asText());
        assertEquals("surprise", unexpected.get(0).get("messageId").asText());
        assertEquals(IllegalStateException.class.getName(), unexpected.get(0).get("error").asText());
        assertTrue(fixture.logLines.stream().noneMatch(line -> line.contains("a bug") || line.contains(OutboundMessages.SESSION_ID)),
                "neither the exception's message nor the body is logged");

        // the redelivery, well inside the lease the failed attempt took: the claim was released, so it applies
        assertEquals(List.of(), WorkerFixture.failedIds(handler.handleRequest(WorkerFixture.event(Map.of("surprise", notification(11))), null)));
        assertEquals(2, fixture.erp.ordersCreated());
        assertEquals(2, fixture.callbacks().size());
    }

    private static JsonNode json(String line) {
        try {
            return new ObjectMapper().readTree(line);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void unreadableMessagesGoToTheDeadLetterQueueWithTheirReason() {
        fixture.sqs.client().sendMessage(b -> b.queueUrl(fixture.notificationsUrl).messageBody("{not json"));

        fixture.mapping(fixture.handler()).drain(5);

        List<Message> dead = fixture.deadLetters();
        assertEquals(1, dead.size());
        assertEquals("{not json", dead.get(0).body(), "the body is kept as it was, for a replay");
        assertTrue(dead.get(0).messageAttributes().get(DeadLetterQueue.REASON).stringValue().contains("schemaVersion"));
        assertEquals(Map.of("DeadLettersSent", 1L), fixture.metrics.emitted());
    }
}
