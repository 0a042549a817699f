package dev.sfbridge.bench;

import dev.sfbridge.model.QueueJson;
import dev.sfbridge.salesforce.AccessToken;
import dev.sfbridge.salesforce.HttpSalesforceClient;
import dev.sfbridge.salesforce.RecordUpdate;
import dev.sfbridge.salesforce.SalesforceHttp;
import dev.sfbridge.retry.Retry;
import dev.sfbridge.sync.AccountSync;
import dev.sfbridge.sync.InvoiceSync;
import dev.sfbridge.testing.BulkApiSimulator;
import dev.sfbridge.testing.EmbeddedDynamoDb;
import dev.sfbridge.testing.ErpSimulator;
import dev.sfbridge.testing.SalesforceSimulator;
import dev.sfbridge.testing.SyncTables;
import dev.sfbridge.testing.TestIds;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The batch sync at scale (docs/benchmarks.md, "Batch sync"): N invoices in the ERP simulator's feed, synced into
 * the Bulk API simulator by the real function in a child JVM whose heap is capped ({@code -Xmx256m} by default):
 * wall time, records/s, ingest jobs and API calls, and the child's peak heap. Beside it, the naive baseline: the
 * same records through sObject Collections, 200 a call, timed against the same simulated org.
 *
 * <p>The other direction with {@code --accounts N}: N Accounts in the Bulk API simulator's org (one in 50 deleted),
 * read by the function's {@code queryAll} job a set at a time and upserted into the ERP simulator's customers; its
 * baseline, the REST query API's pages of 2,000 and the same ERP calls, is computed.
 *
 * <p>{@code ./dev bench sync [--invoices N | --accounts N] [--heap 256m] [--baseline true|false]}
 */
public final class SyncBenchHarness {
    private SyncBenchHarness() {}

    static final String USAGE = "Usage: ./dev bench sync [--invoices N | --accounts N] [--heap 256m] [--baseline true|false]";
    private static final Set<String> FLAGS = Set.of("--invoices", "--accounts", "--heap", "--baseline");

    public static void main(String[] args) throws Exception {
        // through HarnessMain, which ends the JVM: DynamoDB Local's threads would keep it alive after the report
        HarnessMain.exit(args, SyncBenchHarness::flags, (flags, out) -> {
            run(flags);
            return true;
        });
    }

    private static void run(Map<String, String> flags) throws Exception {
        int invoices = Integer.parseInt(flags.getOrDefault("--invoices", "100000"));
        int accounts = Integer.parseInt(flags.getOrDefault("--accounts", "0"));
        String heap = flags.getOrDefault("--heap", "256m");
        Instant now = Instant.now();
        try (SalesforceSimulator org = new SalesforceSimulator(); ErpSimulator erp = ErpSimulator.withApiKey("bench-erp-key")) {
            // the tables first: DynamoDB Local answers slowly once this JVM is busy holding a million invoices
            EmbeddedDynamoDb dynamoDb = EmbeddedDynamoDb.shared();
            String control = "bench-sync-control-" + UUID.randomUUID();
            String errors = "bench-sync-errors-" + UUID.randomUUID();
            SyncTables.create(dynamoDb.client(), control, errors);
            BulkApiSimulator bulk = new BulkApiSimulator(org);
            org.trustClientCredentials("bench-app", "bench-app-secret");
            for (int i = 0; i < (accounts > 0 ? 0 : invoices); i++) {
                String customer = "C-" + (i % 5_000);
                bulk.addAccount(customer);
                Map<String, Object> invoice = new LinkedHashMap<>();
                invoice.put("invoiceNumber", "INV-%08d".formatted(i));
                invoice.put("customerNumber", customer);
                invoice.put("modifiedAt", now.minus(Duration.ofHours(2)).plusMillis(i % 3_600_000));
                invoice.put("amount", new BigDecimal("120.50"));
                invoice.put("currency", "EUR");
                invoice.put("status", "OPEN");
                invoice.put("issuedOn", "2026-11-01");
                invoice.put("dueOn", "2026-12-01");
                invoice.put("description", "Invoice " + i + ", \"licences\"");
                erp.invoices().put(invoice);
            }

            for (int i = 0; i < accounts; i++) {
                String id = bulk.queries().addAccount(Map.of("ERP_Customer_Number__c", "C-%08d".formatted(i), "Name",
                        "Account " + i + ", \"Ltd\"", "BillingCity", "Lyon", "BillingCountry", "FR"), now.minus(Duration.ofHours(2)).plusMillis(i % 3_600_000));
                if (i % 50 == 0) {
                    bulk.queries().deleteAccount(id, now.minus(Duration.ofHours(1)));
                }
            }

            String result = child(heap, List.of(dynamoDb.endpoint().toString(),
                    QueueJson.write(Map.of("type", "api-key", "apiKey", "bench-erp-key")),
                    QueueJson.write(Map.of("consumerKey", "bench-app", "consumerSecret", "bench-app-secret")),
                    accounts > 0 ? AccountSync.NAME : InvoiceSync.NAME,
                    "SYNC_CONTROL_TABLE=" + control, "SYNC_ERRORS_TABLE=" + errors, "SYNC_CONTINUATION_QUEUE_URL=http://127.0.0.1:9/q",
                    "ERP_BASE_URL=" + erp.baseUri(), "ERP_SECRET_ID=bench/erp", "SALESFORCE_ORG_ID=" + org.organizationId(),
                    "SALESFORCE_SECRET_ID=bench/salesforce", "SALESFORCE_AUTH_FLOW=client-credentials",
                    "SALESFORCE_LOGIN_URL=" + org.loginUrl(), "SYNC_FIRST_START=" + now.minus(Duration.ofDays(1))));
            String[] parts = result.split(" ", 5);
            long millis = Long.parseLong(parts[2]);
            if (accounts > 0) {
                report(accounts, heap, parts, millis, bulk, erp, org);
                return;
            }
            System.out.printf(Locale.ROOT, "batch sync, %,d invoices, child heap -Xmx%s: %s in %.1f s (%,.0f records/s), peak heap %.1f MB%n",
                    invoices, heap, parts[1], millis / 1000.0, invoices * 1000.0 / Math.max(1, millis), Long.parseLong(parts[3]) / 1e6);
            System.out.printf(Locale.ROOT, "  in the org: %,d invoices; ingest jobs %d; Bulk API calls %,d; token requests %d; metrics %s%n",
                    bulk.recordCount("ERP_Invoice__c"), bulk.jobs().size(), bulk.calls(), org.tokenRequests(), parts[4]);
            if (Boolean.parseBoolean(flags.getOrDefault("--baseline", "true"))) {
                baseline(org, invoices);
            }
        }
    }

    /** The account direction's figures, and its baseline computed: the REST query API's pages of 2,000 records. */
    private static void report(int accounts, String heap, String[] parts, long millis, BulkApiSimulator bulk, ErpSimulator erp,
                               SalesforceSimulator org) {
        System.out.printf(Locale.ROOT, "batch sync, %,d accounts, child heap -Xmx%s: %s in %.1f s (%,.0f records/s), peak heap %.1f MB%n",
                accounts, heap, parts[1], millis / 1000.0, accounts * 1000.0 / Math.max(1, millis), Long.parseLong(parts[3]) / 1e6);
        System.out.printf(Locale.ROOT, "  in the ERP: %,d customers, %,d deactivated; query jobs %d; Bulk API calls %,d (%,d for results);"
                        + " ERP calls %,d; token requests %d; metrics %s%n", erp.customerCount(), erp.deactivatedCustomers(),
                bulk.queries().jobs().size(), bulk.calls(), bulk.queries().resultsCalls(), erp.customerRequests(), org.tokenRequests(), parts[4]);
        System.out.printf(Locale.ROOT, "REST query baseline, computed: %,d query calls (pages of 2,000) and the same %,d ERP calls%n",
                (accounts + 1_999) / 2_000, accounts);
    }

    /** The same number of records written 200 a call with sObject Collections, against the same simulated org. */
    private static void baseline(SalesforceSimulator org, int invoices) throws Exception {
        List<String> ids = new ArrayList<>(invoices);
        for (int i = 0; i < invoices; i++) {
            String id = TestIds.id("a0C", i + 1);
            org.addRecord("ERP_Invoice__c", id);
            ids.add(id);
        }
        String token = "bench-baseline-token";
        org.acceptBearer(token);
        HttpSalesforceClient client = new HttpSalesforceClient(SalesforceHttp.create(Duration.ofSeconds(5), Duration.ofSeconds(60),
                Retry.withJitter(3, Duration.ofMillis(200), Duration.ofSeconds(5))), "62.0");
        AccessToken access = new AccessToken(org.instanceUrl(), token, AccessToken.Source.OAUTH);
        int callsBefore = org.apiCalls();
        long started = System.nanoTime();
        for (int from = 0; from < invoices; from += 200) {
            List<RecordUpdate> updates = new ArrayList<>();
            for (String id : ids.subList(from, Math.min(invoices, from + 200))) {
                updates.add(new RecordUpdate("ERP_Invoice__c", id, Map.of("Amount__c", "120.50", "Status__c", "OPEN",
                        "Description__c", "Invoice")));
            }
            client.updateRecords(access, updates);
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        System.out.printf(Locale.ROOT, "sObject Collections baseline, %,d records: %,d API calls in %.1f s (%,.0f records/s), in this JVM%n",
                invoices, org.apiCalls() - callsBefore, millis / 1000.0, invoices * 1000.0 / Math.max(1, millis));
    }

    /** Runs {@link SyncChildMain} in a JVM with this heap and this JVM's class path; returns its RESULT line. */
    private static String child(String heap, List<String> args) throws Exception {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"), "-Xmx" + heap));
        ManagementFactory.getRuntimeMXBean().getInputArguments().stream().filter(flag -> flag.startsWith("--sun-misc")).forEach(command::add);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), SyncChildMain.class.getName()));
        command.addAll(args);
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String result = null;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                if (line.startsWith("RESULT ")) {
                    result = line;
                }
            }
        }
        int exit = process.waitFor();
        if (exit != 0 || result == null) {
            throw new IllegalStateException("the sync's JVM ended with " + exit + (result == null ? " and no result" : ""));
        }
        return result;
    }

    static Map<String, String> flags(String[] args) {
        Map<String, String> flags = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i += 2) {
            if (!FLAGS.contains(args[i]) || i + 1 >= args.length) {
                throw new IllegalArgumentException(USAGE);
            }
            flags.put(args[i], args[i + 1]);
        }
        for (String count : List.of("--invoices", "--accounts")) {
            if (flags.containsKey(count) && !flags.get(count).matches("\\d{1,9}")) {
                throw new IllegalArgumentException(count + " takes a whole number, not " + flags.get(count) + "\n" + USAGE);
            }
        }
        if (flags.containsKey("--baseline") && !List.of("true", "false").contains(flags.get("--baseline"))) {
            throw new IllegalArgumentException("--baseline takes true or false, not " + flags.get("--baseline") + "\n" + USAGE);
        }
        return flags;
    }
}
