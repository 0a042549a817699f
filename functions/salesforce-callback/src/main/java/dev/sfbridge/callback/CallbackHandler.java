package dev.sfbridge.callback;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.sfbridge.aws.AwsClients;
import dev.sfbridge.config.Env;
import dev.sfbridge.idempotency.RecordVersionGuard;
import dev.sfbridge.observability.EmfMetrics;
import dev.sfbridge.observability.JsonLog;
import dev.sfbridge.observability.Metric;
import dev.sfbridge.observability.Metrics;
import dev.sfbridge.queue.DeadLetterQueue;
import dev.sfbridge.retry.Pause;
import dev.sfbridge.retry.Retry;
import dev.sfbridge.retry.StartDeadline;
import dev.sfbridge.salesforce.SalesforceConnection;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Lambda entry point on the callbacks queue's event source mapping, with {@code ReportBatchItemFailures}:
 * maps the event, nothing more. Built once per container, so the OAuth token and the HTTP connections to
 * Salesforce outlive each invocation.
 */
public final class CallbackHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {
    /** The {@code Function} dimension of its metrics. */
    public static final String FUNCTION = "salesforce-callback";
    private final SalesforceCallbacks callbacks;
    private final Duration afterLastStart;
    private final JsonLog log;
    private final Metrics metrics;
    private final Clock clock;

    public CallbackHandler() {
        this(CallbackConfig.from(Env.system()), AwsClients.sqs(), AwsClients.dynamoDb(), AwsClients.secretsManager(),
                JsonLog.stdout(), EmfMetrics.stdout(FUNCTION), Pause.SLEEP);
    }

    /** @param pause how retries wait: {@link Pause#SLEEP}, or a recording pause in tests */
    public CallbackHandler(CallbackConfig config, SqsClient sqs, DynamoDbClient dynamoDb, SecretsManagerClient secretsManager,
                           JsonLog log, Metrics metrics, Pause pause) {
        this(config, sqs, dynamoDb, secretsManager, log, metrics, pause, Clock.systemUTC());
    }

    /** @param clock what the invocation's deadline, the status times admitted and the tokens' lifetimes are read on */
    CallbackHandler(CallbackConfig config, SqsClient sqs, DynamoDbClient dynamoDb, SecretsManagerClient secretsManager,
                    JsonLog log, Metrics metrics, Pause pause, Clock clock) {
        this.callbacks = wire(config, sqs, dynamoDb, secretsManager, log, metrics, pause, clock);
        this.afterLastStart = config.afterLastStart();
        this.log = log;
        this.metrics = metrics;
        this.clock = clock;
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        try (JsonLog.RequestScope scope = JsonLog.forRequest(context == null ? null : context.getAwsRequestId())) {
            if (context == null) {
                return callbacks.process(event.getRecords(), StartDeadline.NONE);
            }
            Duration remaining = Duration.ofMillis(context.getRemainingTimeInMillis());
            if (remaining.compareTo(afterLastStart) <= 0) {
                timeoutTooShort(remaining);
            }
            return callbacks.process(event.getRecords(), StartDeadline.within(remaining, afterLastStart, clock));
        }
    }

    /**
     * An invocation that starts with less time than the last call keeps can start no call at all, and none ever will:
     * the function's {@code Timeout} is shorter than the Salesforce settings need (a lowered Timeout, or longer
     * timeouts or more attempts). Every callback would come back until it is dead-lettered, so it pages as the
     * org's other setup errors do ({@code SalesforceConfigurationErrorsAlarm}).
     */
    private void timeoutTooShort(Duration remaining) {
        metrics.count(Metric.SALESFORCE_CONFIGURATION_ERRORS);
        log.error("function timeout too short", Map.of("remainingMs", remaining.toMillis(), "keptForLastCallMs", afterLastStart.toMillis(),
                "reason", "the invocation starts with less time than a Salesforce call and its settlement can take: no callback can "
                        + "be written; raise the function's Timeout above " + afterLastStart.toSeconds()
                        + " s with room to work, or lower SALESFORCE_REQUEST_TIMEOUT_MS or SALESFORCE_ATTEMPTS"));
    }

    /** The publisher, on a client of its own: the same retries as the writes, a shorter request timeout. */
    private static OrderUpdateEvents events(CallbackConfig config, SalesforceConnection.Connected salesforce, Pause pause,
                                            JsonLog log, Metrics metrics, Clock clock) {
        if (!config.platformEvents()) {
            return OrderUpdateEvents.disabled();
        }
        return new OrderUpdateEvents(config.salesforce().clientWithRequestTimeout(config.platformEventsTimeout(), pause),
                salesforce.auth(), log, metrics, clock);
    }

    private static SalesforceCallbacks wire(CallbackConfig config, SqsClient sqs, DynamoDbClient dynamoDb,
                                            SecretsManagerClient secretsManager, JsonLog log, Metrics metrics, Pause pause,
                                            Clock clock) {
        SalesforceConnection.Connected salesforce = config.salesforce().connect(secretsManager, log, metrics, pause, clock);
        OrgCallbackWriter writer = new OrgCallbackWriter(salesforce.client(), salesforce.auth(),
                config.recordsPerCall(),
                new Retry(config.rowLockAttempts(), BackoffStrategy.exponentialDelay(Duration.ofMillis(500), Duration.ofSeconds(4)), pause),
                events(config, salesforce, pause, log, metrics, clock), log, metrics, clock);
        RecordVersionGuard statusGuard = new RecordVersionGuard(dynamoDb, config.idempotencyTable(), "status", config.statusRetention(),
                new Retry(3, BackoffStrategy.exponentialDelay(Duration.ofMillis(50), Duration.ofSeconds(1)), pause));
        return new SalesforceCallbacks(statusGuard, config.fields(), writer,
                new DeadLetterQueue(sqs, config.deadLetterQueueUrl(), clock, metrics), log, metrics, sqs, clock);
    }
}
