package dev.sfbridge.orderapi;

import static dev.sfbridge.orderapi.OrderApiFixture.json;
import static dev.sfbridge.orderapi.OrderApiFixture.order;
import static dev.sfbridge.orderapi.OrderApiFixture.recordId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import dev.sfbridge.erp.ErpClient;
import dev.sfbridge.model.OrderLine;
import dev.sfbridge.model.OrderResult;
import dev.sfbridge.retry.Retry;
import dev.sfbridge.testing.ErpSimulator;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** {@code POST /orders}: one ERP order per record whatever is retried, and {@code Idempotency-Key} honoured. */
class CreateOrderTest {
    @AutoClose
    private final OrderApiFixture fixture = new OrderApiFixture();

    @Test
    void aNewOrderIs201AndARetriedCalloutGetsTheSameOrderWith200() {
        APIGatewayProxyResponseEvent first = fixture.post(order(1));
        APIGatewayProxyResponseEvent retried = fixture.post(order(1));

        assertEquals(201, first.getStatusCode(), first.getBody());
        assertEquals("{\"orderNumber\":\"SO-000001\",\"status\":\"OPEN\"}", first.getBody());
        assertEquals("application/json", first.getHeaders().get("Content-Type"));
        assertEquals(200, retried.getStatusCode(), retried.getBody());
        assertEquals(first.getBody(), retried.getBody());
        assertEquals(1, fixture.erp.ordersCreated());
        assertEquals(Map.of("OrdersCreated", 1L, "OrdersUpdated", 1L), fixture.metrics.emitted());
    }

    @Test
    void theOrderReachesTheErpAsSentWithItsLinesAndExactAmounts() {
        String body = """
                {"salesforceRecordId": "%s", "amount": 0.10000000000000000001, "lines": [
                 {"salesforceLineItemId": "00k000000000001AAA", "productCode": "GC1040", "productName": "GenWatt Diesel 10kW",
                  "quantity": 2, "unitPrice": 5000.00, "totalPrice": 10000.00}]}""".formatted(recordId(2));

        assertEquals(201, fixture.post(body).getStatusCode());

        var sent = fixture.erp.order(recordId(2)).orElseThrow().request();
        assertEquals(new BigDecimal("0.10000000000000000001"), sent.amount());
        assertEquals(List.of(new OrderLine("00k000000000001AAA", "GC1040", "GenWatt Diesel 10kW", new BigDecimal("2"),
                new BigDecimal("5000.00"), new BigDecimal("10000.00"))), sent.lines());
        assertNull(sent.closeDate());
    }

    @Test
    void aFifteenCharacterIdNamesTheSameOrderAsItsEighteenCharacterForm() {
        fixture.post(order(3));
        APIGatewayProxyResponseEvent short15 = fixture.post("{\"salesforceRecordId\": \"" + recordId(3).substring(0, 15)
                + "\", \"salesforceOrgId\": \"00D000000000001\"}");

        assertEquals(200, short15.getStatusCode(), short15.getBody());
        assertEquals(1, fixture.erp.ordersCreated());
    }

    @Test
    void anOrderOfAnotherOrgOrOfNoneIsRefusedAndNotChanged() {
        fixture.post(order(5));
        APIGatewayProxyResponseEvent otherOrg = fixture.post(order(5).replace("00D000000000001EAA", "00D000000000002")
                .replace("1001.50", "1.00"));
        APIGatewayProxyResponseEvent noOrg = fixture.post("{\"salesforceRecordId\": \"" + recordId(5) + "\", \"amount\": 2.00}");

        for (APIGatewayProxyResponseEvent refused : List.of(otherOrg, noOrg)) {
            assertEquals(422, refused.getStatusCode(), refused.getBody());
            assertTrue(refused.getBody().contains("\"error\":\"erp_rejected\"") && refused.getBody().contains("org_mismatch"),
                    refused.getBody());
        }
        assertEquals(new BigDecimal("1001.50"), fixture.erp.order(recordId(5)).orElseThrow().request().amount());
    }

    @Test
    void anIdempotencyKeyRepeatedWithTheSameOrderGetsTheFirstAnswerWithoutAnErpCall() {
        APIGatewayProxyResponseEvent first = fixture.post(order(4), "key-4");
        // the same order written another way (whitespace, field order) is the same order
        String reordered = "{\"stage\": \"Closed Won\",  " + order(4).replace("\n", " ").replace("\"stage\": \"Closed Won\", ", "").substring(1);
        APIGatewayProxyResponseEvent repeat = fixture.post(reordered, "key-4");

        assertEquals(201, first.getStatusCode(), first.getBody());
        assertEquals(201, repeat.getStatusCode(), repeat.getBody());
        assertEquals(first.getBody(), repeat.getBody());
        assertEquals("true", repeat.getHeaders().get("Idempotent-Replayed"));
        assertEquals(1, fixture.erp.requests());
    }

    @Test
    void anIdempotencyKeyReusedForAnotherOrderIsRefusedAndNothingIsSent() {
        fixture.post(order(5), "key-5");

        APIGatewayProxyResponseEvent other = fixture.post(order(5).replace("1001.50", "1002.50"), "key-5");

        assertEquals(422, other.getStatusCode());
        assertEquals("idempotency_key_reused", json(other).get("error").asText());
        assertTrue(json(other).get("message").asText().contains("another order"));
        assertEquals(1, fixture.erp.requests());
        assertEquals(1001.50, fixture.erp.order(recordId(5)).orElseThrow().request().amount().doubleValue());
    }

    @Test
    void keysArePerCaller() {
        assertEquals(201, fixture.post(order(6), "shared-key").getStatusCode());
        var event = new APIGatewayProxyRequestEvent().withHttpMethod("POST")
                .withResource(OrderApi.ORDERS).withHeaders(Map.of("Content-Type", "application/json", "Idempotency-Key", "shared-key"))
                .withBody(order(7));
        event.setRequestContext(new APIGatewayProxyRequestEvent.ProxyRequestContext()
                .withIdentity(new APIGatewayProxyRequestEvent.RequestIdentity()
                        .withUserArn("arn:aws:iam::123456789012:user/another-org")));

        APIGatewayProxyResponseEvent another = fixture.handler.handleRequest(event, null);
        assertEquals(201, another.getStatusCode(), another.getBody());
        assertNull(another.getHeaders().get("Idempotent-Replayed"));
        assertEquals(2, fixture.erp.ordersCreated());
    }

    @Test
    void underTheJwtAuthorizerKeysArePerTokenSubject() {
        assertEquals(201, jwtPost(order(9), "jwt-key", "005000000000001AAA").getStatusCode());

        APIGatewayProxyResponseEvent sameSubject = jwtPost(order(9), "jwt-key", "005000000000001AAA");
        APIGatewayProxyResponseEvent anotherSubject = jwtPost(order(10), "jwt-key", "005000000000002AAA");

        assertEquals("true", sameSubject.getHeaders().get("Idempotent-Replayed"), "the same subject's key answers again");
        assertEquals(201, anotherSubject.getStatusCode(), "another subject's same key is its own: " + anotherSubject.getBody());
        assertNull(anotherSubject.getHeaders().get("Idempotent-Replayed"));
        assertEquals(2, fixture.erp.ordersCreated());
    }

    @Test
    void theCallerIsTheSignersArnElseTheJwtSubjectMarkedSoItCannotBeAnArn() {
        assertEquals("arn:aws:iam::123456789012:user/a", OrderApiHandler.caller(from("arn:aws:iam::123456789012:user/a", "someone")));
        assertEquals("jwt:someone", OrderApiHandler.caller(from(null, "someone")));
        assertNull(OrderApiHandler.caller(from(null, " ")));
        assertNull(OrderApiHandler.caller(from(null, null)));
        assertNull(OrderApiHandler.caller(new APIGatewayProxyRequestEvent()));
    }

    /** A request as API Gateway passes it on after the JWT authorizer accepted a token of {@code subject}. */
    private APIGatewayProxyResponseEvent jwtPost(String body, String key, String subject) {
        return fixture.handler.handleRequest(from(null, subject).withHttpMethod("POST").withResource(OrderApi.ORDERS)
                .withHeaders(Map.of("Content-Type", "application/json", "Idempotency-Key", key)).withBody(body), null);
    }

    /** An event whose request context has the IAM signer {@code userArn} and the authorizer's {@code principalId}, each if not null. */
    private static APIGatewayProxyRequestEvent from(String userArn, String principalId) {
        var context = new APIGatewayProxyRequestEvent.ProxyRequestContext()
                .withIdentity(new APIGatewayProxyRequestEvent.RequestIdentity().withUserArn(userArn));
        if (principalId != null) {
            context.setAuthorizer(Map.of("principalId", principalId));
        }
        return new APIGatewayProxyRequestEvent().withRequestContext(context);
    }

    @Test
    void whileTheFirstRequestWithAKeyRunsAnotherWithItGets409AndMakesNoErpCall() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        fixture.erp.holdChange(recordId(8), Instant.parse("2026-11-20T10:00:01Z"), release);
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<APIGatewayProxyResponseEvent> first = threads.submit(() -> fixture.post(order(8), "key-8"));
            awaitErpRequests(1); // the first holds the key: it is at the ERP

            APIGatewayProxyResponseEvent second = fixture.post(order(8), "key-8");
            release.countDown();

            assertEquals(409, second.getStatusCode(), second.getBody());
            assertEquals("idempotency_key_in_use", json(second).get("error").asText());
            assertEquals("1", second.getHeaders().get("Retry-After"));
            assertEquals(201, first.get().getStatusCode());
        }
        assertEquals(1, fixture.erp.requests());
        assertEquals(201, fixture.post(order(8), "key-8").getStatusCode(), "afterwards, the first answer again");
    }

    @Test
    void manyConcurrentRequestsWithOneKeyMakeOneErpCall() throws Exception {
        int callers = 8;
        CyclicBarrier start = new CyclicBarrier(callers);
        List<Future<APIGatewayProxyResponseEvent>> answers = new ArrayList<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < callers; i++) {
                answers.add(threads.submit(() -> {
                    start.await();
                    return fixture.post(order(9), "key-9");
                }));
            }
        }
        List<Integer> statuses = new ArrayList<>();
        for (Future<APIGatewayProxyResponseEvent> answer : answers) {
            statuses.add(answer.get().getStatusCode());
        }
        // the one that claimed the key and those after it answered 201; those meeting it running, 409
        assertTrue(statuses.stream().allMatch(s -> s == 201 || s == 409), statuses.toString());
        assertTrue(statuses.contains(201), statuses.toString());
        assertEquals(1, fixture.erp.requests());
    }

    @Test
    void aFailedRequestGivesItsKeyUpSoTheRetryIsMadeAndSucceeds() {
        fixture.erp.failNext(3, ErpSimulator.Fault.unavailable());

        APIGatewayProxyResponseEvent failed = fixture.post(order(10), "key-10");
        APIGatewayProxyResponseEvent retried = fixture.post(order(10), "key-10");

        assertEquals(503, failed.getStatusCode(), failed.getBody());
        assertEquals("erp_unavailable", json(failed).get("error").asText());
        assertEquals(201, retried.getStatusCode(), retried.getBody());
        assertNull(retried.getHeaders().get("Idempotent-Replayed"));
        assertEquals(4, fixture.erp.requests());
    }

    @Test
    void theErpsValidationErrorIsPassedOnAsA400ThatSaysWhy() {
        fixture.erp.failNext(1, ErpSimulator.Fault.rejected(400, "validation_failed", "amount must be positive"));

        APIGatewayProxyResponseEvent refused = fixture.post(order(11));

        assertEquals(400, refused.getStatusCode());
        assertEquals("erp_rejected", json(refused).get("error").asText());
        assertTrue(json(refused).get("message").asText().contains("validation_failed: amount must be positive"), refused.getBody());
        assertEquals(Map.of("ErpErrors[Kind=PERMANENT]", 1L, "RequestReplyRefused[Reason=erp_rejected]", 1L),
                fixture.metrics.emitted());
    }

    @Test
    void aChangeOlderThanTheOneTheErpHoldsIs409WithTheOrderItHolds() {
        fixture.post(order(12));

        APIGatewayProxyResponseEvent older = fixture.post(order(12).replace("2026-11-20T10:00:01.000Z", "2026-11-20T09:00:00Z"));

        assertEquals(409, older.getStatusCode());
        assertEquals("stale_change", json(older).get("error").asText());
        assertTrue(json(older).get("message").asText().contains("SO-000001"), older.getBody());
    }

    @Test
    void aFaultOfSfbridgesOwnIs500WithTheErrorBodyAndGivesTheKeyUp() {
        AtomicInteger calls = new AtomicInteger();
        ErpClient faultyOnce = order -> {
            if (calls.incrementAndGet() == 1) {
                throw new IllegalStateException("a bug");
            }
            return new OrderResult("SO-777", "OPEN", OrderResult.Write.CREATED);
        };
        OrderApi api = fixture.api(faultyOnce, (account, size, token) -> null, fixture.store(), fixture.circuit(),
                Duration.ofSeconds(5));
        ApiRequest request = OrderApiFixture.orderRequest(order(13), "key-13");

        ApiResponse fault = api.handle(request);
        ApiResponse retried = api.handle(request);

        assertEquals(500, fault.status());
        assertEquals("{\"error\":\"internal_error\",\"message\":\"sfbridge failed to answer; try again later\"}", fault.body());
        assertTrue(fixture.logLines.getFirst().contains("java.lang.IllegalStateException"), fixture.logLines.getFirst());
        assertEquals(201, retried.status(), retried.body());
        assertEquals(2, calls.get());
    }

    /** docs/erp-api.md does not require the ERP's {@code status}: the answer leaves it out, never {@code "status":null}. */
    @Test
    void anErpAnswerWithoutAStatusIsAnsweredWithoutOne() {
        OrderApi api = fixture.api(order -> new OrderResult("SO-1", null, OrderResult.Write.CREATED), null, fixture.store(),
                fixture.circuit(), Duration.ofSeconds(5));

        ApiResponse answer = api.handle(OrderApiFixture.orderRequest(order(14), null));

        assertEquals(201, answer.status(), answer.body());
        assertEquals("{\"orderNumber\":\"SO-1\"}", answer.body());
    }

    @Test
    void aKeyWithSpacesInsideIsTakenAndReplayed() {
        APIGatewayProxyResponseEvent first = fixture.post(order(15), "order 15 change 2");
        APIGatewayProxyResponseEvent again = fixture.post(order(15), "order 15 change 2");

        assertEquals(201, first.getStatusCode(), first.getBody());
        assertEquals("true", again.getHeaders().get("Idempotent-Replayed"));
        assertEquals(1, fixture.erp.requests());
    }

    private void awaitErpRequests(int count) throws InterruptedException {
        long giveUp = System.nanoTime() + 10_000_000_000L;
        while (fixture.erp.requests() < count) {
            if (System.nanoTime() > giveUp) {
                throw new AssertionError("the ERP never saw request " + count);
            }
            Thread.onSpinWait();
            Thread.sleep(1); // polls a condition; the test waits for the state, never for a time
        }
    }
}