package dev.sfbridge.sync;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.sfbridge.aws.AwsClients;
import dev.sfbridge.bulk.BulkIngestClient;
import dev.sfbridge.bulk.BulkQueryClient;
import dev.sfbridge.config.Env;
import dev.sfbridge.erp.HttpErpClient;
import dev.sfbridge.erp.HttpInvoiceFeed;
import dev.sfbridge.erp.SecretsManagerErpCredentials;
import dev.sfbridge.observability.EmfMetrics;
import dev.sfbridge.observability.JsonLog;
import dev.sfbridge.observability.Metrics;
import dev.sfbridge.retry.Pause;
import dev.sfbridge.salesforce.SalesforceConnection;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Lambda entry point of the batch sync, on its EventBridge schedule ({@code {"syncJob": ...}}) and on the
 * continuation queue (an SQS event of such bodies, one at a time): runs the jobs named ({@link InvoiceSync},
 * {@link AccountSync}), nothing more. Built once
 * per container.
 */
public final class BatchSyncHandler implements RequestHandler<Map<String, Object>, Map<String, String>> {
    /** The {@code Function} dimension of its metrics. */
    public static final String FUNCTION = "batch-sync";
    /** Looks at a Bulk API job in progress: 2 s, doubling to 30 s. */
    private static final BackoffStrategy POLL_BACKOFF = BackoffStrategy.exponentialDelayWithoutJitter(Duration.ofSeconds(2),
            Duration.ofSeconds(30));
    private final BatchSync sync;
    private final Metrics metrics;

    public BatchSyncHandler() {
        this(SyncConfig.from(Env.system()), AwsClients.dynamoDb(), AwsClients.sqs(), AwsClients.secretsManager(), JsonLog.stdout(),
                EmfMetrics.stdout(FUNCTION), Pause.SLEEP, Clock.systemUTC());
    }

    public BatchSyncHandler(SyncConfig config, DynamoDbClient dynamoDb, SqsClient sqs, SecretsManagerClient secretsManager,
                            JsonLog log, Metrics metrics, Pause pause, Clock clock) {
        this.sync = wire(config, dynamoDb, sqs, secretsManager, log, metrics, pause, clock);
        this.metrics = metrics;
    }

    @Override
    public Map<String, String> handleRequest(Map<String, Object> event, Context context) {
        try (JsonLog.RequestScope scope = JsonLog.forRequest(context == null ? null : context.getAwsRequestId())) {
            return sync.run(SyncRequest.jobs(event), () -> context == null ? Duration.ofMinutes(15)
                            : Duration.ofMillis(context.getRemainingTimeInMillis()))
                    .entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().name()));
        } finally {
            metrics.flush();
        }
    }

    private static BatchSync wire(SyncConfig config, DynamoDbClient dynamoDb, SqsClient sqs, SecretsManagerClient secretsManager,
                                  JsonLog log, Metrics metrics, Pause pause, Clock clock) {
        SalesforceConnection salesforce = config.salesforce();
        SalesforceConnection.Connected org = salesforce.connect(secretsManager, log, metrics, pause, clock);
        BulkUpsert upsert = new BulkUpsert(new BulkIngestClient(org.http(), salesforce.apiVersion()), org.auth(),
                salesforce.organizationId(), config.invoiceMapping(),
                POLL_BACKOFF, pause);
        SecretsManagerErpCredentials erpCredentials = new SecretsManagerErpCredentials(secretsManager, config.erpSecretId());
        HttpErpClient.Settings erpSettings = HttpErpClient.Settings.defaults().withPause(pause).withClock(clock);
        HttpInvoiceFeed feed = new HttpInvoiceFeed(config.erpBaseUrl(), erpCredentials, erpSettings);
        SyncErrorTable errors = new SyncErrorTable(dynamoDb, config.errorsTable());
        InvoiceSync invoices = new InvoiceSync(feed, upsert, config.invoiceMapping(), config.invoices());
        AccountSync accounts = new AccountSync(new BulkQueryClient(org.http(), salesforce.apiVersion()),
                new OrgCalls(org.auth(), salesforce.organizationId(), POLL_BACKOFF, pause),
                new HttpErpClient(config.erpBaseUrl(), erpCredentials, erpSettings), config.accountMapping(), config.accounts());
        SyncRunner runner = new SyncRunner(new SyncControlTable(dynamoDb, config.controlTable()), errors, config.runner(),
                new SqsContinuation(sqs, config.continuationQueueUrl()), log, metrics, clock);
        return new BatchSync(runner, List.of(invoices, accounts));
    }
}
