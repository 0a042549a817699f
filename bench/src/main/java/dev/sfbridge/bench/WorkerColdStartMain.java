package dev.sfbridge.bench;

import dev.sfbridge.erp.ErpCredentials;
import dev.sfbridge.erp.ErpSecret;
import dev.sfbridge.erp.HttpErpClient;
import dev.sfbridge.model.QueueJson;
import dev.sfbridge.observability.EmfMetrics;
import dev.sfbridge.observability.JsonLog;
import dev.sfbridge.retry.Pause;
import dev.sfbridge.salesforce.OAuthFlow;
import dev.sfbridge.salesforce.SalesforceConnection;
import dev.sfbridge.testing.EmulatorClients;
import dev.sfbridge.testing.SqsEventSourceMapping;
import dev.sfbridge.testing.StaticSecretsManager;
import dev.sfbridge.testing.TestIds;
import dev.sfbridge.worker.OrderWorkerHandler;
import dev.sfbridge.worker.WorkerConfig;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The order worker in a fresh JVM, as a cold Lambda container runs it: builds the real {@link OrderWorkerHandler}
 * (Lambda's init), says {@code READY}, then takes the first batch waiting on its queue through the event source
 * mapping and says {@code BATCH <received> <failed>}. The cold-start benchmark times both lines from the process start.
 * It logs to stdout as in Lambda; the harness reads past those lines.
 *
 * <p>Arguments: the SQS endpoint, the DynamoDB endpoint, the notifications, callbacks and dead-letter queue URLs, the
 * idempotency table, the ERP's base URL and API key.
 */
public final class WorkerColdStartMain {
    static final String BATCH = "BATCH ";
    /** The template's WorkerBatchSize: a batch takes what is waiting, up to this. */
    static final int BATCH_SIZE = 100;
    private static final String SALESFORCE_SECRET = "salesforce";

    private WorkerColdStartMain() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 8) {
            throw new IllegalArgumentException("usage: WorkerColdStartMain SQS_ENDPOINT DYNAMODB_ENDPOINT QUEUE_URL CALLBACKS_URL"
                    + " DLQ_URL TABLE ERP_URL ERP_API_KEY");
        }
        SqsClient sqs = EmulatorClients.sqs(URI.create(args[0]));
        DynamoDbClient dynamoDb = EmulatorClients.dynamoDb(URI.create(args[1]));
        URI erp = URI.create(args[6]);
        // the notifications carry their fields: the worker reads nothing from Salesforce, but connects as in Lambda
        WorkerConfig config = new WorkerConfig(args[5], args[3], args[4], erp, "unused", Duration.ofDays(15), Duration.ofMinutes(2),
                new SalesforceConnection(TestIds.ORG, SALESFORCE_SECRET, OAuthFlow.CLIENT_CREDENTIALS, URI.create("https://login.salesforce.com"),
                        "62.0", Duration.ofSeconds(2), Duration.ofSeconds(8), 2), Set.of());
        OrderWorkerHandler handler = new OrderWorkerHandler(config, dynamoDb, sqs,
                new HttpErpClient(erp, ErpCredentials.fixed(new ErpSecret.ApiKey(args[7])), HttpErpClient.Settings.defaults()),
                new StaticSecretsManager().put(SALESFORCE_SECRET, QueueJson.write(Map.of("consumerKey", "k", "consumerSecret", "s"))),
                JsonLog.stdout(), EmfMetrics.stdout("order-worker"), Pause.SLEEP, Clock.systemUTC());
        SqsEventSourceMapping mapping = new SqsEventSourceMapping(sqs, args[2], BATCH_SIZE, event -> handler.handleRequest(event, null));
        JavaChild.serve(() -> {
            sqs.close();
            dynamoDb.close();
        }, URI.create(args[2]), List.of(() -> {
            SqsEventSourceMapping.Poll poll = mapping.pollOnce();
            return BATCH + poll.received() + " " + poll.failed();
        }));
    }
}
