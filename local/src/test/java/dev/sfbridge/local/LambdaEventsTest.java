package dev.sfbridge.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.sfbridge.callback.CallbackHandler;
import dev.sfbridge.sync.BatchSyncHandler;
import dev.sfbridge.worker.OrderWorkerHandler;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** An SQS event handed to each handler in the type it declares, a Map of the event's JSON with Lambda's field names. */
class LambdaEventsTest {

    @Test
    void theInputTypeIsTheOneEachHandlerDeclares() {
        assertEquals(Map.class, LambdaEvents.inputType(BatchSyncHandler.class));
        assertEquals(SQSEvent.class, LambdaEvents.inputType(OrderWorkerHandler.class));
        assertEquals(SQSEvent.class, LambdaEvents.inputType(CallbackHandler.class));
        // a lambda declares no type argument: it is handed the event as it is
        RequestHandler<SQSEvent, SQSBatchResponse> wrapped = (event, context) -> null;
        assertEquals(Object.class, LambdaEvents.inputType(wrapped.getClass()));
    }

    @Test
    void aMapHandlerGetsTheEventsJsonWithLambdasFieldNames() {
        List<Map<String, Object>> received = new ArrayList<>();
        RequestHandler<Map<String, Object>, Map<String, String>> sync = (event, context) -> {
            received.add(event);
            return Map.of("erp-invoices-to-salesforce", "SUCCEEDED");
        };

        SQSBatchResponse response = LambdaEvents.sqsInvocation(sync, Map.class).apply(event("{\"syncJob\": \"erp-invoices-to-salesforce\"}"));

        assertNull(response, "no item failures: the batch succeeded because the handler returned");
        @SuppressWarnings("unchecked")
        Map<String, Object> record = ((List<Map<String, Object>>) received.getFirst().get("Records")).getFirst();
        assertEquals("{\"syncJob\": \"erp-invoices-to-salesforce\"}", record.get("body"));
        assertEquals("m-1", record.get("messageId"));
        assertEquals("arn:aws:sqs:us-east-1:000000000000:sync", record.get("eventSourceARN"));
        assertEquals("aws:sqs", record.get("eventSource"));
        assertEquals(Map.of("ApproximateReceiveCount", "1"), record.get("attributes"));
        assertTrue(record.keySet().containsAll(List.of("receiptHandle", "md5OfBody", "messageAttributes", "awsRegion")), record.toString());
    }

    @Test
    void anSqsEventHandlerGetsTheEventItselfAndItsItemFailuresCount() {
        SQSEvent event = event("x");
        SQSBatchResponse failures = SQSBatchResponse.builder()
                .withBatchItemFailures(List.of(new SQSBatchResponse.BatchItemFailure("m-1"))).build();
        RequestHandler<SQSEvent, SQSBatchResponse> worker = (given, context) -> {
            assertSame(event, given);
            return failures;
        };

        assertSame(failures, LambdaEvents.sqsInvocation(worker, SQSEvent.class).apply(event));
    }

    @Test
    void aHandlerOfAnotherTypeIsRefusedByName() {
        RequestHandler<String, String> other = (event, context) -> event;

        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> LambdaEvents.sqsInvocation(other, String.class));
        assertTrue(refused.getMessage().contains("java.lang.String"), refused.getMessage());
    }

    private static SQSEvent event(String body) {
        SQSEvent.SQSMessage message = new SQSEvent.SQSMessage();
        message.setMessageId("m-1");
        message.setReceiptHandle("r-1");
        message.setBody(body);
        message.setMd5OfBody("md5");
        message.setEventSource("aws:sqs");
        message.setEventSourceArn("arn:aws:sqs:us-east-1:000000000000:sync");
        message.setAttributes(Map.of("ApproximateReceiveCount", "1"));
        SQSEvent event = new SQSEvent();
        event.setRecords(List.of(message));
        return event;
    }
}
