package dev.sfbridge.listener;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import dev.sfbridge.contract.SoapResponses;
import dev.sfbridge.testing.OutboundMessages;
import dev.sfbridge.testing.SampleEvents;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The handler runs on every API Gateway event in events/, as {@code sam local invoke} would feed it. */
class SampleEventsTest {

    static Stream<String> outboundMessageEvents() {
        return SampleEvents.OUTBOUND_MESSAGES.keySet().stream().sorted();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("outboundMessageEvents")
    void theHandlerAcksEachSampleEventAndQueuesAllItsNotifications(String file) {
        ListenerFixture fixture = new ListenerFixture();
        OutboundMessageHandler handler = new OutboundMessageHandler(fixture.listener(fixture.sqs.client()));
        APIGatewayProxyRequestEvent event = EventLoader.loadApiGatewayRestEvent(SampleEvents.directory().resolve(file).toString());

        APIGatewayProxyResponseEvent response = handler.handleRequest(event, null);

        assertEquals(200, response.getStatusCode());
        assertEquals(SoapResponses.ACK, response.getBody());
        assertEquals(SoapResponses.CONTENT_TYPE, response.getHeaders().get("Content-Type"));
        assertEquals(SampleEvents.OUTBOUND_MESSAGES.get(file).notifications().size(), fixture.sqs.drainNotifications(fixture.queueUrl).size());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("outboundMessageEvents")
    void theCommittedEventIsTheOneTheBuilderMakes(String file) throws Exception {
        Path path = SampleEvents.directory().resolve(file);
        assertEquals(SampleEvents.apiGatewayEvent(SampleEvents.OUTBOUND_MESSAGES.get(file).xml()), Files.readString(path),
                "regenerate with: ./dev events");
    }

    @Test
    void aBase64BodyWithLowerCaseHeaderNamesIsReadToo() {
        ListenerFixture fixture = new ListenerFixture();
        OutboundMessageHandler handler = new OutboundMessageHandler(fixture.listener(fixture.sqs.client()));
        APIGatewayProxyRequestEvent event = new APIGatewayProxyRequestEvent()
                .withHttpMethod("POST")
                .withHeaders(java.util.Map.of("content-type", "text/xml"))
                .withIsBase64Encoded(true)
                .withBody(java.util.Base64.getEncoder().encodeToString(OutboundMessages.closedWon(1, 3).xml().getBytes()));

        assertEquals(200, handler.handleRequest(event, null).getStatusCode());
        assertEquals(3, fixture.sqs.drainNotifications(fixture.queueUrl).size());
    }
}
