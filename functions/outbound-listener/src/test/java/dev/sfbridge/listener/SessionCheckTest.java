package dev.sfbridge.listener;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sfbridge.contract.HardenedXmlInput;
import dev.sfbridge.contract.OutboundMessageParser;
import dev.sfbridge.model.Notification;
import dev.sfbridge.observability.JsonLog;
import dev.sfbridge.queue.BatchEnqueuer;
import dev.sfbridge.retry.Retry;
import dev.sfbridge.testing.EmbeddedSqs;
import dev.sfbridge.testing.LogScrubbing;
import dev.sfbridge.testing.OutboundMessages;
import dev.sfbridge.testing.RecordingMetrics;
import dev.sfbridge.testing.SalesforceSimulator;
import dev.sfbridge.testing.TestClock;
import dev.sfbridge.testing.TestIds;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.retries.api.BackoffStrategy;

/**
 * The default sender verification against simulated Salesforce instances, through the whole listener: a
 * session costs one UserInfo call however many messages carry it and however many arrive at once, a refusal
 * is kept as well as an identity, and a Salesforce that answers late, fails or cannot be reached gets a
 * retryable fault, never an ack, and is asked again at the next delivery; with ALLOWED_SENDER_USER_IDS, another
 * API user of the org is refused, each message judged by the kept identity. The corpus (HostileInputCorpusTest)
 * holds the forged messages.
 */
@Timeout(60)
class SessionCheckTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SESSION_PREFIX = TestIds.ORG.substring(0, 15) + "!";

    private final SimulatedInstances salesforce = new SimulatedInstances();
    private final EmbeddedSqs sqs = EmbeddedSqs.shared();
    private final String queueUrl = sqs.createQueue("sessions-" + UUID.randomUUID());
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final RecordingMetrics metrics = new RecordingMetrics();
    private final List<String> sessions = new CopyOnWriteArrayList<>(List.of(OutboundMessages.SESSION_ID));
    /** An API user of the allowed org who is not its outbound messages' User to send as. */
    private static final String OTHER_USER = TestIds.id("005", 2);

    @AfterEach
    void noSessionReachedALogLine() {
        salesforce.close();
        LogScrubbing.of().sessionId(sessions.toArray(String[]::new)).assertNoneIn(lines);
    }

    @Test
    void aHundredMessagesWithOneNewSessionArrivingTogetherCostOneUserInfoCall() throws Exception {
        // the answer takes a while, so every message arrives while the one verification is in flight
        salesforce.org.delayUserInfo(Duration.ofMillis(300));
        OutboundMessageListener listener = listener(salesforce.sessionCheck(), Clock.systemUTC());

        List<ListenerResponse> responses = new ArrayList<>();
        try (ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<ListenerResponse>> sent = new ArrayList<>();
            for (int n = 1; n <= 100; n++) {
                String xml = OutboundMessages.closedWon(n, 1).xml();
                sent.add(senders.submit(() -> listener.handle(ListenerFixture.post(xml))));
            }
            for (Future<ListenerResponse> response : sent) {
                responses.add(response.get());
            }
        }

        assertTrue(responses.stream().allMatch(r -> r.status() == 200), () -> "every message acked: " + responses);
        assertEquals(1, salesforce.org.userInfoRequests(), "one verification for the session, shared by all 100 messages");
        assertEquals(100, sqs.drainNotifications(queueUrl).size());
        assertEquals(100L, metrics.emitted().get("Acks"));
    }

    @Test
    void theSameMessageDeliveredTwiceWhileItsSessionIsVerifiedIsVerifiedOnce() throws Exception {
        salesforce.org.delayUserInfo(Duration.ofMillis(300));
        OutboundMessageListener listener = listener(salesforce.sessionCheck(), Clock.systemUTC());
        String xml = OutboundMessages.closedWon(1, 3).xml();

        try (ExecutorService deliveries = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<ListenerResponse> first = deliveries.submit(() -> listener.handle(ListenerFixture.post(xml)));
            Future<ListenerResponse> second = deliveries.submit(() -> listener.handle(ListenerFixture.post(xml)));
            assertEquals(200, first.get().status());
            assertEquals(200, second.get().status());
        }

        assertEquals(1, salesforce.org.userInfoRequests());
        assertEquals(6, sqs.drainNotifications(queueUrl).size(), "both deliveries queued; the worker drops the duplicates by notification ID");
    }

    @Test
    void aRefusedSessionIsRefusedAgainWithoutAnotherCall() throws Exception {
        String unknown = SESSION_PREFIX + "AQneverIssued" + UUID.randomUUID().toString().replace("-", "");
        sessions.add(unknown);
        OutboundMessageListener listener = listener(salesforce.sessionCheck(), Clock.systemUTC());

        for (int n = 1; n <= 5; n++) {
            ListenerResponse response = listener.handle(ListenerFixture.post(OutboundMessages.closedWon(n, 1).sessionId(unknown).xml()));
            assertEquals(500, response.status());
            assertTrue(response.body().contains("<faultcode>soapenv:Client</faultcode>"), response.body());
            assertTrue(response.body().contains("refused the message's session"), response.body());
        }

        assertEquals(1, salesforce.org.userInfoRequests());
        assertEquals(Map.of("Faults[Reason=session_refused]", 5L), metrics.emitted());
        assertEquals(List.of(), sqs.drain(queueUrl));
    }

    @Test
    void salesforceFailingIsARetryableFaultAndTheNextDeliveryAsksAgain() throws Exception {
        salesforce.org.failNextUserInfo(SenderVerification.ATTEMPTS, 503);
        OutboundMessageListener listener = listener(salesforce.sessionCheck(), Clock.systemUTC());
        String xml = OutboundMessages.closedWon(1, 2).xml();

        ListenerResponse failed = listener.handle(ListenerFixture.post(xml));

        assertEquals(500, failed.status());
        assertTrue(failed.body().contains("<faultcode>soapenv:Server</faultcode>"), failed.body());
        assertTrue(failed.body().contains("HTTP 503"), failed.body());
        assertEquals(SenderVerification.ATTEMPTS, salesforce.org.userInfoRequests(), "each attempt of the call, no more");
        assertEquals(List.of(), sqs.drain(queueUrl), "nothing queued without a verified sender");
        assertEquals("session_unverified", lastLine().path("reason").asText());

        ListenerResponse redelivered = listener.handle(ListenerFixture.post(xml));

        assertEquals(200, redelivered.status(), "the failure was not kept as a verdict");
        assertEquals(SenderVerification.ATTEMPTS + 1, salesforce.org.userInfoRequests());
        assertEquals(2, sqs.drainNotifications(queueUrl).size());
    }

    @Test
    void salesforceAnsweringLaterThanTheTimeoutIsARetryableFaultNeverAnAck() throws Exception {
        salesforce.org.delayUserInfo(Duration.ofSeconds(2));
        OutboundMessageListener listener = listener(salesforce.sessionCheck(Duration.ofMillis(200),
                SenderVerification.DEFAULT_SESSION_VERDICT_TTL, Clock.systemUTC()), Clock.systemUTC());
        String xml = OutboundMessages.closedWon(1, 1).xml();

        ListenerResponse late = listener.handle(ListenerFixture.post(xml));

        assertEquals(500, late.status());
        assertTrue(late.body().contains("<faultcode>soapenv:Server</faultcode>"), late.body());
        assertTrue(late.body().contains("HttpTimeoutException"), late.body());
        assertEquals(List.of(), sqs.drain(queueUrl));

        // the late answers arrive meanwhile, to requests given up: they change nothing
        salesforce.org.delayUserInfo(Duration.ZERO);
        ListenerResponse redelivered = listener.handle(ListenerFixture.post(xml));

        assertEquals(200, redelivered.status(), redelivered.body());
        assertEquals(1, sqs.drainNotifications(queueUrl).size());
        assertEquals(Map.of("Faults[Reason=session_unverified]", 1L, "Acks", 1L, "NotificationsEnqueued", 1L), metrics.emitted());
    }

    @Test
    void aVerdictIsKeptForItsTimeThenAskedForAgain() throws Exception {
        TestClock clock = new TestClock(Instant.now());
        String session = SESSION_PREFIX + "AQshortLived" + UUID.randomUUID().toString().replace("-", "");
        sessions.add(session);
        salesforce.org.acceptBearer(session);
        OutboundMessageListener listener = listener(salesforce.sessionCheck(Duration.ofSeconds(2), Duration.ofMinutes(60), clock), clock);

        assertEquals(200, listener.handle(ListenerFixture.post(OutboundMessages.closedWon(1, 1).sessionId(session).xml())).status());
        salesforce.org.expire(session);
        clock.advance(Duration.ofMinutes(59));
        assertEquals(200, listener.handle(ListenerFixture.post(OutboundMessages.closedWon(2, 1).sessionId(session).xml())).status(),
                "inside the verdict's hour the session is not asked about again");
        clock.advance(Duration.ofMinutes(2));
        ListenerResponse expired = listener.handle(ListenerFixture.post(OutboundMessages.closedWon(3, 1).sessionId(session).xml()));

        assertEquals(500, expired.status(), "past it, the session is asked about again: it has expired");
        assertEquals(2, salesforce.org.userInfoRequests());
        List<String> queued = sqs.drainNotifications(queueUrl).stream().map(Notification::recordId).sorted().toList();
        assertEquals(List.of(TestIds.id("006", 1), TestIds.id("006", 2)), queued);
    }

    @Test
    void theSessionIsSentToTheMessagesInstanceOnlyAfterItsHostIsChecked() {
        OutboundMessageListener listener = listener(salesforce.sessionCheck(), Clock.systemUTC());

        ListenerResponse response = listener.handle(ListenerFixture.post(OutboundMessages.closedWon(1, 1)
                .instanceUrl("https://attacker.example").xml()));

        assertEquals(500, response.status());
        assertEquals("unknown_instance_host", lastLine().path("reason").asText());
        assertEquals(0, salesforce.org.userInfoRequests() + salesforce.otherOrg.userInfoRequests(), "no call, anywhere");
    }

    @Test
    void aMessageWithoutASessionAsSalesforceSendsThemSince2026IsRefusedSayingWhichModeToDeploy() {
        OutboundMessageListener listener = listener(salesforce.sessionCheck(), Clock.systemUTC());

        ListenerResponse response = listener.handle(ListenerFixture.post(OutboundMessages.closedWon(1, 1).sessionId(null).xml()));

        assertEquals(500, response.status());
        assertEquals("missing_session", lastLine().path("reason").asText());
        assertTrue(response.body().contains("no longer sends session IDs") && response.body().contains("url-secret or mtls"),
                response.body());
        assertEquals(0, salesforce.org.userInfoRequests(), "nothing to ask about");
        assertEquals(List.of(), sqs.drain(queueUrl));
    }

    @Test
    void aListedUsersSessionIsTakenAndAnotherUserOfTheSameOrgIsRefusedNamingTheUser() throws Exception {
        String forged = otherUsersSession();
        OutboundMessageListener listener = listener(salesforce.sessionCheck(SenderUserAllowlist.parse(SalesforceSimulator.INTEGRATION_USER)),
                Clock.systemUTC());

        ListenerResponse sentAs = listener.handle(ListenerFixture.post(OutboundMessages.closedWon(1, 1).xml()));
        ListenerResponse refused = listener.handle(ListenerFixture.post(OutboundMessages.closedWon(2, 1).sessionId(forged).xml()));

        assertEquals(200, sentAs.status(), sentAs.body());
        assertEquals(500, refused.status());
        assertTrue(refused.body().contains("<faultcode>soapenv:Client</faultcode>"), refused.body());
        assertTrue(refused.body().contains("belongs to user " + OTHER_USER + ", who is not in ALLOWED_SENDER_USER_IDS"), refused.body());
        assertFalse(refused.body().contains(forged), "the fault names the user, never the session");
        assertEquals("sender_user_not_allowed", lastLine().path("reason").asText());
        List<String> queued = sqs.drainNotifications(queueUrl).stream().map(Notification::recordId).toList();
        assertEquals(List.of(TestIds.id("006", 1)), queued, "only the listed user's message");
    }

    @Test
    void aFifteenCharacterIdInTheSettingMatchesTheEighteenCharacterUserIdUserInfoAnswers() {
        OutboundMessageListener listener = listener(salesforce.sessionCheck(
                SenderUserAllowlist.parse(SalesforceSimulator.INTEGRATION_USER.substring(0, 15))), Clock.systemUTC());

        ListenerResponse response = listener.handle(ListenerFixture.post(OutboundMessages.closedWon(1, 1).xml()));

        assertEquals(200, response.status(), response.body());
        assertEquals(1, sqs.drainNotifications(queueUrl).size());
    }

    @Test
    void withoutTheSettingAnyUserOfTheOrgMaySendAsBefore() {
        OutboundMessageListener listener = listener(salesforce.sessionCheck(SenderUserAllowlist.parse("")), Clock.systemUTC());

        ListenerResponse response = listener.handle(ListenerFixture.post(OutboundMessages.closedWon(1, 1).sessionId(otherUsersSession()).xml()));

        assertEquals(200, response.status(), response.body());
        assertEquals(1, sqs.drainNotifications(queueUrl).size());
    }

    @Test
    void aKeptIdentityIsJudgedAgainForEachMessage() throws Exception {
        String forged = otherUsersSession();
        OutboundMessageListener listener = listener(salesforce.sessionCheck(SenderUserAllowlist.parse(SalesforceSimulator.INTEGRATION_USER)),
                Clock.systemUTC());

        for (int n = 1; n <= 3; n++) {
            assertEquals(200, listener.handle(ListenerFixture.post(OutboundMessages.closedWon(n, 1).xml())).status());
            ListenerResponse refused = listener.handle(ListenerFixture.post(OutboundMessages.closedWon(10 + n, 1).sessionId(forged).xml()));
            assertEquals(500, refused.status(), "refused again from the kept identity, delivery " + n);
        }

        assertEquals(2, salesforce.org.userInfoRequests(), "one call per session, however many messages carry it");
        assertEquals(3, sqs.drainNotifications(queueUrl).size());
        assertEquals(Map.of("Acks", 3L, "NotificationsEnqueued", 3L, "Faults[Reason=sender_user_not_allowed]", 3L), metrics.emitted());
    }

    /** A live session of {@link #OTHER_USER}, of the allowed org. */
    private String otherUsersSession() {
        String session = salesforce.org.newSessionOf(OTHER_USER);
        sessions.add(session);
        return session;
    }

    private OutboundMessageListener listener(SessionCheck check, Clock clock) {
        ListenerConfig config = new ListenerConfig(queueUrl, OrganizationAllowlist.parse(TestIds.ORG),
                ListenerConfig.DEFAULT_MAX_BODY_BYTES, ListenerConfig.DEFAULT_MAX_ELEMENT_DEPTH, 3, InstanceHosts.parse(InstanceHosts.DEFAULT));
        return new OutboundMessageListener(config, new OutboundMessageParser(new HardenedXmlInput(config.maxElementDepth())),
                new BatchEnqueuer(sqs.client(), new Retry(3, BackoffStrategy.retryImmediately(), d -> { })),
                check, new JsonLog(lines::add, Clock.systemUTC()), metrics, clock);
    }

    private com.fasterxml.jackson.databind.JsonNode lastLine() {
        try {
            return JSON.readTree(lines.get(lines.size() - 1));
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }
}
