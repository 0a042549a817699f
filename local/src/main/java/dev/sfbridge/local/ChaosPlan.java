package dev.sfbridge.local;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.sfbridge.callback.CallbackHandler;
import dev.sfbridge.erp.ErpClient;
import dev.sfbridge.listener.OutboundMessageHandler;
import dev.sfbridge.testing.ErpOrderLedger;
import dev.sfbridge.testing.ErpSimulator;
import dev.sfbridge.testing.Intercepted;
import dev.sfbridge.testing.SalesforceSimulator;
import dev.sfbridge.testing.ThrottlingDynamoDb;
import dev.sfbridge.testing.TestIds;
import dev.sfbridge.worker.OrderWorkerHandler;
import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageRequest;
import software.amazon.awssdk.services.sqs.model.DeleteMessageResponse;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageRequest;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageResponse;

/**
 * Which faults a chaos run injects, where, and how many it did. Every decision is a function of the seed, the
 * fault's kind and a key: a record's number in the scenario, or a call's number among the calls of its kind
 * (the n-th item call to DynamoDB, the n-th message the listener acks, …). So one seed gives one fault schedule;
 * which message a call-numbered fault meets still depends on how the concurrent pollers interleave.
 */
final class ChaosPlan implements WiredFunctions.FunctionFaults, LocalFunctions.ClientFaults, ClosedWonScenario.LaterChanges {
    /** The ERP's answers a poison record meets, more than any run makes: only {@link #heal} ends them. */
    private static final int POISON_ANSWERS = 1000;

    /**
     * The ERP's window of 503s, in requests: five notifications' three tries each open the worker's circuit
     * (five failures in a row), whose cool-down is real time (30 s, doubling while its probes fail). A window
     * that grew with the run would keep the circuit open for minutes at a time and stall it.
     */
    static final int ERP_DOWN_ANSWERS = 15;

    /**
     * The share of the Salesforce calls a kill strikes at each boundary around them: one sObject Collections call
     * carries up to 200 records, so a run of 1,000 notifications makes some 40 writes and 20 publishes (0.1 % of them
     * would hardly ever strike), and a kill there costs a callback batch's redelivery, no more.
     */
    static final double ORG_KILL_SHARE = 0.05;

    private final long seed;
    private final Set<ChaosFault> kinds;
    private final Map<ChaosFault, AtomicInteger> injected = new EnumMap<>(ChaosFault.class);
    private final Map<ChaosFault, AtomicLong> calls = new EnumMap<>(ChaosFault.class);
    private final List<String> poison = new ArrayList<>();
    private final Set<String> statusMoves = new HashSet<>();
    private final FailedItemCalls failedItemCalls = new FailedItemCalls();
    /** The calls each kill kind met at each step boundary, by {@link #boundaryKey}'s boundary part. */
    private final Map<Long, AtomicLong> boundaryCalls = new ConcurrentHashMap<>();
    private final InvocationKills kills = new InvocationKills(this::strikesAt);
    /** The notifications made visible again mid-processing, by message ID. */
    private final Set<String> redeliveredMidway = ConcurrentHashMap.newKeySet();
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
        return strikes(kind, key, kind.share);
    }

    private boolean strikes(ChaosFault kind, long key, double share) {
        if (!kinds.contains(kind)) {
            return false;
        }
        long draw = mix(seed ^ mix(kind.ordinal() + 1L) ^ mix(key + 0x5DEECE66DL));
        return (draw >>> 11) * 0x1.0p-53 < share;
    }

    /** Whether the next call of this kind (counted from 1) meets the fault; counts it if it does. */
    private boolean strikesNextCall(ChaosFault kind) {
        boolean strikes = strikes(kind, calls.get(kind).incrementAndGet());
        if (strikes) {
            injected.get(kind).incrementAndGet();
        }
        return strikes;
    }

    /**
     * Whether the kill of {@code kind} strikes the invocation at this boundary: each boundary's calls counted on their
     * own, so the seed decides a kill at each kind of step, whatever the mix of steps a run makes.
     */
    private boolean strikesAt(ChaosFault kind, InvocationKills.Boundary at) {
        long call = boundaryCalls.computeIfAbsent(boundaryKey(kind, at, 0), key -> new AtomicLong()).incrementAndGet();
        return strikesAt(kind, at, call);
    }

    /** Whether the kill of {@code kind} strikes the {@code call}-th call at the boundary (counted from 1). */
    boolean strikesAt(ChaosFault kind, InvocationKills.Boundary at, long call) {
        return strikes(kind, boundaryKey(kind, at, call), at.step().org() ? ORG_KILL_SHARE : kind.share);
    }

    /** The key of a kill kind's {@code call}-th call at a boundary (counted from 1). */
    static long boundaryKey(ChaosFault kind, InvocationKills.Boundary at, long call) {
        return ((long) kind.ordinal() << 48) + ((long) at.index() << 32) + call;
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

    /**
     * The functions' DynamoDB client: a share of its item calls throttled, the steps that fail for good watched, and
     * its calls steps an invocation may die at.
     */
    DynamoDbClient dynamoDb(DynamoDbClient real) {
        if (!on()) {
            return real;
        }
        DynamoDbClient client = real;
        if (kinds.contains(ChaosFault.DYNAMODB_THROTTLE)) {
            throttling = new ThrottlingDynamoDb(real, call -> strikes(ChaosFault.DYNAMODB_THROTTLE, call));
            client = throttling.client();
        }
        DynamoDbClient watched = failedItemCalls.watching(client);
        return killing() ? kills.dynamoDb(watched) : watched;
    }

    /** The functions' SQS client: its calls are steps an invocation may die at. */
    @Override
    public SqsClient sqs(SqsClient real) {
        return killing() ? kills.sqs(real) : real;
    }

    /** The worker's and the callback function's HTTP client to Salesforce: its requests are steps an invocation may die at. */
    @Override
    public HttpClient salesforce(HttpClient real) {
        return killing() ? kills.salesforce(real) : real;
    }

    /** The worker's ERP client: its upserts are steps an invocation may die at. */
    @Override
    public ErpClient erp(ErpClient real) {
        return killing() ? kills.erp(real) : real;
    }

    private boolean killing() {
        return kinds.contains(ChaosFault.WORKER_KILL) || kinds.contains(ChaosFault.CALLBACK_KILL);
    }

    /**
     * The SQS event sources' client: a share of the processed messages, instead of being deleted, made visible
     * at once, as when their visibility timeout runs out after the function worked on them; and a share of the
     * notifications received made visible at once, before the worker has them, as when their visibility runs out
     * while it still works on them: another poll (or the same one, gathering its batch) receives them again.
     */
    SqsClient eventSources(SqsClient real, String notificationsQueueUrl) {
        Intercepted<SqsClient> sources = Intercepted.of(SqsClient.class, real);
        if (kinds.contains(ChaosFault.SQS_REDELIVER)) {
            sources.around(DeleteMessageRequest.class,
                    (DeleteMessageRequest request, Function<DeleteMessageRequest, DeleteMessageResponse> delete) -> {
                        if (!strikesNextCall(ChaosFault.SQS_REDELIVER)) {
                            return delete.apply(request);
                        }
                        visibleAgain(real, request.queueUrl(), request.receiptHandle());
                        return DeleteMessageResponse.builder().build();
                    });
        }
        if (kinds.contains(ChaosFault.SQS_MID_REDELIVER)) {
            sources.around(ReceiveMessageRequest.class,
                    (ReceiveMessageRequest request, Function<ReceiveMessageRequest, ReceiveMessageResponse> receive) -> {
                        ReceiveMessageResponse received = receive.apply(request);
                        if (request.queueUrl().equals(notificationsQueueUrl)) {
                            received.messages().stream().filter(message -> strikesNextCall(ChaosFault.SQS_MID_REDELIVER)).forEach(message -> {
                                visibleAgain(real, request.queueUrl(), message.receiptHandle());
                                redeliveredMidway.add(message.messageId());
                            });
                        }
                        return received;
                    });
        }
        return sources.client();
    }

    private static void visibleAgain(SqsClient sqs, String queueUrl, String receiptHandle) {
        sqs.changeMessageVisibility(b -> b.queueUrl(queueUrl).receiptHandle(receiptHandle).visibilityTimeout(0));
    }

    /** The notifications made visible again as they were received ({@code sqs-mid-redeliver}), by message ID. */
    Set<String> redeliveredMidway() {
        return Set.copyOf(redeliveredMidway);
    }

    /** The invocations killed between two steps so far. */
    List<InvocationKills.Kill> kills() {
        return kills.kills();
    }

    /** Each ERP change a killed worker had written without completing its claim: each may be written once more. */
    List<ErpOrderLedger.Change> killedAfterWrite() {
        return kills.writtenNotCompleted();
    }

    /** The notifications whose claims a killed worker completed and never logged an outcome for. */
    Set<String> completedUnlogged() {
        return kills.completedUnlogged();
    }

    /**
     * The listener may die before acking, the worker and the callback function before returning, having done their work,
     * or between two of their steps.
     */
    @Override
    public RequestHandler<?, ?> around(String handlerClass, RequestHandler<?, ?> handler) {
        if (handlerClass.equals(OutboundMessageHandler.class.getName())) {
            return listenerDying(WiredFunctions.apiHandler(handler));
        }
        if (handlerClass.equals(OrderWorkerHandler.class.getName())) {
            return dyingAfter(ChaosFault.WORKER_CRASH, killable(ChaosFault.WORKER_KILL, WiredFunctions.sqsHandler(handler)));
        }
        if (handlerClass.equals(CallbackHandler.class.getName())) {
            return dyingAfter(ChaosFault.CALLBACK_CRASH, killable(ChaosFault.CALLBACK_KILL, WiredFunctions.sqsHandler(handler)));
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

    private RequestHandler<SQSEvent, SQSBatchResponse> killable(ChaosFault kind, RequestHandler<SQSEvent, SQSBatchResponse> function) {
        return kinds.contains(kind) ? kills.dying(kind, function) : function;
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
        StringBuilder report = new StringBuilder("Chaos: seed %d (--seed %d repeats the schedule)%n".formatted(seed, seed));
        for (ChaosFault kind : ChaosFault.values()) {
            report.append("  %-18s %s%n".formatted(kind.flag(), kinds.contains(kind) ? injected(kind) : "off"));
        }
        Map<String, Long> killedAt = kills.kills().stream().collect(Collectors.groupingBy(kill -> kill.kind().flag() + " " + kill.at(),
                TreeMap::new, Collectors.counting()));
        killedAt.forEach((where, count) -> report.append("    %-46s %d%n".formatted(where, count)));
        return report.toString();
    }

    int injected(ChaosFault kind) {
        return switch (kind) {
            case DYNAMODB_THROTTLE -> throttling != null ? throttling.throttled() : injected.get(kind).get();
            case WORKER_KILL, CALLBACK_KILL -> kills.killed(kind);
            default -> injected.get(kind).get();
        };
    }

    /** SplitMix64's finalizer: every bit of the input reaches every bit of the output. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
