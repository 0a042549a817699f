package dev.sfbridge.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import dev.sfbridge.testing.SampleEvents;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/** The handler on events/order-worker-sqs.json, as {@code sam local invoke} would feed it. */
class SampleEventTest {

    @Test
    void theHandlerAppliesEveryNotificationOfTheSampleEvent() {
        try (WorkerFixture fixture = new WorkerFixture()) {
            SQSEvent event = EventLoader.loadSQSEvent(SampleEvents.directory().resolve(SampleEvents.ORDER_WORKER_EVENT).toString());

            SQSBatchResponse response = fixture.handler().handleRequest(event, null);

            assertTrue(response.getBatchItemFailures().isEmpty());
            assertEquals(SampleEvents.ORDER_WORKER_NOTIFICATIONS.notifications().size(), fixture.erp.ordersCreated());
            assertEquals(fixture.erp.ordersCreated(), fixture.callbacks().size());
        }
    }

    @Test
    void theCommittedEventIsTheOneTheBuilderMakes() throws Exception {
        assertEquals(SampleEvents.orderWorkerEvent(),
                Files.readString(SampleEvents.directory().resolve(SampleEvents.ORDER_WORKER_EVENT)), "regenerate with: ./dev events");
    }
}
