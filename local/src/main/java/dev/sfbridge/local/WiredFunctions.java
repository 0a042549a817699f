package dev.sfbridge.local;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayCustomAuthorizerEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.amazonaws.services.lambda.runtime.events.IamPolicyResponseV1;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.sfbridge.callback.CallbackConfig;
import dev.sfbridge.callback.CallbackHandler;
import dev.sfbridge.callback.FieldMapping;
import dev.sfbridge.config.Env;
import dev.sfbridge.local.template.SamTemplate;
import dev.sfbridge.sync.BatchSyncHandler;
import dev.sfbridge.sync.SyncConfig;
import dev.sfbridge.testing.SqsEventSourceMapping;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The template's functions connected to their events as Lambda connects them: each API route to its
 * function (for {@link ApiGatewayServer}) behind its API's authorization (IAM's signature check, or the Lambda
 * authorizer the API's {@code DefaultAuthorizer} names), each SQS event source polled with the template's batch
 * size, batching window and concurrency ({@link SqsPoller}), each schedule run compressed ({@link LocalSchedule});
 * every event handed over in the handler's input type ({@link LambdaEvents}). The callback function's field mapping
 * and the batch sync's configuration are kept: the reconciliations read the org and the sync through them.
 */
final class WiredFunctions implements AutoCloseable {
    /** What a function's handler becomes before it is connected: itself, or one with faults ({@link ChaosPlan}). */
    @FunctionalInterface
    interface FunctionFaults {
        RequestHandler<?, ?> around(String handlerClass, RequestHandler<?, ?> handler);
    }

    private final Map<String, RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent>> routes = new LinkedHashMap<>();
    private final Map<String, RouteAuthorization> authorizations = new LinkedHashMap<>();
    private final List<TemplateResources.LocalQueue> eventSourceQueues = new ArrayList<>();
    private final Opened pollers = new Opened("stopping an event source");
    private final FieldMapping callbackFields;
    private final Optional<SyncConfig> syncConfig;
    private final Optional<Duration> syncPeriod;

    /** @param iam what the routes of an API whose authorizer is {@code AWS_IAM} are checked with */
    WiredFunctions(SamTemplate template, Path templateFile, LocalFunctions functions, TemplateResources resources, SqsClient sqs,
                   LocalOptions options, FunctionFaults faults, RouteAuthorization iam) {
        FieldMapping fields = null;
        SyncConfig sync = null;
        Duration syncEvery = null;
        try {
            Map<String, RequestHandler<?, ?>> handlers = new LinkedHashMap<>();
            for (SamTemplate.Function function : template.functions()) {
                // the input type Lambda reads the event into is the handler class's own, whatever wraps it (the meter, faults)
                Class<?> input = LambdaEvents.inputType(handlerType(function));
                RequestHandler<?, ?> handler = faults.around(function.handlerClass(), functions.handler(function));
                handlers.put(function.logicalId(), handler);
                if (function.handlerClass().equals(CallbackHandler.class.getName())) {
                    fields = CallbackConfig.from(new Env(functions.environment(function))).fields();
                }
                if (function.handlerClass().equals(BatchSyncHandler.class.getName())) {
                    sync = SyncConfig.from(new Env(functions.environment(function)));
                }
                function.routes().forEach(route -> routes.put(route.path(), apiHandler(handler)));
                function.queueEvents().forEach(source -> poll(function, resources.queue(source.queue()), source,
                        LambdaEvents.sqsInvocation(handler, input), sqs, options));
                for (SamTemplate.ScheduleEvent schedule : function.schedules()) {
                    LocalSchedule local = new LocalSchedule(function.logicalId(), functions.resolve(schedule.expression()),
                            schedule.input().orElse(null), handler, input, options.timeScale(), System.err);
                    pollers.add(local);
                    if (function.handlerClass().equals(BatchSyncHandler.class.getName())) {
                        syncEvery = local.period();
                    }
                }
            }
            for (SamTemplate.Function function : template.functions()) {
                for (SamTemplate.ApiRoute route : function.routes()) {
                    route.api().flatMap(template::apiAuth).ifPresent(auth ->
                            authorizations.put(route.path(), authorization(route.api().orElseThrow(), auth, functions, handlers, iam)));
                }
            }
            if (fields == null) {
                throw new IllegalArgumentException(templateFile + " has no function running " + CallbackHandler.class.getName()
                        + ": nothing would write the orders back, and the reconciliation could not know the fields");
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        callbackFields = fields;
        syncConfig = Optional.ofNullable(sync);
        syncPeriod = Optional.ofNullable(syncEvery);
    }

    /** The authorization the API's {@code DefaultAuthorizer} names, with the value the stack is deployed with. */
    @SuppressWarnings("unchecked")
    private static RouteAuthorization authorization(String api, SamTemplate.ApiAuth auth, LocalFunctions functions,
                                                    Map<String, RequestHandler<?, ?>> handlers, RouteAuthorization iam) {
        String name = functions.resolve(auth.defaultAuthorizer());
        if (name.equals("AWS_IAM")) {
            return iam;
        }
        SamTemplate.TokenAuthorizer authorizer = auth.tokenAuthorizers().get(name);
        if (authorizer == null || !handlers.containsKey(authorizer.function())) {
            throw new IllegalArgumentException(api + "'s DefaultAuthorizer is " + name
                    + ", which is neither AWS_IAM nor a TOKEN authorizer of a function in the template");
        }
        String stageArn = functions.resolve(Map.of("Fn::Sub", "arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:"
                + api.toLowerCase(Locale.ROOT) + "/" + auth.stageName()));
        return new LambdaTokenAuthorization((RequestHandler<APIGatewayCustomAuthorizerEvent, IamPolicyResponseV1>)
                handlers.get(authorizer.function()), authorizer.tokenHeader(), stageArn);
    }

    private void poll(SamTemplate.Function function, TemplateResources.LocalQueue queue, SamTemplate.SqsEventSource source,
                      Function<SQSEvent, SQSBatchResponse> handler, SqsClient sqs, LocalOptions options) {
        eventSourceQueues.add(queue);
        int concurrency = Math.min(options.maxConcurrency(), source.maximumConcurrency().orElse(Integer.MAX_VALUE));
        // the batching window is not compressed: it is what makes a callback batch one sObject Collections call
        SqsEventSourceMapping.Settings settings = new SqsEventSourceMapping.Settings(source.batchSize(), source.batchingWindow(),
                source.reportBatchItemFailures(), options.timeScale().compressToSeconds(queue.definition().visibilityTimeout()));
        pollers.add(new SqsPoller(function.logicalId(), new SqsEventSourceMapping(sqs, queue.url(), settings, handler),
                concurrency, System.err));
    }

    /** The template says which events a function gets; its handler is built for them. */
    @SuppressWarnings("unchecked")
    static RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> apiHandler(RequestHandler<?, ?> handler) {
        return (RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent>) handler;
    }

    @SuppressWarnings("unchecked")
    static RequestHandler<SQSEvent, SQSBatchResponse> sqsHandler(RequestHandler<?, ?> handler) {
        return (RequestHandler<SQSEvent, SQSBatchResponse>) handler;
    }

    /** Each API route's path and the function that answers it. */
    Map<String, RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent>> routes() {
        return routes;
    }

    /** Each authorized route's path and what API Gateway checks before its function runs; the other routes are open. */
    Map<String, RouteAuthorization> authorizations() {
        return authorizations;
    }

    /** The queues some function consumes, in the template's order. */
    List<TemplateResources.LocalQueue> eventSourceQueues() {
        return List.copyOf(eventSourceQueues);
    }

    FieldMapping callbackFields() {
        return callbackFields;
    }

    /** The batch sync's configuration, when the template has the function. */
    Optional<SyncConfig> syncConfig() {
        return syncConfig;
    }

    /** How often the batch sync's schedule invokes it here, compressed; empty when it has none. */
    Optional<Duration> syncPeriod() {
        return syncPeriod;
    }

    @Override
    public void close() {
        pollers.close();
    }

    private static Class<?> handlerType(SamTemplate.Function function) {
        try {
            return Class.forName(function.handlerClass());
        } catch (ClassNotFoundException e) {
            throw new IllegalArgumentException(function.logicalId() + "'s handler " + function.handlerClass()
                    + " is not on the local stack's class path", e);
        }
    }
}
