package dev.sfbridge.local;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.sfbridge.callback.CallbackConfig;
import dev.sfbridge.callback.CallbackHandler;
import dev.sfbridge.config.Env;
import dev.sfbridge.erp.ErpClient;
import dev.sfbridge.erp.HttpErpClient;
import dev.sfbridge.erp.SecretsManagerErpCredentials;
import dev.sfbridge.erpevents.ErpEventsConfig;
import dev.sfbridge.erpevents.ErpEventsHandler;
import dev.sfbridge.jwtauthorizer.JwtAuthorizerConfig;
import dev.sfbridge.jwtauthorizer.JwtAuthorizerHandler;
import dev.sfbridge.listener.ListenerConfig;
import dev.sfbridge.listener.OutboundMessageHandler;
import dev.sfbridge.listener.SenderVerification;
import dev.sfbridge.local.template.Intrinsics;
import dev.sfbridge.local.template.SamTemplate;
import dev.sfbridge.observability.EmfMetrics;
import dev.sfbridge.observability.JsonLog;
import dev.sfbridge.observability.Metrics;
import dev.sfbridge.orderapi.OrderApiConfig;
import dev.sfbridge.orderapi.OrderApiHandler;
import dev.sfbridge.retry.Pause;
import dev.sfbridge.sync.BatchSyncHandler;
import dev.sfbridge.sync.SyncConfig;
import dev.sfbridge.sync.SyncRunner;
import dev.sfbridge.testing.EmbeddedSqs;
import dev.sfbridge.worker.OrderWorkerHandler;
import dev.sfbridge.worker.WorkerConfig;
import java.net.http.HttpClient;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Builds each function of the template the way its Lambda container would: its configuration read from the
 * environment the template gives it (intrinsics resolved to the local resources), its clients those of the
 * stack's {@link AwsServices}. Only the handlers' dependencies differ from Lambda's, and the worker's claim lease
 * and the batch sync's lag, lease and pauses, compressed by the time scale as the queues' visibility timeouts are.
 */
final class LocalFunctions {
    /**
     * What the functions' SQS client, the worker's ERP client and the worker's and callbacks' HTTP client to Salesforce
     * become: themselves, or with faults ({@link ChaosPlan}).
     */
    interface ClientFaults {
        SqsClient sqs(SqsClient real);

        ErpClient erp(ErpClient real);

        HttpClient salesforce(HttpClient real);
    }

    private final Intrinsics intrinsics;
    private final SqsClient sqs;
    private final DynamoDbClient dynamoDb;
    private final SecretsManagerClient secretsManager;
    private final JsonLog log;
    private final TimeScale timeScale;
    private final UsageMeter meter;
    private final ClientFaults faults;
    private final UnaryOperator<HttpClient> erpTransport;

    /** @param erpTransport what the ERP clients' HTTP goes through: the simulator's, told of the attempts given up on */
    LocalFunctions(Intrinsics intrinsics, SqsClient sqs, DynamoDbClient dynamoDb, SecretsManagerClient secretsManager, JsonLog log,
                   TimeScale timeScale, UsageMeter meter, ClientFaults faults, UnaryOperator<HttpClient> erpTransport) {
        this.intrinsics = intrinsics;
        this.sqs = sqs;
        this.dynamoDb = dynamoDb;
        this.secretsManager = secretsManager;
        this.log = log;
        this.timeScale = timeScale;
        this.meter = meter;
        this.faults = faults;
        this.erpTransport = erpTransport;
    }

    /** A value of the template, its intrinsics resolved here. */
    String resolve(Object value) {
        return intrinsics.resolve(value);
    }

    /** The function's environment variables as Lambda would set them, here. */
    Map<String, String> environment(SamTemplate.Function function) {
        Map<String, String> environment = new LinkedHashMap<>();
        function.environment().forEach((name, value) -> environment.put(name, intrinsics.resolve(value)));
        return environment;
    }

    /**
     * The listener's environment with the emulator's message size ({@link EmbeddedSqs#MAX_MESSAGE_CHARACTERS}, SQS's
     * before 2025) where the template leaves SQS's own: its packs and batches must fit the queue they go to here.
     */
    private static Env onElasticMq(Map<String, String> environment) {
        Map<String, String> sized = new LinkedHashMap<>(environment);
        sized.putIfAbsent("QUEUE_MAX_MESSAGE_BYTES", Integer.toString(EmbeddedSqs.MAX_MESSAGE_CHARACTERS));
        return new Env(sized);
    }

    /** The function's handler, timed by the meter. */
    RequestHandler<?, ?> handler(SamTemplate.Function function) {
        return meter.function(function, build(function));
    }

    private RequestHandler<?, ?> build(SamTemplate.Function function) {
        Map<String, String> environment = environment(function);
        Env env = new Env(environment);
        // the EMF records are measured for their log bytes, not printed: they would bury the progress lines in the console
        Metrics metrics = new EmfMetrics(function.logicalId(), meter::metricRecord);
        // metered inside the faults: a call the chaos refuses never reached AWS, and is not billed
        SqsClient queues = faults.sqs(meter.sqs(function.logicalId(), this.sqs));
        return switch (function.handlerClass()) {
            case "dev.sfbridge.listener.OutboundMessageHandler" -> new OutboundMessageHandler(ListenerConfig.from(onElasticMq(environment)),
                    SenderVerification.from(env), queues,
                    () -> secretsManager, log, metrics);
            case "dev.sfbridge.worker.OrderWorkerHandler" -> {
                WorkerConfig config = leaseCompressed(WorkerConfig.from(env));
                config = config.withSalesforce(config.salesforce().withTransport(faults::salesforce));
                yield new OrderWorkerHandler(config, dynamoDb, queues, faults.erp(new HttpErpClient(config.erpBaseUrl(),
                        new SecretsManagerErpCredentials(secretsManager, config.erpSecretId()),
                        HttpErpClient.Settings.defaults().withTransport(erpTransport))),
                        secretsManager, log, metrics, Pause.SLEEP, Clock.systemUTC());
            }
            case "dev.sfbridge.callback.CallbackHandler" -> {
                CallbackConfig config = CallbackConfig.from(env);
                yield new CallbackHandler(config.withSalesforce(config.salesforce().withTransport(faults::salesforce)), queues, dynamoDb,
                        secretsManager, log, metrics, Pause.SLEEP);
            }
            case "dev.sfbridge.erpevents.ErpEventsHandler" ->
                    new ErpEventsHandler(ErpEventsConfig.from(env), queues, secretsManager, log, metrics, Clock.systemUTC());
            case "dev.sfbridge.orderapi.OrderApiHandler" -> {
                OrderApiConfig config = OrderApiConfig.from(env);
                yield new OrderApiHandler(config, dynamoDb, new HttpErpClient(config.erpBaseUrl(),
                        new SecretsManagerErpCredentials(secretsManager, config.erpSecretId()),
                        OrderApiHandler.erpSettings(config).withTransport(erpTransport)),
                        log, metrics, Clock.systemUTC());
            }
            case "dev.sfbridge.sync.BatchSyncHandler" -> {
                SyncConfig config = SyncConfig.from(env);
                yield new BatchSyncHandler(config.withRunner(compressed(config.runner())), dynamoDb, queues, secretsManager, log, metrics,
                        duration -> Thread.sleep(timeScale.compress(duration)), Clock.systemUTC());
            }
            // without keys (RequestReplyJwtPublicKeys' default) it refuses every token; the API front calls it when
            // RequestReplyAuth is JwtAuthorizer (docs/request-reply.md, "Locally")
            case "dev.sfbridge.jwtauthorizer.JwtAuthorizerHandler" ->
                    new JwtAuthorizerHandler(JwtAuthorizerConfig.from(env), log, Clock.systemUTC());
            default -> throw new IllegalArgumentException("template.yaml's " + function.logicalId() + " runs " + function.handler()
                    + ", which the local stack cannot build yet: add it to " + LocalFunctions.class.getSimpleName());
        };
    }

    /**
     * A claim whose write timed out after it landed (a slow endpoint) is held by no one until its lease runs out;
     * redeliveries compressed faster than the lease would all find it held and end in the dead-letter queue. A
     * lease that runs out early costs nothing else: completing checks the lease's token, not its expiry.
     */
    private WorkerConfig leaseCompressed(WorkerConfig config) {
        return config.withMinimumLease(timeScale.compress(config.minimumLease()));
    }

    /**
     * The sync's waits run faster as the schedule does: its lag (a run on a schedule compressed to seconds would
     * otherwise find every recent change still inside a lag of minutes) and its lease (a run that crashed holds it
     * until then). Its pauses too (above: the ingest job's polls, the clients' backoff). The lookback stays: it is a
     * span of the records' modification times, and the deadline is the invocation's own.
     */
    private SyncRunner.Settings compressed(SyncRunner.Settings runner) {
        return new SyncRunner.Settings(timeScale.compress(runner.lag()), runner.lookback(), runner.firstStart(),
                timeScale.compress(runner.leaseFor()), runner.stopBefore());
    }
}
