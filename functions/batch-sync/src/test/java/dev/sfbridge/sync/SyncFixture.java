package dev.sfbridge.sync;

import dev.sfbridge.bulk.BulkIngestClient;
import dev.sfbridge.bulk.BulkQueryClient;
import dev.sfbridge.erp.ErpCredentials;
import dev.sfbridge.erp.HttpErpClient;
import dev.sfbridge.erp.HttpInvoiceFeed;
import dev.sfbridge.observability.JsonLog;
import dev.sfbridge.retry.Retry;
import dev.sfbridge.salesforce.ConnectedAppSecret;
import dev.sfbridge.salesforce.OAuthFlow;
import dev.sfbridge.salesforce.SalesforceAuth;
import dev.sfbridge.salesforce.SalesforceHttp;
import dev.sfbridge.salesforce.TokenCache;
import dev.sfbridge.salesforce.TokenEndpoint;
import dev.sfbridge.testing.BulkApiSimulator;
import dev.sfbridge.testing.BulkQuerySimulator;
import dev.sfbridge.testing.EmbeddedDynamoDb;
import dev.sfbridge.testing.ErpSimulator;
import dev.sfbridge.testing.RecordingMetrics;
import dev.sfbridge.testing.SalesforceSimulator;
import dev.sfbridge.testing.SyncTables;
import dev.sfbridge.testing.TestClock;
import dev.sfbridge.testing.TestIds;
import java.math.BigDecimal;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The sync against real wire protocols: the control and error tables on DynamoDB Local, the ERP's change feed on
 * the ERP simulator, Bulk API 2.0 on the Salesforce simulator with OAuth client credentials; a clock tests move.
 * Nothing waits for real: pauses are recorded. A test holds one in an {@code @AutoClose} field: a fresh one each test.
 */
final class SyncFixture implements AutoCloseable {
    static final Instant NOW = Instant.parse("2026-11-27T09:00:00Z");
    /** Inside the first run's window, and out of its lag. */
    static final Instant HOUR_AGO = NOW.minus(Duration.ofHours(1));
    static final Duration LAG = Duration.ofMinutes(2);
    static final Duration LOOKBACK = Duration.ofMinutes(15);
    static final String OBJECT = "ERP_Invoice__c";
    static final String EXTERNAL_ID = "ERP_Invoice_Number__c";

    final TestClock clock = new TestClock(NOW);
    final SalesforceSimulator org = new SalesforceSimulator(TestIds.ORG, clock);
    final BulkApiSimulator bulk = new BulkApiSimulator(org);
    final BulkQuerySimulator queries = bulk.queries();
    final ErpSimulator erp = ErpSimulator.withApiKey("sync-test-erp-key");
    final DynamoDbClient dynamoDb = EmbeddedDynamoDb.shared().client();
    final String controlTable = "sync-control-" + UUID.randomUUID();
    final String errorsTable = "sync-errors-" + UUID.randomUUID();
    final List<String> logLines = new CopyOnWriteArrayList<>();
    final List<String> continuations = new CopyOnWriteArrayList<>();
    final List<Duration> pauses = new CopyOnWriteArrayList<>();
    final RecordingMetrics metrics = new RecordingMetrics();
    final InvoiceMapping mapping = new InvoiceMapping(OBJECT, EXTERNAL_ID, "Account__r.ERP_Customer_Number__c",
            InvoiceMapping.parseColumns(InvoiceMapping.DEFAULT_FIELDS));
    InvoiceSync.Settings settings = new InvoiceSync.Settings(50, 1024 * 1024, 1000, 3, LOOKBACK);
    /** Four Accounts a set of results: ten Accounts make three sets. */
    AccountSync.Settings accountSettings = new AccountSync.Settings(4, 3, LOOKBACK);
    /** {@code SYNC_ACCOUNT_FIELDS}; a test changes it between invocations. */
    AccountMapping accountMapping = AccountMapping.parse(AccountMapping.DEFAULT_FIELDS);
    /** The {@code SALESFORCE_API_VERSION} new jobs are created with; a test changes it between invocations. */
    String apiVersion = "62.0";
    final SyncRunner.Settings runnerSettings = new SyncRunner.Settings(LAG, LOOKBACK, NOW.minus(Duration.ofDays(1)),
            Duration.ofMinutes(20), Duration.ofSeconds(30));

    SyncFixture() {
        SyncTables.create(dynamoDb, controlTable, errorsTable);
        org.trustClientCredentials("sync-app", "sync-app-secret");
    }

    /** One invocation with time to spare, nothing crashing. */
    SyncRunner.Outcome run() {
        return run(HttpClient.newHttpClient(), dynamoDb, () -> Duration.ofMinutes(10));
    }

    /** One invocation whose Salesforce calls go through {@code salesforceHttp} and table calls through {@code dynamo}. */
    SyncRunner.Outcome run(HttpClient salesforceHttp, DynamoDbClient dynamo, Supplier<Duration> timeLeft) {
        return run(sync(salesforceHttp, dynamo), timeLeft);
    }

    /** One invocation of {@code sync}, its metrics flushed at the end as the handler flushes them, crashed or not. */
    SyncRunner.Outcome run(BatchSync sync, Supplier<Duration> timeLeft) {
        return run(InvoiceSync.NAME, sync, timeLeft);
    }

    SyncRunner.Outcome run(String job, BatchSync sync, Supplier<Duration> timeLeft) {
        try {
            return sync.run(List.of(job), timeLeft).get(job);
        } finally {
            metrics.flush();
        }
    }

    /** One invocation of the account sync with time to spare, nothing crashing. */
    SyncRunner.Outcome runAccounts() {
        return runAccounts(HttpClient.newHttpClient(), () -> Duration.ofMinutes(10));
    }

    SyncRunner.Outcome runAccounts(HttpClient salesforceHttp, Supplier<Duration> timeLeft) {
        return run(AccountSync.NAME, sync(salesforceHttp, dynamoDb), timeLeft);
    }

    BatchSync sync(HttpClient salesforceHttp, DynamoDbClient dynamo) {
        JsonLog log = new JsonLog(logLines::add, clock);
        SalesforceHttp http = new SalesforceHttp(salesforceHttp, Duration.ofSeconds(5),
                new Retry(3, BackoffStrategy.exponentialDelay(Duration.ofMillis(10), Duration.ofMillis(100)), pauses::add));
        TokenEndpoint tokens = new TokenEndpoint(http, org.loginUrl(), OAuthFlow.CLIENT_CREDENTIALS,
                () -> new ConnectedAppSecret("sync-app", null, null, "sync-app-secret"), log, metrics, clock);
        SalesforceAuth auth = new SalesforceAuth(org.organizationId(), new TokenCache(tokens));
        BackoffStrategy polls = BackoffStrategy.exponentialDelayWithoutJitter(Duration.ofSeconds(1), Duration.ofSeconds(30));
        BulkUpsert upsert = new BulkUpsert(new BulkIngestClient(http, apiVersion), auth, org.organizationId(), mapping, polls, pauses::add);
        HttpErpClient.Settings erpSettings = HttpErpClient.Settings.defaults().withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(2))
                .withPause(pauses::add);
        HttpInvoiceFeed feed = new HttpInvoiceFeed(erp.baseUri(), ErpCredentials.fixed(erp.secret()), erpSettings);
        InvoiceSync invoices = new InvoiceSync(feed, upsert, mapping, settings);
        AccountSync accounts = new AccountSync(new BulkQueryClient(http, apiVersion), new OrgCalls(auth, org.organizationId(), polls, pauses::add),
                new HttpErpClient(erp.baseUri(), ErpCredentials.fixed(erp.secret()), erpSettings), accountMapping, accountSettings);
        SyncRunner runner = new SyncRunner(control(dynamo), errors(dynamo), runnerSettings, continuations::add, log, metrics, clock);
        return new BatchSync(runner, List.of(invoices, accounts));
    }

    SyncControlTable control(DynamoDbClient dynamo) {
        return new SyncControlTable(dynamo, controlTable);
    }

    SyncErrorTable errors(DynamoDbClient dynamo) {
        return new SyncErrorTable(dynamo, errorsTable);
    }

    SyncState state() {
        return state(InvoiceSync.NAME);
    }

    SyncState state(String job) {
        return control(dynamoDb).read(job).orElseThrow().state();
    }

    /** An Account of customer number {@code customer}, last modified at {@code modifiedAt}; returns its ID. */
    String account(String customer, Instant modifiedAt) {
        return queries.addAccount(Map.of(BulkApiSimulator.CUSTOMER_NUMBER, customer, "Name", "Account " + customer,
                "BillingCity", "Lyon", "BillingCountry", "FR"), modifiedAt);
    }

    /** {@code count} Accounts {@code C-00001...}, changed a second apart from {@code from}; their IDs in that order. */
    List<String> accounts(int count, Instant from) {
        return java.util.stream.IntStream.rangeClosed(1, count).mapToObj(i -> account("C-%05d".formatted(i), from.plusSeconds(i))).toList();
    }

    /** Invoice {@code number} of customer {@code customer} (whose Account the org has), changed at {@code modifiedAt}. */
    void invoice(String number, String customer, Instant modifiedAt) {
        invoice(number, customer, modifiedAt, "Invoice " + number);
    }

    void invoice(String number, String customer, Instant modifiedAt, String description) {
        bulk.addAccount(customer);
        Map<String, Object> invoice = new LinkedHashMap<>();
        invoice.put("invoiceNumber", number);
        invoice.put("customerNumber", customer);
        invoice.put("modifiedAt", modifiedAt);
        invoice.put("amount", new BigDecimal("120.50"));
        invoice.put("currency", "EUR");
        invoice.put("status", "OPEN");
        invoice.put("issuedOn", "2026-11-01");
        invoice.put("dueOn", "2026-12-01");
        invoice.put("description", description);
        erp.invoices().put(invoice);
    }

    /** {@code count} invoices {@code INV-00001...} over three customers, changed a second apart from {@code from}. */
    void invoices(int count, Instant from) {
        for (int i = 1; i <= count; i++) {
            invoice("INV-%05d".formatted(i), "C-" + (i % 3 + 1), from.plusSeconds(i));
        }
    }

    /** The org refuses the invoice's next write, as a validation rule would. */
    void failRecordOnce(String number) {
        bulk.failRecord(number, "FIELD_CUSTOM_VALIDATION_EXCEPTION", "Due date must not be before the issue date", 1);
    }

    /** The org's record of the invoice, or an empty map. */
    Map<String, String> record(String number) {
        return bulk.record(OBJECT, number).orElse(Map.of());
    }

    int writes(String number) {
        return bulk.writes(OBJECT, number);
    }

    @Override
    public void close() {
        erp.close();
        org.close();
    }
}
