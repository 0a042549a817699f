package dev.sfbridge.local;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.sfbridge.callback.CallbackHandler;
import dev.sfbridge.listener.OutboundMessageHandler;
import dev.sfbridge.testing.ErpSimulator;
import dev.sfbridge.testing.Intercepted;
import dev.sfbridge.testing.SalesforceSimulator;
import dev.sfbridge.testing.ThrottlingDynamoDb;
import dev.sfbridge.testing.TestIds;
import dev.sfbridge.worker.OrderWorkerHandler;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageRequest;
import software.amazon.awssdk.services.sqs.model.DeleteMessageResponse;

/**
 * Which faults a chaos run injects, where, and how many it did. Every decision is a function of the seed, the
 * fault's kind and a key: a record's number in the scenario, or a call's number among the calls of its kind
 * (the n-th item call to DynamoDB, the n-th message the listener acks, …). So one seed gives one fault schedule;
 * which message a call-numbered fault meets still depends on how the concurrent pollers interleave.
 */
final class ChaosPlan implements WiredFunctions.FunctionFaults, ClosedWonScenario.LaterChanges {
    /** The ERP's answers a poison record meets, more than any run makes: only {@link #heal} ends them. */
    private static final int POISON_ANSWERS = 1000;

    /**
     * The ERP's window of 503s, in requests: five notifications' three tries each open the worker's circuit
     * (five failures in a row), whose cool-down is real time (30 s, doubling while its probes fail). A window
     * that grew with the run would keep the circuit open for minutes at a time and stall it.
     */
    static final int ERP_DOWN_ANSWERS = 15;

    private final long seed;
    private final Set<ChaosFault> kinds;
    private final Map<ChaosFault, AtomicInteger> injected = new EnumMap<>(ChaosFault.class);
    private final Map<ChaosFault, AtomicLong> calls = new EnumMap<>(ChaosFault.class);
    private final List<String> poison = new ArrayList<>();
    private final Set<String> statusMoves = new HashSet<>();
    private final FailedItemCalls failedItemCalls = new FailedItemCalls();
    private ThrottlingDynamoDb throttling;

    ChaosPlan(long seed, Set<ChaosFault> kinds) {
        this.seed = seed;
        this.kinds = Set.copyOf(kinds);
        for (ChaosFault kind : ChaosFault.values()) {
            injected.put(kind, new AtomicInteger());
            calls.put(kind, new AtomicLong());
        }
    }

    /** No fault at all: the clients and functions as they are. */
    static ChaosPlan off() {
        return new ChaosPlan(0, Set.of());
    }

    boolean on() {
        return !kinds.isEmpty();
    }

    long seed() {
        return seed;
    }

    /** Whether the fault strikes the record or call numbered {@code key}. */
    boolean strikes(ChaosFault kind, long key) {
        if (!kinds.contains(kind)) {
            return false;
        }
        long draw = mix(seed ^ mix(kind.ordinal() + 1L) ^ mix(key + 0x5DEECE66DL));
        return (draw >>> 11) * 0x1.0p-53 < kind.share;
    }

    /** Whether the next call of this kind (counted from 1) meets the fault; counts it if it does. */
    private boolean strikesNextCall(ChaosFault kind) {
        boolean strikes = strikes(kind, calls.get(kind).incrementAndGet());
        if (strikes) {
            injected.get(kind).incrementAndGet();
        }
        return strikes;
    }

    /** The scenario's {@code n}-th opportunity is poison: the ERP refuses its order until {@link #heal}. */
    boolean poison(int n) {
        return strikes(ChaosFault.POISON, n);
    }

    /** A newer change of the {@code n}-th opportunity is sent too (never of a poison one). */
    @Override
    public boolean racing(int n) {
        return !poison(n) && strikes(ChaosFault.RACE, n);
    }

    /** Another change of the {@code n}-th opportunity in the same second is sent too (never of a poison or racing one). */
    @Override
    public boolean sameSecond(int n) {
        return !poison(n) && !racing(n) && strikes(ChaosFault.SAME_SECOND, n);
    }

    /** The {@code n}-th opportunity's message loses its first ack and the record changes before the resend (one record, one path). */
    @Override
    public boolean resentNewer(int n) {
        return !poison(n) && !racing(n) && !sameSecond(n) && strikes(ChaosFault.RESEND_NEWER, n);
    }

    @Override
    public int deletedRecords(int opportunities) {
        return share(ChaosFault.DELETED, opportunities);
    }

    /**
     * Sets the simulated peers' faults for a scenario of {@code opportunities}: the ERP's per record (a poison
     * record's refusals first, then 503s, then a request unanswered or an answer lost) and its window of 503s;
     * the records whose orders the ERP moves on; Salesforce's refused API calls, interleaved, a share of the
     * notifications' number of each kind. The later changes ({@link ClosedWonScenario.LaterChanges}) are the
     * scenario's to send; they are counted here.
     * The window and the refusals meet the first calls that come.
     */
    void arm(int opportunities, ErpSimulator erp, SalesforceSimulator salesforce) {
        for (int n = 1; n <= opportunities; n++) {
            String id = TestIds.id("006", n);
            // a poison record's order too, once the redrive has made it
            if (strikes(ChaosFault.ERP_STATUS, n)) {
                statusMoves.add(id);
                count(ChaosFault.ERP_STATUS, 1);
            }
            if (poison(n)) {
                poison.add(id);
                count(ChaosFault.POISON, 1);
                erp.failNext(id, POISON_ANSWERS, ErpSimulator.Fault.rejected(422, "validation_failed",
                        "chaos: the ERP refuses this record's order"));
                continue;
            }
            if (strikes(ChaosFault.ERP_5XX, n)) {
                // one to three 503s: within one delivery's tries, or all of them (the notification comes again)
                erp.failNext(id, count(ChaosFault.ERP_5XX, 1 + (int) Long.remainderUnsigned(mix(seed ^ n), 3)),
                        ErpSimulator.Fault.unavailable());
            }
            if (strikes(ChaosFault.ERP_TIMEOUT, n)) {
                erp.failNext(id, count(ChaosFault.ERP_TIMEOUT, 1), ErpSimulator.Fault.hang());
            }
            if (strikes(ChaosFault.ERP_LOST_ANSWER, n)) {
                erp.failNext(id, count(ChaosFault.ERP_LOST_ANSWER, 1), ErpSimulator.Fault.loseResponse());
            }
            if (racing(n)) {
                count(ChaosFault.RACE, 1);
            }
            if (sameSecond(n)) {
                count(ChaosFault.SAME_SECOND, 1);
            }
            if (resentNewer(n)) {
                count(ChaosFault.RESEND_NEWER, 1);
            }
        }
        count(ChaosFault.DELETED, deletedRecords(opportunities));
        if (kinds.contains(ChaosFault.ERP_DOWN)) {
            erp.failNext(count(ChaosFault.ERP_DOWN, ERP_DOWN_ANSWERS), ErpSimulator.Fault.unavailable());
        }
        int refusals = Math.max(share(ChaosFault.SF_401, opportunities),
                Math.max(share(ChaosFault.SF_503, opportunities), share(ChaosFault.SF_LIMIT, opportunities)));
        for (int i = 0; i < refusals; i++) {
            refuse(salesforce, ChaosFault.SF_401, opportunities, i, 401, "INVALID_SESSION_ID");
            refuse(salesforce, ChaosFault.SF_503, opportunities, i, 503, "SERVER_UNAVAILABLE");
            refuse(salesforce, ChaosFault.SF_LIMIT, opportunities, i, 403, "REQUEST_LIMIT_EXCEEDED");
        }
    }

    private void refuse(SalesforceSimulator salesforce, ChaosFault kind, int opportunities, int i, int status, String errorCode) {
        if (i < share(kind, opportunities)) {
            salesforce.failNextCalls(count(kind, 1), status, errorCode);
        }
    }

    /** How many of {@code total} the fault's share is, at least one when it is on. */
    private int share(ChaosFault kind, int total) {
        return kinds.contains(kind) ? Math.max(1, (int) Math.round(kind.share * total)) : 0;
    }

    private int count(ChaosFault kind, int times) {
        injected.get(kind).addAndGet(times);
        return times;
    }

    /** The poison records, in the scenario's order. */
    List<String> poisonRecords() {
        return Collections.unmodifiableList(poison);
    }

    /** Whether the ERP moves the record's order on once it has created it ({@link ErpStatusEvents}). */
    boolean movesOn(String recordId) {
        return statusMoves.contains(recordId);
    }

    /** The functions' DynamoDB steps that failed for good (throttled, timed out): what may make a change be written again. */
    List<FailedItemCalls.Call> failedItemCalls() {
        return failedItemCalls.failed();
    }

    /** The ERP "fixed": it takes the poison records' orders now. */
    void heal(ErpSimulator erp) {
        poison.forEach(erp::clearFaults);
    }

    /** The functions' DynamoDB client: a share of its item calls throttled; the steps that fail for good, watched. */
    DynamoDbClient dynamoDb(DynamoDbClient real) {
        if (!on()) {
            return real;
        }
        if (!kinds.contains(ChaosFault.DYNAMODB_THROTTLE)) {
            return failedItemCalls.watching(real);
        }
        throttling = new ThrottlingDynamoDb(real, call -> strikes(ChaosFault.DYNAMODB_THROTTLE, call));
        return failedItemCalls.watching(throttling.client());
    }

    /**
     * The SQS event sources' client: a share of the processed messages, instead of being deleted, made visible
     * at once, as when their visibility timeout runs out while the function still works on them.
     */
    SqsClient eventSources(SqsClient real) {
        if (!kinds.contains(ChaosFault.SQS_REDELIVER)) {
            return real;
        }
        return Intercepted.of(SqsClient.class, real).around(DeleteMessageRequest.class,
                (DeleteMessageRequest request, Function<DeleteMessageRequest, DeleteMessageResponse> delete) -> {
                    if (!strikesNextCall(ChaosFault.SQS_REDELIVER)) {
                        return delete.apply(request);
                    }
                    real.changeMessageVisibility(b -> b.queueUrl(request.queueUrl()).receiptHandle(request.receiptHandle())
                            .visibilityTimeout(0));
                    return DeleteMessageResponse.builder().build();
                }).client();
    }

    /** The listener may die before acking, the worker and the callback function before returning, having done their work. */
    @Override
    public RequestHandler<?, ?> around(String handlerClass, RequestHandler<?, ?> handler) {
        if (handlerClass.equals(OutboundMessageHandler.class.getName())) {
            return listenerDying(WiredFunctions.apiHandler(handler));
        }
        if (handlerClass.equals(OrderWorkerHandler.class.getName())) {
            return dyingAfter(ChaosFault.WORKER_CRASH, WiredFunctions.sqsHandler(handler));
        }
        if (handlerClass.equals(CallbackHandler.class.getName())) {
            return dyingAfter(ChaosFault.CALLBACK_CRASH, WiredFunctions.sqsHandler(handler));
        }
        return handler;
    }

    private RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> listenerDying(
            RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> listener) {
        return (request, context) -> {
            APIGatewayProxyResponseEvent answer = listener.handleRequest(request, context);
            // what API Gateway answers when the function's invocation fails: Salesforce sees no ack
            return answer.getStatusCode() == 200 && strikesNextCall(ChaosFault.LISTENER_CRASH)
                    ? new APIGatewayProxyResponseEvent().withStatusCode(502).withBody("{\"message\": \"Internal server error\"}")
                    : answer;
        };
    }

    private RequestHandler<SQSEvent, SQSBatchResponse> dyingAfter(ChaosFault kind, RequestHandler<SQSEvent, SQSBatchResponse> function) {
        return (event, context) -> {
            SQSBatchResponse response = function.handleRequest(event, context);
            if (strikesNextCall(kind)) {
                throw new IllegalStateException("chaos: " + kind.flag() + " after the batch's work, before returning");
            }
            return response;
        };
    }

    /** The seed and each fault's count, for the run's report. */
    String report() {
        if (throttling != null) {
            injected.get(ChaosFault.DYNAMODB_THROTTLE).set(throttling.throttled());
        }
        StringBuilder report = new StringBuilder("Chaos: seed %d (--seed %d repeats the schedule)%n".formatted(seed, seed));
        for (ChaosFault kind : ChaosFault.values()) {
            report.append("  %-18s %s%n".formatted(kind.flag(), kinds.contains(kind) ? injected.get(kind).get() : "off"));
        }
        return report.toString();
    }

    int injected(ChaosFault kind) {
        return kind == ChaosFault.DYNAMODB_THROTTLE && throttling != null ? throttling.throttled() : injected.get(kind).get();
    }

    /** SplitMix64's finalizer: every bit of the input reaches every bit of the output. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
