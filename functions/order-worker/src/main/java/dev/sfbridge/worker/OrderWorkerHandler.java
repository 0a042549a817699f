package dev.sfbridge.worker;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.sfbridge.aws.AwsClients;
import dev.sfbridge.config.Env;
import dev.sfbridge.erp.CircuitRecordingErpClient;
import dev.sfbridge.erp.ErpClient;
import dev.sfbridge.erp.HttpErpClient;
import dev.sfbridge.erp.SecretsManagerErpCredentials;
import dev.sfbridge.idempotency.DynamoDbIdempotencyStore;
import dev.sfbridge.idempotency.RecordVersionGuard;
import dev.sfbridge.observability.EmfMetrics;
import dev.sfbridge.observability.JsonLog;
import dev.sfbridge.observability.CircuitLog;
import dev.sfbridge.observability.Metrics;
import dev.sfbridge.queue.BatchEnqueuer;
import dev.sfbridge.queue.DeadLetterQueue;
import dev.sfbridge.retry.CircuitBreaker;
import dev.sfbridge.retry.Pause;
import dev.sfbridge.retry.Retry;
import dev.sfbridge.retry.StartDeadline;
import dev.sfbridge.salesforce.SalesforceConnection;
import dev.sfbridge.sqs.RedeliveryBackoff;
import dev.sfbridge.sqs.SqsBatchConsumer;
import java.time.Clock;
import java.time.Duration;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/** Lambda entry point on the notifications queue (event source mapping with ReportBatchItemFailures). */
public final class OrderWorkerHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {
    /** The {@code Function} dimension of its metrics. */
    public static final String FUNCTION = "order-worker";
    /** What the lease adds to the invocation's remaining time: the claim must outlive every step. */
    private static final Duration LEASE_MARGIN = Duration.ofSeconds(30);
    /**
     * What is kept of the invocation's remaining time for the last step started: an ERP attempt (7 s), then the
     * callback's enqueue, given the time up to {@link NotificationProcessor#COMPLETION} before the end (3 s at least,
     * one SQS attempt; with less left it is not tried, the claim is released and the notification comes back), then
     * the claim's completion (one DynamoDB call, 10 s): 20 s ({@link NotificationProcessor#AFTER_LAST_START}). A
     * batch's record query (the template's two attempts of 2 s + 8 s) takes about as long.
     */
    static final Duration DEADLINE_MARGIN = NotificationProcessor.AFTER_LAST_START;
    /** Failures in a row (each after the client's own retries) that open the ERP's circuit. */
    static final int CIRCUIT_THRESHOLD = 5;
    /** How long an open circuit refuses orders before it lets one probe through; doubled by each failed probe. */
    static final Duration CIRCUIT_COOL_DOWN = Duration.ofSeconds(30);
    /** The longest cool-down: an ERP that is back is found within it. */
    static final Duration CIRCUIT_MAX_COOL_DOWN = Duration.ofMinutes(5);

    private final OrderWorker worker;
    private final Duration minimumLease;
    private final Clock clock;

    public OrderWorkerHandler() {
        this(WorkerConfig.from(Env.system()));
    }

    private OrderWorkerHandler(WorkerConfig config) {
        this(config, AwsClients.secretsManager());
    }

    private OrderWorkerHandler(WorkerConfig config, SecretsManagerClient secretsManager) {
        this(config, AwsClients.dynamoDb(), AwsClients.sqs(),
                new HttpErpClient(config.erpBaseUrl(), new SecretsManagerErpCredentials(secretsManager, config.erpSecretId()),
                        HttpErpClient.Settings.defaults()),
                secretsManager, JsonLog.stdout(), EmfMetrics.stdout(FUNCTION), Pause.SLEEP, Clock.systemUTC());
    }

    /** @param pause how the Salesforce client's retries wait: {@link Pause#SLEEP}, or a recording pause in tests */
    public OrderWorkerHandler(WorkerConfig config, DynamoDbClient dynamoDb, SqsClient sqs, ErpClient erp,
                              SecretsManagerClient secretsManager, JsonLog log, Metrics metrics, Pause pause, Clock clock) {
        Retry awsRetry = Retry.withJitter(3, Duration.ofMillis(50), Duration.ofSeconds(2));
        // one token and one set of connections to Salesforce per container, as the callbacks have
        SalesforceConnection.Connected salesforce = config.salesforce().connect(secretsManager, log, metrics, pause, clock);
        // one circuit per ERP base URL, for as long as this container lives
        CircuitBreaker erpCircuit = new CircuitBreaker(config.erpBaseUrl().toString(), CIRCUIT_THRESHOLD, CIRCUIT_COOL_DOWN,
                CIRCUIT_MAX_COOL_DOWN, clock, CircuitLog.of(log, metrics));
        RecordFetcher fetcher = new RecordFetcher(salesforce.client(), salesforce.auth(), config.fetchAlways(), log, metrics);
        this.worker = new OrderWorker(new NotificationProcessor(
                new DynamoDbIdempotencyStore(dynamoDb, config.idempotencyTable(), config.retention(), awsRetry),
                new RecordVersionGuard(dynamoDb, config.idempotencyTable(), "record", config.retention(), awsRetry),
                new OrderMapping(), new CircuitRecordingErpClient(erp, erpCircuit), BatchEnqueuer.withBackoff(sqs, 3, BatchEnqueuer.SQS_MAX_PAYLOAD_BYTES, clock),
                config.callbacksQueueUrl(), new DeadLetterQueue(sqs, config.deadLetterQueueUrl(), clock, metrics), log, metrics, clock,
                fetcher::read),
                new SqsBatchConsumer(log, metrics, sqs, RedeliveryBackoff.standard()), erpCircuit,
                fetcher::fetch);
        this.minimumLease = config.minimumLease();
        this.clock = clock;
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        Duration remaining = context == null ? Duration.ZERO : Duration.ofMillis(context.getRemainingTimeInMillis());
        Duration lease = remaining.plus(LEASE_MARGIN).compareTo(minimumLease) > 0 ? remaining.plus(LEASE_MARGIN) : minimumLease;
        try (JsonLog.RequestScope scope = JsonLog.forRequest(context == null ? null : context.getAwsRequestId())) {
            return worker.process(event.getRecords(), lease,
                    context == null ? StartDeadline.NONE : StartDeadline.within(remaining, DEADLINE_MARGIN, clock));
        }
    }
}
