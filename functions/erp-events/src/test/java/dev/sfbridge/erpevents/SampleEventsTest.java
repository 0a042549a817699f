package dev.sfbridge.erpevents;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import dev.sfbridge.testing.CallbackSampleEvents;
import dev.sfbridge.testing.FreshErpOrderEvent;
import dev.sfbridge.testing.SampleEvents;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The handler runs on the API Gateway event in events/, as {@code sam local invoke} would feed it. */
class SampleEventsTest {
    private final ErpEventsFixture fixture = new ErpEventsFixture();

    @Test
    void theHandlerQueuesTheSampleEventAsTheCallbackOfTheSampleSqsEvent() {
        fixture.secrets.put(ErpEventsFixture.SECRET_ID, CallbackSampleEvents.ERP_SIGNING_SECRET);
        APIGatewayProxyRequestEvent event = EventLoader.loadApiGatewayRestEvent(
                SampleEvents.directory().resolve(CallbackSampleEvents.ERP_ORDER_EVENT).toString());

        APIGatewayProxyResponseEvent response = fixture.handler().handleRequest(event, null);

        assertEquals(202, response.getStatusCode(), response.getBody());
        assertEquals(List.of(CallbackSampleEvents.callbacks().get(2)), fixture.queued());
    }

    @Test
    void theCommittedEventGoesStaleButTheCopyThatDevErpEventSignsNowIsTaken(@TempDir Path dir) throws Exception {
        fixture.secrets.put(ErpEventsFixture.SECRET_ID, CallbackSampleEvents.ERP_SIGNING_SECRET);
        Path fresh = dir.resolve("erp-order-event.json");
        FreshErpOrderEvent.main(new String[] {fresh.toString()});
        // the route's clock at the real now, as `sam local invoke` runs it
        fixture.clock.advance(Duration.between(ErpEventsFixture.NOW, Instant.now()));

        APIGatewayProxyResponseEvent committed = fixture.handler().handleRequest(EventLoader.loadApiGatewayRestEvent(
                SampleEvents.directory().resolve(CallbackSampleEvents.ERP_ORDER_EVENT).toString()), null);
        APIGatewayProxyResponseEvent signedNow = fixture.handler().handleRequest(
                EventLoader.loadApiGatewayRestEvent(fresh.toString()), null);

        assertEquals(401, committed.getStatusCode(), committed.getBody());
        assertTrue(committed.getBody().contains("stale_timestamp"), committed.getBody());
        assertEquals(202, signedNow.getStatusCode(), signedNow.getBody());
        assertEquals(List.of(CallbackSampleEvents.callbacks().get(2)), fixture.queued());
    }

    @Test
    void lowerCaseHeaderNamesAreReadToo() {
        fixture.secrets.put(ErpEventsFixture.SECRET_ID, CallbackSampleEvents.ERP_SIGNING_SECRET);
        String body = CallbackSampleEvents.erpOrderEventBody();
        APIGatewayProxyRequestEvent event = new APIGatewayProxyRequestEvent().withHttpMethod("POST").withBody(body)
                .withHeaders(Map.of("content-type", "application/json", "x-sfbridge-signature",
                        CallbackSampleEvents.erpSignature(CallbackSampleEvents.ERP_SIGNING_SECRET, CallbackSampleEvents.ERP_SIGNED_AT, body)));

        assertEquals(202, fixture.handler().handleRequest(event, null).getStatusCode());
    }

    @Test
    void theCommittedEventIsTheOneTheBuilderMakes() throws Exception {
        Path path = SampleEvents.directory().resolve(CallbackSampleEvents.ERP_ORDER_EVENT);
        assertEquals(CallbackSampleEvents.erpOrderApiGatewayEvent(), Files.readString(path), "regenerate with: ./dev events");
    }
}
