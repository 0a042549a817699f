package dev.sfbridge.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import dev.sfbridge.contract.SoapResponses;
import dev.sfbridge.testing.OutboundMessages;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Salesforce's delivery as the simulated org does it: unchanged retries of what was not acked, nothing acked again. */
class OutboundMessagingTest {

    @Test
    void aMessageNotAckedIsSentAgainUnchangedAndAnAckedOneNever() throws Exception {
        OutboundMessages first = OutboundMessages.closedWon(1, 100);
        OutboundMessages second = OutboundMessages.closedWon(101, 5);
        List<String> received = new CopyOnWriteArrayList<>();
        AtomicInteger faultsLeft = new AtomicInteger(2);
        try (ApiGatewayServer endpoint = new ApiGatewayServer(0, Map.of("/outbound-messages", (event, context) -> {
            // text/xml is a binary media type: its bytes arrive in base64, as API Gateway passes them
            String body = event.getIsBase64Encoded() ? new String(Base64.getDecoder().decode(event.getBody()), StandardCharsets.UTF_8) : "not base64";
            received.add(body);
            // the second message is refused twice, as a listener that could not queue it refuses
            boolean fault = body.equals(second.xml()) && faultsLeft.getAndDecrement() > 0;
            return new APIGatewayProxyResponseEvent().withStatusCode(fault ? 500 : 200)
                    .withBody(fault ? "<soapenv:Fault/>" : SoapResponses.ACK);
        }));
             OutboundMessaging messaging = new OutboundMessaging(endpoint.baseUri().resolve("/outbound-messages"), new TimeScale(3600), 0)) {

            messaging.deliver(List.of(OutboundMessaging.Queued.of(first), OutboundMessaging.Queued.of(second)));

            assertEquals(List.of(first.xml(), second.xml(), second.xml(), second.xml()), received);
            assertEquals(2, messaging.acked());
            assertEquals(105, messaging.notificationsAcked());
            assertEquals(2, messaging.retries());
            assertEquals(0, messaging.dropped());
        }
    }

    @Test
    void aMessageWhoseFirstAckIsLostIsSentAgainWithItsRecordsNewerDataUnderTheSameIds() throws Exception {
        OutboundMessages first = OutboundMessages.closedWon(1, 2);
        OutboundMessages.Notification changed = OutboundMessages.opportunity(2);
        Map<String, String> newer = new java.util.LinkedHashMap<>(changed.fields());
        newer.put("Amount", "9999.99");
        OutboundMessages resent = OutboundMessages.message().add(OutboundMessages.opportunity(1))
                .add(new OutboundMessages.Notification(changed.id(), changed.objectType(), newer));
        List<String> received = new CopyOnWriteArrayList<>();
        try (ApiGatewayServer endpoint = new ApiGatewayServer(0, Map.of("/outbound-messages", (event, context) -> {
            received.add(new String(Base64.getDecoder().decode(event.getBody()), StandardCharsets.UTF_8));
            return new APIGatewayProxyResponseEvent().withStatusCode(200).withBody(SoapResponses.ACK);
        }));
             OutboundMessaging messaging = new OutboundMessaging(endpoint.baseUri().resolve("/outbound-messages"), new TimeScale(3600), 0)) {

            messaging.deliver(List.of(new OutboundMessaging.Queued(first, resent)));

            assertEquals(List.of(first.xml(), resent.xml()), received, "acked both times; the first ack never reached Salesforce");
            assertEquals(1, messaging.answersLost());
            assertEquals(1, messaging.acked());
            assertEquals(1, messaging.retries());
        }
    }

    @Test
    void atACloseRateEachMessageIsQueuedWhenItsLastRecordHasClosed() {
        assertEquals(List.of(Duration.ofSeconds(4), Duration.ofSeconds(8), Duration.ofMillis(8200)),
                OutboundMessaging.queuedAfter(List.of(100, 100, 5), 25));
        assertEquals(List.of(Duration.ofNanos(333_333_333), Duration.ofNanos(666_666_666)),
                OutboundMessaging.queuedAfter(List.of(1, 1), 3));
        assertEquals(List.of(Duration.ZERO, Duration.ZERO), OutboundMessaging.queuedAfter(List.of(100, 100), 0));
    }

    @Test
    void aPacedOrgSendsNoMessageBeforeItsRecordsHaveClosed() throws Exception {
        OutboundMessages first = OutboundMessages.closedWon(1, 100);
        OutboundMessages second = OutboundMessages.closedWon(101, 100);
        List<Long> arrivals = new CopyOnWriteArrayList<>();
        try (ApiGatewayServer endpoint = new ApiGatewayServer(0, Map.of("/outbound-messages", (event, context) -> {
            arrivals.add(System.nanoTime());
            return new APIGatewayProxyResponseEvent().withStatusCode(200).withBody(SoapResponses.ACK);
        }));
             OutboundMessaging messaging = new OutboundMessaging(endpoint.baseUri().resolve("/outbound-messages"), new TimeScale(3600), 1000)) {
            long start = System.nanoTime();

            messaging.deliver(List.of(OutboundMessaging.Queued.of(first), OutboundMessaging.Queued.of(second)));

            // 1,000 records a second: the first message's 100 have closed after 100 ms, the second's after 200 ms
            assertEquals(2, arrivals.size());
            assertTrue(arrivals.get(0) - start >= Duration.ofMillis(100).toNanos(), "first sent after " + (arrivals.get(0) - start) + " ns");
            assertTrue(arrivals.get(1) - start >= Duration.ofMillis(200).toNanos(), "second sent after " + (arrivals.get(1) - start) + " ns");
        }
    }

    @Test
    void retriesComeAtGrowingIntervalsUpToTwoHoursApart() {
        assertEquals(Duration.ofSeconds(15), OutboundMessaging.retryInterval(1));
        assertEquals(Duration.ofSeconds(30), OutboundMessaging.retryInterval(2));
        assertEquals(Duration.ofSeconds(60), OutboundMessaging.retryInterval(3));
        assertEquals(Duration.ofHours(2), OutboundMessaging.retryInterval(10));
        assertEquals(Duration.ofHours(2), OutboundMessaging.retryInterval(100));
    }
}
