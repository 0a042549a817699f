package dev.sfbridge.callback;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import dev.sfbridge.model.CallbackRequest;
import dev.sfbridge.testing.CallbackSampleEvents;
import dev.sfbridge.testing.SampleEvents;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** The handler runs on the SQS event in events/, as {@code sam local invoke} would feed it. */
class SampleEventsTest {
    @AutoClose
    private final CallbackFixture fixture = new CallbackFixture();

    @Test
    void theHandlerWritesEveryCallbackOfTheSampleEvent() {
        CallbackSampleEvents.callbacks().forEach(c -> fixture.salesforce.addRecord("Opportunity", c.recordId()));
        SQSEvent event = EventLoader.loadSQSEvent(SampleEvents.directory().resolve(CallbackSampleEvents.CALLBACK_EVENT).toString());
        // the sample names a placeholder org; this one is simulated on a loopback port
        event.getRecords().forEach(r -> r.setBody(r.getBody().replace(CallbackSampleEvents.INSTANCE_URL,
                fixture.salesforce.instanceUrl().toString())));

        SQSBatchResponse response = fixture.handler().handleRequest(event, null);

        assertEquals(List.of(), response.getBatchItemFailures());
        for (CallbackRequest callback : CallbackSampleEvents.callbacks()) {
            assertEquals(callback.orderNumber(), fixture.salesforce.fields(callback.recordId()).get("ERP_Order_Number__c"));
            assertEquals(callback.orderStatus(), fixture.salesforce.fields(callback.recordId()).get("ERP_Order_Status__c"));
        }
        assertEquals(1, fixture.salesforce.tokenRequests(), "the sample's session has expired: one token for all three");
    }

    @Test
    void theCommittedEventIsTheOneTheBuilderMakes() throws Exception {
        Path path = SampleEvents.directory().resolve(CallbackSampleEvents.CALLBACK_EVENT);
        assertEquals(CallbackSampleEvents.sqsEvent(CallbackSampleEvents.callbacks()), Files.readString(path), "regenerate with: ./dev events");
    }
}
