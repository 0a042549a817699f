package dev.sfbridge.erpevents;

import static dev.sfbridge.erpevents.ErpEventsFixture.NOW;
import static dev.sfbridge.erpevents.ErpEventsFixture.SECRET;
import static dev.sfbridge.erpevents.ErpEventsFixture.event;
import static dev.sfbridge.erpevents.ErpEventsFixture.signed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import dev.sfbridge.apigateway.AnswerDeadline;
import dev.sfbridge.apigateway.ProxyRequest;
import dev.sfbridge.aws.AwsClients;
import dev.sfbridge.model.CallbackRequest;
import dev.sfbridge.model.QueueJson;
import dev.sfbridge.queue.BatchEnqueuer;
import dev.sfbridge.testing.CallbackSampleEvents;
import dev.sfbridge.testing.FaultInjectingSqs;
import dev.sfbridge.testing.Intercepted;
import dev.sfbridge.testing.LogScrubbing;
import dev.sfbridge.testing.TestContext;
import dev.sfbridge.testing.TestIds;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;

class ErpEventReceiverTest {
    private static final String RECORD = TestIds.id("006", 42);
    private static final String BODY = event("SO-42", RECORD, "Shipped", "2026-11-23T11:59:30Z");

    private final ErpEventsFixture fixture = new ErpEventsFixture();
    private final ErpEventReceiver receiver = fixture.receiver(fixture.sqs.client());

    private static String signature(long unixSeconds, String body) {
        return CallbackSampleEvents.erpSignature(SECRET, unixSeconds, body);
    }

    private static ErpEventRequest request(String signature, String body) {
        return request("POST", "application/json", signature, body, false);
    }

    private static ErpEventRequest request(String method, String contentType, String signature, String body, boolean base64Encoded) {
        return new ErpEventRequest(new ProxyRequest(method, contentType, body, base64Encoded, "test-request"), signature);
    }

    @Test
    void aSignedEventIsAcceptedAndQueuedAsACallbackForTheConfiguredOrg() {
        ErpEventResponse response = receiver.handle(signed(BODY));

        assertEquals(202, response.status());
        assertEquals("{\"accepted\":1}", response.body());
        assertEquals(List.of(new CallbackRequest(CallbackRequest.SCHEMA_VERSION, null, TestIds.ORG, "Opportunity", RECORD, "SO-42",
                "Shipped", Instant.parse("2026-11-23T11:59:30Z"), null, null)), fixture.queued());
        assertEquals(Map.of("ErpEventsAccepted", 1L), fixture.metrics.emitted());
    }

    @Test
    void anArrayOfEventsIsQueuedWholeWithFifteenCharacterIdsMadeEighteenAndOffsetsMadeUtc() {
        String body = "[" + String.join(",", event("SO-1", TestIds.id("006", 1).substring(0, 15), "Booked", "2026-11-23T12:59:30.250+01:00"),
                event("SO-2", TestIds.id("006", 2), "Shipped", "2026-11-23T11:59:31Z"),
                "{\"orderNumber\":\"SO-3\",\"salesforceRecordId\":\"" + TestIds.id("006", 3) + "\",\"organizationId\":\""
                        + TestIds.ORG.substring(0, 15) + "\",\"status\":\"Invoiced\",\"changedAt\":\"2026-11-23T11:59:32Z\",\"warehouse\":\"W1\"}") + "]";

        assertEquals(202, receiver.handle(signed(body)).status());

        assertEquals(Map.of("ErpEventsAccepted", 3L), fixture.metrics.emitted(), "one count per event, not per request");
        List<CallbackRequest> queued = fixture.queued();
        assertEquals(Map.of(TestIds.id("006", 1), Instant.parse("2026-11-23T11:59:30.250Z"), TestIds.id("006", 2),
                Instant.parse("2026-11-23T11:59:31Z"), TestIds.id("006", 3), Instant.parse("2026-11-23T11:59:32Z")),
                queued.stream().collect(Collectors.toMap(CallbackRequest::recordId, CallbackRequest::statusChangedAt)));
    }

    @Test
    void valuesAtTheirLimitsAreAcceptedAndOneBeyondIsRefusedNamingTheFieldAndTheLimit() {
        String atLimits = event("N".repeat(40), RECORD, "S".repeat(40), "2026-11-23T12:05:00Z");

        assertEquals(202, receiver.handle(signed(atLimits)).status(), "40 characters each, exactly 5 minutes ahead");
        assertEquals(Instant.parse("2026-11-23T12:05:00Z"), fixture.queued().getFirst().statusChangedAt());

        assertEquals("status is longer than 40 characters", message(receiver.handle(signed(atLimits.replace("S".repeat(40), "S".repeat(41))))));
        assertEquals("orderNumber is longer than 40 characters", message(receiver.handle(signed(atLimits.replace("N".repeat(40), "N".repeat(41))))));
        assertEquals("salesforceRecordId is not an ID of Opportunity, whose IDs start 006",
                message(receiver.handle(signed(BODY.replace(RECORD, TestIds.id("001", 42))))));
        assertEquals("changedAt is more than 5 minutes ahead of the receiver's clock: a status cannot change in the future",
                message(receiver.handle(signed(BODY.replace("2026-11-23T11:59:30Z", "2026-11-23T12:05:01Z")))));
        assertEquals("changedAt must be in the years 1970 to 9999 (UTC)",
                message(receiver.handle(signed(BODY.replace("2026-11-23T11:59:30Z", "+10000-01-01T00:00:00Z")))));
        assertEquals(List.of(), fixture.queued());
    }

    private static String message(ErpEventResponse response) {
        assertEquals(400, response.status(), response.body());
        return (String) QueueJson.read(response.body(), Map.class).get("message");
    }

    static Stream<Arguments> refused() {
        long now = NOW.getEpochSecond();
        String otherBody = event("SO-43", RECORD, "Shipped", "2026-11-23T11:59:30Z");
        return Stream.of(
                Arguments.of("missing header", request(null, BODY), 401, "missing_signature"),
                Arguments.of("wrong secret", request(CallbackSampleEvents.erpSignature("another-secret", now, BODY), BODY), 401, "bad_signature"),
                Arguments.of("body changed after signing", request(signature(now, otherBody), BODY), 401, "bad_signature"),
                Arguments.of("timestamp changed after signing", request(signature(now, BODY).replace("t=" + now, "t=" + (now - 1)), BODY), 401, "bad_signature"),
                Arguments.of("stale timestamp", request(signature(now - 301, BODY), BODY), 401, "stale_timestamp"),
                Arguments.of("timestamp from the future", request(signature(now + 301, BODY), BODY), 401, "stale_timestamp"),
                Arguments.of("no v1", request("t=" + now, BODY), 401, "malformed_signature"),
                Arguments.of("no t", request(signature(now, BODY).replace("t=" + now + ",", ""), BODY), 401, "malformed_signature"),
                Arguments.of("v1 not hex", request("t=" + now + ",v1=" + "zz".repeat(32), BODY), 401, "malformed_signature"),
                Arguments.of("v1 too short", request(signature(now, BODY).substring(0, 40), BODY), 401, "malformed_signature"),
                Arguments.of("not JSON", signed("orderNumber=SO-42"), 400, "malformed_json"),
                Arguments.of("a JSON string", signed("\"SO-42\""), 400, "malformed_json"),
                Arguments.of("two events one after the other, not in an array", signed(BODY + otherBody), 400, "malformed_json"),
                Arguments.of("no orderNumber", signed(BODY.replace("\"orderNumber\":\"SO-42\",", "")), 400, "invalid_event"),
                Arguments.of("blank status", signed(BODY.replace("Shipped", " ")), 400, "invalid_event"),
                Arguments.of("record ID malformed", signed(BODY.replace(RECORD, "006-not-an-id")), 400, "invalid_event"),
                // each reads as a string SQS refuses: answered 503, the ERP would send the same request for ever
                Arguments.of("status with JSON's \\uFFFF", signed(BODY.replace("Shipped", "Ship\\uFFFFped")), 400, "invalid_event"),
                Arguments.of("orderNumber with a lone surrogate", signed(BODY.replace("SO-42", "SO-\\uD800")), 400, "invalid_event"),
                Arguments.of("changedAt without offset", signed(BODY.replace("11:59:30Z", "11:59:30")), 400, "invalid_event"),
                // a status from the future outranks every real one in the guard and the org's rule, for ever
                Arguments.of("changedAt 5 minutes and a second ahead", signed(BODY.replace("2026-11-23T11:59:30Z", "2026-11-23T12:05:01Z")),
                        400, "invalid_event"),
                Arguments.of("changedAt in 2099", signed(BODY.replace("2026-11-23T11:59:30Z", "2099-01-01T00:00:00Z")), 400, "invalid_event"),
                // beyond what the guard's epoch milliseconds hold: it failed 100 times, then went to the DLQ without a reason
                Arguments.of("changedAt in year 999999999", signed(BODY.replace("2026-11-23T11:59:30Z", "+999999999-12-31T23:59:59Z")),
                        400, "invalid_event"),
                Arguments.of("changedAt in 1969", signed(BODY.replace("2026-11-23T11:59:30Z", "1969-12-31T23:59:59Z")), 400, "invalid_event"),
                // Text(40) fields: Salesforce refuses more (STRING_TOO_LONG) once the 202 is long given
                Arguments.of("status of 41 characters", signed(BODY.replace("Shipped", "S".repeat(41))), 400, "invalid_event"),
                Arguments.of("orderNumber of 41 characters", signed(BODY.replace("SO-42", "S".repeat(41))), 400, "invalid_event"),
                Arguments.of("an Account's ID", signed(BODY.replace(RECORD, TestIds.id("001", 42))), 400, "invalid_event"),
                Arguments.of("another org", signed(BODY.replace("{", "{\"organizationId\":\"" + TestIds.OTHER_ORG + "\",")), 400, "wrong_organization"),
                Arguments.of("an empty array", signed("[]"), 400, "event_count"),
                Arguments.of("101 events", signed("[" + String.join(",", java.util.Collections.nCopies(101, BODY)) + "]"), 400, "event_count"),
                Arguments.of("one bad event among good ones", signed("[" + BODY + ",{\"orderNumber\":\"SO-9\"}]"), 400, "invalid_event"),
                Arguments.of("GET", request("GET", null, null, null, false), 405, "method_not_allowed"),
                Arguments.of("text/plain", request("POST", "text/plain", signature(now, BODY), BODY, false), 415, "unsupported_media_type"),
                // another type that only starts like application/json: accepted before the routes shared RequestScreen
                Arguments.of("application/json-seq", request("POST", "application/json-seq", signature(now, BODY), BODY, false), 415, "unsupported_media_type"),
                Arguments.of("lower-case post", request("post", "application/json", signature(now, BODY), BODY, false), 405, "method_not_allowed"),
                Arguments.of("over MAX_BODY_BYTES", signed(BODY + " ".repeat(256 * 1024)), 413, "body_too_large"),
                Arguments.of("base64 that is not", request("POST", "application/json", signature(now, BODY), "%%%", true), 400, "bad_base64"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refused")
    void refusedRequestsQueueNothing(String name, ErpEventRequest request, int status, String reason) {
        ErpEventResponse response = receiver.handle(request);

        assertEquals(status, response.status(), response.body());
        assertEquals(reason, QueueJson.read(response.body(), Map.class).get("error"));
        assertEquals(List.of(), fixture.queued());
        assertEquals(Map.of("ErpEventsRejected[Reason=" + reason + "]", 1L), fixture.metrics.emitted());
    }

    @Test
    void theToleranceIsInclusive() {
        long now = NOW.getEpochSecond();
        assertEquals(202, receiver.handle(request(signature(now - 300, BODY), BODY)).status());
        assertEquals(202, receiver.handle(request(signature(now + 300, BODY), BODY)).status());
    }

    @Test
    void whileTheSecretIsRotatedEitherOfTwoSignaturesMatches() {
        long now = NOW.getEpochSecond();
        String both = signature(now, BODY) + "," + CallbackSampleEvents.erpSignature("the-next-secret", now, BODY).replace("t=" + now + ",", "");

        assertEquals(202, receiver.handle(request(both, BODY)).status());
    }

    @Test
    void aBase64BodyIsVerifiedOnItsDecodedBytes() {
        ErpEventRequest request = request("POST", "application/json; charset=utf-8", signature(NOW.getEpochSecond(), BODY),
                Base64.getEncoder().encodeToString(BODY.getBytes(StandardCharsets.UTF_8)), true);

        assertEquals(202, receiver.handle(request).status());
    }

    @Test
    void theSecretIsReadOncePerTimeToLive() {
        IntStream.range(0, 5).forEach(i -> receiver.handle(signed(BODY)));
        assertEquals(1, fixture.secrets.reads());

        fixture.clock.advance(fixture.config.secretTtl());
        receiver.handle(request(signature(fixture.clock.instant().getEpochSecond(), BODY), BODY));
        assertEquals(2, fixture.secrets.reads());
    }

    @Test
    void anUnreadableSecretIsAServiceUnavailableAndQueuesNothing() {
        fixture.secrets.put(ErpEventsFixture.SECRET_ID, "");

        ErpEventResponse response = receiver.handle(signed(BODY));

        assertEquals(503, response.status());
        assertEquals(List.of(), fixture.queued());
    }

    @Test
    void eventsThatCannotAllBeQueuedAreAServiceUnavailableSoTheErpSendsThemAgain() {
        FaultInjectingSqs failing = new FaultInjectingSqs(fixture.sqs.client(), entry -> true, 3, false);

        ErpEventResponse response = fixture.receiver(failing.client()).handle(signed(BODY));

        assertEquals(503, response.status());
        assertEquals("enqueue_failed", QueueJson.read(response.body(), Map.class).get("error"));
        assertEquals(3, failing.batchCalls());
        assertEquals(Map.of("ErpEventsRejected[Reason=enqueue_failed]", 1L), fixture.metrics.emitted(), "nothing counted as accepted");
    }

    /**
     * SQS answering as slowly as the client allows (10 s a call) must not run the function into its timeout, which API
     * Gateway answers with a 502: each call is cut to end 1 s before the function's, none begun with less than one
     * attempt left, and the answer is the 503 the ERP sends again on, with its log line and metrics.
     */
    @Test
    void slowSqsIsCutToTheFunctionsTimeLeftAndAnsweredWithAServiceUnavailable() {
        List<Optional<Duration>> callTimeouts = new CopyOnWriteArrayList<>();
        SqsClient slow = Intercepted.of(SqsClient.class, fixture.sqs.client()).around(SendMessageBatchRequest.class,
                (SendMessageBatchRequest sent, Function<SendMessageBatchRequest, SendMessageBatchResponse> real) -> {
                    callTimeouts.add(sent.overrideConfiguration().flatMap(AwsRequestOverrideConfiguration::apiCallTimeout));
                    fixture.clock.advance(AwsClients.API_CALL_TIMEOUT);
                    throw ApiCallTimeoutException.create(AwsClients.API_CALL_TIMEOUT.toMillis());
                }).client();
        ErpEventRequest request = signed(BODY);

        ErpEventResponse response = fixture.receiver(slow).handle(
                new ErpEventRequest(request.http(), request.signature(), Duration.ofSeconds(15)));

        assertEquals(List.of(Optional.empty(), Optional.of(Duration.ofSeconds(4))), callTimeouts,
                "the first call has the client's 10 s, the second what is left of 14 s; a third would have less than 3 s");
        assertEquals(503, response.status());
        assertEquals("enqueue_failed", QueueJson.read(response.body(), Map.class).get("error"));
        assertEquals(Map.of("ErpEventsRejected[Reason=enqueue_failed]", 1L), fixture.metrics.emitted());
        assertTrue(fixture.logLines.getLast().contains("before the caller's deadline"), fixture.logLines.getLast());
    }

    /** The handler passes Lambda's remaining time on: with less than an attempt and the answer's margin, nothing is sent. */
    @Test
    void theHandlerGivesTheEnqueueTheInvocationsTimeLeft() {
        APIGatewayProxyRequestEvent event = new APIGatewayProxyRequestEvent().withHttpMethod("POST").withBody(BODY)
                .withHeaders(Map.of("Content-Type", "application/json", SignatureVerifier.HEADER, signature(NOW.getEpochSecond(), BODY)));
        int tooLittle = (int) BatchEnqueuer.SHORTEST_ATTEMPT.plus(AnswerDeadline.MARGIN).minusMillis(1).toMillis();

        assertEquals(503, fixture.handler().handleRequest(event, new TestContext("late", tooLittle)).getStatusCode());
        assertEquals(List.of(), fixture.queued());
        assertEquals(202, fixture.handler().handleRequest(event, new TestContext("in-time", 15_000)).getStatusCode());
        assertEquals(1, fixture.queued().size());
    }

    @Test
    void neitherSecretNorSignatureNorBodyReachesALogLineButTheAcceptedEventsIdsDo() {
        receiver.handle(signed(BODY));
        receiver.handle(request(signature(NOW.getEpochSecond() - 3600, BODY), BODY));
        receiver.handle(request(CallbackSampleEvents.erpSignature("another-secret", NOW.getEpochSecond(), BODY), BODY));

        assertEquals(3, fixture.logLines.size());
        LogScrubbing.of().hmacSecret(SECRET).messageBody(BODY).assertNoneIn(fixture.logLines);
        String hmac = signature(NOW.getEpochSecond(), BODY).substring(signature(NOW.getEpochSecond(), BODY).indexOf("v1=") + 3);
        fixture.logLines.forEach(line -> assertFalse(line.contains(hmac), line));
        Map<?, ?> accepted = QueueJson.read(fixture.logLines.getFirst(), Map.class);
        assertEquals(List.of("test-request", TestIds.ORG, List.of(RECORD), List.of("SO-42")), List.of(accepted.get("requestId"),
                accepted.get("organizationId"), accepted.get("recordIds"), accepted.get("orderNumbers")));
        assertFalse(fixture.logLines.get(1).contains(RECORD), "an unsigned body is not read, so none of it is logged");
        assertTrue(fixture.logLines.get(1).contains("\"reason\":\"stale_timestamp\""), fixture.logLines.get(1));
    }

    @Test
    void refusalsSayHowToAskAgain() {
        assertEquals("POST", receiver.handle(request("PUT", "application/json", null, BODY, false)).headers().get("Allow"));
        assertEquals("HMAC-SHA256 header=\"X-Sfbridge-Signature\"",
                receiver.handle(request(null, BODY)).headers().get("WWW-Authenticate"));
    }
}
