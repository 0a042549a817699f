package dev.sfbridge.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.sun.net.httpserver.HttpServer;
import dev.sfbridge.erp.ErpClient;
import dev.sfbridge.erp.ErpException;
import dev.sfbridge.local.InvocationKills.Boundary;
import dev.sfbridge.local.InvocationKills.Step;
import dev.sfbridge.model.OrderRequest;
import dev.sfbridge.model.OrderResult;
import dev.sfbridge.sqs.FanOut;
import dev.sfbridge.testing.ErpOrderLedger.Change;
import dev.sfbridge.testing.Intercepted;
import dev.sfbridge.testing.TestOrders;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

/** An invocation killed between two steps: on every thread it started, nothing after the kill, its answer discarded. */
class InvocationKillsTest {
    private static final OrderRequest A = TestOrders.order(1);
    private static final OrderRequest B = TestOrders.order(2);
    private static final Boundary AFTER_UPSERT = new Boundary(true, Step.ERP_UPSERT);

    private final List<SdkRequest> dynamoDbCalls = new CopyOnWriteArrayList<>();
    private final DynamoDbClient dynamoDb = Intercepted.of(DynamoDbClient.class, (DynamoDbClient) null)
            .aroundEvery((SdkRequest request, Function<SdkRequest, Object> real) -> {
                dynamoDbCalls.add(request);
                return UpdateItemResponse.builder().build();
            }).client();

    @Test
    void aKillOnOneOfTheBatchConsumersThreadsEndsTheOthersAndTheInvocation() {
        AtomicBoolean struck = new AtomicBoolean();
        InvocationKills kills = new InvocationKills((kind, at) -> at.equals(AFTER_UPSERT) && struck.compareAndSet(false, true));
        CountDownLatch bInFlight = new CountDownLatch(1);
        CountDownLatch aEnded = new CountDownLatch(1);
        // B's write is in flight when A's thread dies, and lands after: it is in, and its thread never hears so
        ErpClient erp = kills.erp(order -> {
            if (order == B) {
                bInFlight.countDown();
                await(aEnded);
            } else {
                await(bInFlight);
            }
            return new OrderResult("SO-" + order.salesforceRecordId(), "OPEN", OrderResult.Write.CREATED);
        });
        DynamoDbClient table = kills.dynamoDb(dynamoDb);
        RequestHandler<SQSEvent, SQSBatchResponse> worker = kills.dying(ChaosFault.WORKER_KILL, (event, context) -> {
            // the batch consumer's threads: virtual, started during the invocation
            FanOut.apply(List.of(A, B), order -> {
                try {
                    upsert(erp, order);
                    return table.updateItem(completion());
                } finally {
                    if (order == A) {
                        aEnded.countDown();
                    }
                }
            });
            return new SQSBatchResponse(List.of());
        });

        InvocationKills.Killed death = assertThrows(InvocationKills.Killed.class, () -> worker.handleRequest(new SQSEvent(), null));

        assertEquals("chaos: worker-kill after the ERP upsert", death.getMessage());
        assertEquals(List.of(), dynamoDbCalls, "neither thread completed its claim");
        InvocationKills.Kill kill = kills.kills().getFirst();
        assertEquals(AFTER_UPSERT, kill.at());
        assertEquals(List.of(change(A), change(B)), kill.writtenNotCompleted().stream()
                .sorted(Comparator.comparing(Change::recordId)).toList(), "both written, neither completed");
        assertEquals(1, kills.killed(ChaosFault.WORKER_KILL));
    }

    @Test
    void aWriteWhoseClaimWasCompletedIsNotLeftToBeWrittenAgain() {
        AtomicInteger upserts = new AtomicInteger();
        InvocationKills kills = new InvocationKills((kind, at) -> at.equals(AFTER_UPSERT) && upserts.incrementAndGet() == 2);
        ErpClient erp = kills.erp(order -> new OrderResult("SO-1", "OPEN", OrderResult.Write.UPDATED));
        DynamoDbClient table = kills.dynamoDb(dynamoDb);
        RequestHandler<SQSEvent, SQSBatchResponse> worker = kills.dying(ChaosFault.WORKER_KILL, (event, context) -> {
            upsert(erp, A);
            table.updateItem(completion());
            upsert(erp, B);
            table.updateItem(completion());
            return new SQSBatchResponse(List.of());
        });

        assertThrows(InvocationKills.Killed.class, () -> worker.handleRequest(new SQSEvent(), null));

        assertEquals(1, dynamoDbCalls.size(), "A's completion only");
        assertEquals(List.of(change(B)), kills.writtenNotCompleted());
    }

    @Test
    void aThreadKilledRightAfterCompletingItsClaimLeavesItsNotificationUnlogged() {
        Boundary afterCompletion = new Boundary(true, Step.COMPLETION);
        AtomicInteger completions = new AtomicInteger();
        InvocationKills kills = new InvocationKills((kind, at) -> at.equals(afterCompletion) && completions.incrementAndGet() == 2);
        DynamoDbClient table = kills.dynamoDb(dynamoDb);
        RequestHandler<SQSEvent, SQSBatchResponse> worker = kills.dying(ChaosFault.WORKER_KILL, (event, context) -> {
            table.updateItem(completion("notification#04l1#2026-11-20T10:00:00Z"));
            table.updateItem(completion("notification#04l2#2026-11-20T10:00:00Z"));
            return new SQSBatchResponse(List.of());
        });

        assertThrows(InvocationKills.Killed.class, () -> worker.handleRequest(new SQSEvent(), null));

        assertEquals(2, dynamoDbCalls.size(), "both completions landed");
        assertEquals(Set.of("04l2"), kills.completedUnlogged(), "04l1's thread went on to log it; 04l2's died first");
    }

    @Test
    void aKillAfterAnotherStepLeavesNoCompletionUnlogged() {
        InvocationKills kills = new InvocationKills((kind, at) -> at.equals(AFTER_UPSERT));
        ErpClient erp = kills.erp(order -> new OrderResult("SO-1", "OPEN", OrderResult.Write.UPDATED));
        DynamoDbClient table = kills.dynamoDb(dynamoDb);
        RequestHandler<SQSEvent, SQSBatchResponse> worker = kills.dying(ChaosFault.WORKER_KILL, (event, context) -> {
            table.updateItem(completion());
            upsert(erp, A);
            return new SQSBatchResponse(List.of());
        });

        assertThrows(InvocationKills.Killed.class, () -> worker.handleRequest(new SQSEvent(), null));

        assertEquals(Set.of(), kills.completedUnlogged());
    }

    @Test
    void anInvocationNotKilledAnswersAndCallsOutsideAnyInvocationMeetNoBoundary() {
        List<Boundary> reached = new CopyOnWriteArrayList<>();
        InvocationKills kills = new InvocationKills((kind, at) -> {
            reached.add(at);
            return false;
        });
        DynamoDbClient table = kills.dynamoDb(dynamoDb);
        SQSBatchResponse answer = new SQSBatchResponse(List.of());
        RequestHandler<SQSEvent, SQSBatchResponse> callbacks = kills.dying(ChaosFault.CALLBACK_KILL, (event, context) -> {
            table.updateItem(b -> b.key(Map.of("id", AttributeValue.fromS("status#00D#006"))));
            return answer;
        });

        assertEquals(answer, callbacks.handleRequest(new SQSEvent(), null));
        table.updateItem(completion());

        assertEquals(List.of(new Boundary(false, Step.GUARD_ADMISSION), new Boundary(true, Step.GUARD_ADMISSION)), reached);
        assertEquals(2, dynamoDbCalls.size());
        assertTrue(kills.kills().isEmpty());
    }

    @Test
    void aSalesforceRequestIsAStepToldByItsMethodAndPath() {
        URI org = URI.create("https://example.my.salesforce.com");
        Map<HttpRequest, Step> steps = Map.of(
                get(org.resolve("/services/data/v62.0/queryAll?q=SELECT+Id+FROM+Opportunity")), Step.ORG_READ,
                send("PATCH", org.resolve("/services/data/v62.0/composite/sobjects")), Step.ORG_WRITE,
                send("PATCH", org.resolve("/services/data/v62.0/sobjects/Opportunity/006000000000001AAA")), Step.ORG_WRITE,
                send("POST", org.resolve("/services/data/v62.0/composite/sobjects")), Step.EVENTS_PUBLISH,
                send("POST", URI.create("https://login.salesforce.com/services/oauth2/token")), Step.TOKEN,
                get(URI.create("https://login.salesforce.com/services/oauth2/userinfo")), Step.OTHER);

        steps.forEach((request, step) -> assertEquals(step, Step.of(request), request.method() + " " + request.uri()));
        assertTrue(Step.ORG_WRITE.org() && Step.TOKEN.org() && !Step.ERP_UPSERT.org() && !Step.OTHER.org());
    }

    @Test
    void aCallbackKilledAfterItsOrgWriteNeverPublishesItsEvents() throws IOException {
        List<String> received = new CopyOnWriteArrayList<>();
        HttpServer org = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        org.createContext("/", exchange -> {
            received.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath());
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        org.start();
        try (HttpClient real = HttpClient.newHttpClient()) {
            URI collections = URI.create("http://127.0.0.1:" + org.getAddress().getPort() + "/services/data/v62.0/composite/sobjects");
            InvocationKills kills = new InvocationKills((kind, at) -> at.equals(new Boundary(true, Step.ORG_WRITE)));
            HttpClient salesforce = kills.salesforce(real);
            RequestHandler<SQSEvent, SQSBatchResponse> callbacks = kills.dying(ChaosFault.CALLBACK_KILL, (event, context) -> {
                exchange(salesforce, send("PATCH", collections));
                exchange(salesforce, send("POST", collections));
                return new SQSBatchResponse(List.of());
            });

            InvocationKills.Killed killed = assertThrows(InvocationKills.Killed.class, () -> callbacks.handleRequest(new SQSEvent(), null));

            assertEquals("chaos: callback-kill after the org's write", killed.getMessage());
            assertEquals(List.of("PATCH /services/data/v62.0/composite/sobjects"), received, "the write landed, the publish never left");
            assertEquals(List.of(new Boundary(true, Step.ORG_WRITE)), kills.kills().stream().map(InvocationKills.Kill::at).toList());
        } finally {
            org.stop(0);
        }
    }

    private static HttpRequest get(URI uri) {
        return HttpRequest.newBuilder(uri).GET().build();
    }

    private static HttpRequest send(String method, URI uri) {
        return HttpRequest.newBuilder(uri).method(method, HttpRequest.BodyPublishers.ofString("{}")).build();
    }

    private static void exchange(HttpClient client, HttpRequest request) {
        try {
            client.send(request, HttpResponse.BodyHandlers.discarding());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static OrderResult upsert(ErpClient erp, OrderRequest order) {
        try {
            return erp.upsertOrder(order);
        } catch (ErpException e) {
            throw new IllegalStateException(e);
        }
    }

    private static UpdateItemRequest completion() {
        return completion("notification#04l1");
    }

    private static UpdateItemRequest completion(String claimKey) {
        return UpdateItemRequest.builder()
                .key(Map.of("id", AttributeValue.fromS(claimKey)))
                .expressionAttributeValues(Map.of(":completed", AttributeValue.fromS("COMPLETED"))).build();
    }

    private static Change change(OrderRequest order) {
        return new Change(order.salesforceRecordId(), order.sourceModifiedAt());
    }

    /** Bounded, so a kill that never reached the other thread fails the test instead of hanging it. */
    private static void await(CountDownLatch latch) {
        try {
            assertTrue(latch.await(10, TimeUnit.SECONDS), "the other thread never got there");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
