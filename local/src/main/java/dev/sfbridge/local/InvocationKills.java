package dev.sfbridge.local;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.sfbridge.erp.ErpClient;
import dev.sfbridge.erp.ErpException;
import dev.sfbridge.idempotency.DynamoDbIdempotencyStore;
import dev.sfbridge.model.OrderRequest;
import dev.sfbridge.model.OrderResult;
import dev.sfbridge.retry.StartDeadline;
import dev.sfbridge.testing.ErpOrderLedger;
import dev.sfbridge.testing.ForwardingHttpClient;
import dev.sfbridge.testing.Intercepted;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;

/**
 * A function's invocation killed between two of its steps ({@code worker-kill}, {@code callback-kill}): each call it
 * makes through the clients made here (DynamoDB, SQS, the ERP) is a step, and the schedule may kill it before or after
 * any of them. From the kill on nothing more of it happens: every later call of any of its threads fails with
 * {@link Killed}, and the invocation throws, so its whole batch comes back after the visibility timeout, its claims
 * left as they were. The invocation is known by an {@link InheritableThreadLocal} set around the handler: the batch
 * consumer's virtual threads, started during the invocation, inherit it ({@code InvocationKillsTest}).
 *
 * <p>The Salesforce calls are steps too, seen through the functions' HTTP client to the org ({@link #salesforce}): the
 * worker's record reads, the callback function's writes and platform events, and the token requests of both.
 */
final class InvocationKills {
    /** What an invocation's step is, told by its request. */
    enum Step {
        CLAIM("the claim"), COMPLETION("the claim's completion"), RELEASE("the claim's release"),
        GUARD_ADMISSION("a guard's admission"), GUARD_READ("a guard's read"), ERP_UPSERT("the ERP upsert"),
        ENQUEUE("the callback's enqueue"), DEAD_LETTER("a dead letter"), BACKOFF("the redelivery backoff"),
        OTHER("another call"),
        ORG_READ("the org's record read", true), ORG_WRITE("the org's write", true),
        EVENTS_PUBLISH("the platform events' publish", true), TOKEN("a token request", true);

        private final String description;
        private final boolean org;

        Step(String description) {
            this(description, false);
        }

        Step(String description, boolean org) {
            this.description = description;
            this.org = org;
        }

        /** A call to the Salesforce org (or its login endpoint): one carries many records, so a run makes few. */
        boolean org() {
            return org;
        }

        /** A Salesforce call's step, told by its method and path ({@code HttpSalesforceClient}, {@code TokenEndpoint}). */
        static Step of(HttpRequest request) {
            String path = request.uri().getPath();
            return switch (request.method()) {
                case "GET" -> path.endsWith("/queryAll") || path.endsWith("/query") ? ORG_READ : OTHER;
                case "PATCH" -> ORG_WRITE;
                case "POST" -> path.endsWith("/composite/sobjects") ? EVENTS_PUBLISH : path.endsWith("/oauth2/token") ? TOKEN : OTHER;
                default -> OTHER;
            };
        }

        static Step of(SdkRequest request) {
            return switch (request) {
                case PutItemRequest claim -> CLAIM;
                case DeleteItemRequest release -> RELEASE;
                case UpdateItemRequest update -> FailedItemCalls.completesClaim(update) ? COMPLETION : GUARD_ADMISSION;
                case GetItemRequest read -> GUARD_READ;
                case SendMessageBatchRequest enqueue -> ENQUEUE;
                case SendMessageRequest deadLetter -> DEAD_LETTER;
                case ChangeMessageVisibilityBatchRequest backoff -> BACKOFF;
                default -> OTHER;
            };
        }
    }

    /** Where a kill strikes: before or after a kind of step. */
    record Boundary(boolean after, Step step) {
        /** A number of its own for each boundary, the key its calls are counted under. */
        int index() {
            return (after ? Step.values().length : 0) + step.ordinal();
        }

        @Override
        public String toString() {
            return (after ? "after " : "before ") + step.description;
        }
    }

    /** Whether the kill of {@code kind} strikes this call at the boundary ({@link ChaosPlan}: a count per boundary). */
    @FunctionalInterface
    interface Schedule {
        boolean strikes(ChaosFault kind, Boundary at);
    }

    /**
     * A kill: the function's fault, where it struck, the ERP changes its invocation had written without completing
     * their claims (each may be written again once its claim's lease has run out), and the notifications whose claims
     * it completed and then died on the same thread, before the worker logged their outcome (a completed claim makes
     * every later copy a duplicate, so no line ever tells what was done for them).
     */
    record Kill(ChaosFault kind, Boundary at, List<ErpOrderLedger.Change> writtenNotCompleted, List<String> completedUnlogged) {}

    /**
     * What a killed invocation's calls meet: an {@link Error}, as a process going down, so neither the batch consumer
     * (which fails the whole invocation on one) nor the ERP's circuit (which counts exceptions) takes it for a fault of
     * a peer, and no step after it, a claim's release say, runs.
     */
    static final class Killed extends Error {
        Killed(ChaosFault kind, Boundary at) {
            super("chaos: " + kind.flag() + " " + at, null, false, false);
        }
    }

    /** A call that may throw what the client declares. */
    @FunctionalInterface
    private interface Call<T, E extends Exception> {
        T call() throws E;
    }

    private static final InheritableThreadLocal<Invocation> CURRENT = new InheritableThreadLocal<>();

    private final Schedule schedule;
    private final List<Kill> kills = new CopyOnWriteArrayList<>();

    InvocationKills(Schedule schedule) {
        this.schedule = schedule;
    }

    /** The function's handler, its invocations open to {@code kind}'s kills. */
    RequestHandler<SQSEvent, SQSBatchResponse> dying(ChaosFault kind, RequestHandler<SQSEvent, SQSBatchResponse> function) {
        return (event, context) -> {
            Invocation invocation = new Invocation(kind);
            CURRENT.set(invocation);
            try {
                SQSBatchResponse response = function.handleRequest(event, context);
                Boundary killedAt = invocation.killedAt.get();
                if (killedAt != null) {
                    // its answer is discarded as a dead process's would be, even if no thread of it threw
                    throw new Killed(kind, killedAt);
                }
                return response;
            } finally {
                CURRENT.remove();
                Boundary killedAt = invocation.killedAt.get();
                if (killedAt != null) {
                    kills.add(new Kill(kind, killedAt, invocation.writtenNotCompleted(), List.copyOf(invocation.completedUnlogged)));
                }
            }
        };
    }

    DynamoDbClient dynamoDb(DynamoDbClient real) {
        return Intercepted.of(DynamoDbClient.class, real)
                .aroundEvery((SdkRequest request, Function<SdkRequest, Object> call) -> step(Step.of(request), () -> call.apply(request),
                        done -> completed(request))).client();
    }

    SqsClient sqs(SqsClient real) {
        return Intercepted.of(SqsClient.class, real)
                .aroundEvery((SdkRequest request, Function<SdkRequest, Object> call) -> step(Step.of(request), () -> call.apply(request),
                        done -> { })).client();
    }

    /** A function's HTTP client to Salesforce: each request it sends (each attempt of a call) is a step. */
    HttpClient salesforce(HttpClient real) {
        return new ForwardingHttpClient(real) {
            @Override
            public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler) throws IOException, InterruptedException {
                // a step's call throws one checked exception: an interrupt crosses it as the JDK's interrupted I/O, then is itself again
                try {
                    return step(Step.of(request), () -> {
                        try {
                            return super.send(request, handler);
                        } catch (InterruptedException e) {
                            throw (InterruptedIOException) new InterruptedIOException(e.getMessage()).initCause(e);
                        }
                    }, done -> { });
                } catch (InterruptedIOException e) {
                    if (e.getCause() instanceof InterruptedException interrupted) {
                        throw interrupted;
                    }
                    throw e;
                }
            }
        };
    }

    /** The worker's ERP client: each order the ERP took is remembered until its claim is completed. */
    ErpClient erp(ErpClient real) {
        return new ErpClient() {
            @Override
            public OrderResult upsertOrder(OrderRequest order) throws ErpException {
                return upsertOrder(order, StartDeadline.NONE);
            }

            @Override
            public OrderResult upsertOrder(OrderRequest order, StartDeadline deadline) throws ErpException {
                return step(Step.ERP_UPSERT, () -> real.upsertOrder(order, deadline), result -> {
                    if (result.write() != OrderResult.Write.REFUSED_AS_STALE) {
                        written(new ErpOrderLedger.Change(order.salesforceRecordId(), order.sourceModifiedAt()));
                    }
                });
            }
        };
    }

    /** The kills so far, in the order their invocations ended. */
    List<Kill> kills() {
        return List.copyOf(kills);
    }

    int killed(ChaosFault kind) {
        return (int) kills.stream().filter(kill -> kill.kind() == kind).count();
    }

    /** Each ERP change a killed worker had written and not completed, once for each such kill. */
    List<ErpOrderLedger.Change> writtenNotCompleted() {
        return kills.stream().flatMap(kill -> kill.writtenNotCompleted().stream()).toList();
    }

    /** The notification IDs whose claims a killed invocation completed without logging their outcome. */
    Set<String> completedUnlogged() {
        return kills.stream().flatMap(kill -> kill.completedUnlogged().stream()).collect(Collectors.toSet());
    }

    /**
     * Runs a call of the invocation on this thread, if any, between its two boundaries; {@code done} notes what the
     * call did before the boundary after it, where the invocation may die with it done.
     */
    private <T, E extends Exception> T step(Step step, Call<T, E> call, Consumer<T> done) throws E {
        Invocation invocation = CURRENT.get();
        if (invocation == null) {
            return call.call();
        }
        invocation.reach(new Boundary(false, step), schedule);
        T result = call.call();
        done.accept(result);
        try {
            invocation.reach(new Boundary(true, step), schedule);
        } catch (Killed killed) {
            invocation.diedAfter(step);
            throw killed;
        }
        return result;
    }

    private static void written(ErpOrderLedger.Change change) {
        CURRENT.get().written.computeIfAbsent(Thread.currentThread(), thread -> new ArrayList<>()).add(change);
    }

    /** A claim completed: the writes of its thread (one notification's) need no retry. */
    private static void completed(SdkRequest request) {
        if (request instanceof UpdateItemRequest update && FailedItemCalls.completesClaim(update)) {
            Invocation invocation = CURRENT.get();
            invocation.written.remove(Thread.currentThread());
            // the claim's key: notification#<id>#<changedAt>
            String[] key = update.key().get(DynamoDbIdempotencyStore.ID).s().split("#", 3);
            if (key.length > 1) {
                invocation.completing.put(Thread.currentThread(), key[1]);
            }
        }
    }

    private static final class Invocation {
        private final ChaosFault kind;
        private final AtomicReference<Boundary> killedAt = new AtomicReference<>();
        /** Each thread's ERP writes not yet followed by its claim's completion: a thread handles one notification. */
        private final Map<Thread, List<ErpOrderLedger.Change>> written = new ConcurrentHashMap<>();
        /** Each thread's notification whose claim it completed last: the worker logs its outcome next, with no call between. */
        private final Map<Thread, String> completing = new ConcurrentHashMap<>();
        private final Set<String> completedUnlogged = ConcurrentHashMap.newKeySet();

        Invocation(ChaosFault kind) {
            this.kind = kind;
        }

        /** Dies here if the schedule says so; fails if it died already. */
        void reach(Boundary at, Schedule schedule) {
            Boundary died = killedAt.get();
            if (died == null && schedule.strikes(kind, at) && killedAt.compareAndSet(null, at)) {
                died = at;
            } else if (died == null) {
                died = killedAt.get();
            }
            if (died != null) {
                throw new Killed(kind, died);
            }
        }

        /** This thread died right after a call of {@code step}: after a completion, before the outcome's log line. */
        void diedAfter(Step step) {
            String notificationId = completing.remove(Thread.currentThread());
            if (step == Step.COMPLETION && notificationId != null) {
                completedUnlogged.add(notificationId);
            }
        }

        List<ErpOrderLedger.Change> writtenNotCompleted() {
            return written.values().stream().flatMap(List::stream).toList();
        }
    }
}
