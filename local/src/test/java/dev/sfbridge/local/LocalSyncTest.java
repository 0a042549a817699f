package dev.sfbridge.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sfbridge.sync.AccountSync;
import dev.sfbridge.sync.InvoiceSync;
import dev.sfbridge.sync.SqsContinuation;
import dev.sfbridge.sync.SyncState;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The batch sync in the local stack: run by its schedule beside the Closed Won scenario, its invoices reconciled
 * with the ERP's and its Accounts with the ERP's customers; an invoice missing, stale or twice in the org each fails that reconciliation; and a continuation
 * message reaches the function as Lambda delivers it, an SQS event read as the handler's Map.
 */
class LocalSyncTest {
    private static final String OBJECT = "ERP_Invoice__c";

    @Test
    void theScheduledSyncBringsEveryInvoiceOfTheScenarioIntoTheOrg() throws Exception {
        try (LocalPipeline pipeline = pipeline("--opportunities", "50")) {
            Reconciliation orders = pipeline.runScenario(quiet());

            assertTrue(orders.passed(), orders.report());
            List<SyncReconciliation> syncs = pipeline.syncReconciliations();
            assertEquals(2, syncs.size());
            SyncReconciliation invoices = syncs.getFirst();
            SyncReconciliation accounts = syncs.get(1);
            assertTrue(accounts.passed(), accounts.report());
            assertEquals(AccountSync.NAME, accounts.syncJob());
            // 50 Accounts, every fifth deleted in the third round: each an ERP customer, those 10 inactive
            assertEquals(50, accounts.counts().get("with the Account's values"), accounts.report());
            assertEquals(10, accounts.counts().get("of them deleted"), accounts.report());
            assertEquals(10L, pipeline.erp().deactivatedCustomers());
            assertTrue(invoices.passed(), invoices.report());
            assertEquals(InvoiceSync.NAME, invoices.syncJob());
            // 50 customers: a first invoice each, a second for every third
            assertEquals(50 + 16, invoices.counts().get("ERP invoices"), invoices.report());
            assertEquals(66, invoices.counts().get("with the ERP's values"), invoices.report());
            assertEquals(66, pipeline.bulk().recordCount(OBJECT));
            assertTrue(invoices.report().contains("last run: SUCCEEDED"), invoices.report());
            // the third round's corrections: a line break and non-ASCII exact, a field the ERP dropped emptied
            Map<String, String> corrected = pipeline.bulk().record(OBJECT, "INV-0005-1").orElseThrow();
            assertEquals("Korrektur: Gebühr für Lieferung\nzweite Zeile", corrected.get("Description__c"));
            assertFalse(corrected.containsKey("Due_On__c"), corrected.toString());
            // read again now: the schedule keeps running (an hour is ten seconds here), so the next run may have begun
            SyncState.Status now = job(pipeline).status();
            assertTrue(now == SyncState.Status.SUCCEEDED || now == SyncState.Status.RUNNING, now::toString);
        }
    }

    @Test
    void anInvoiceMissingStaleOrTwiceInTheOrgEachFailsTheReconciliation() throws Exception {
        try (LocalPipeline pipeline = pipeline("--opportunities", "20")) {
            // missing: the org refuses it every time, until it is parked
            pipeline.bulk().failRecord("INV-0003-1", "FIELD_CUSTOM_VALIDATION_EXCEPTION", "a rule refuses it", 100);
            // twice: a record made by hand with an invoice's number, beside the one the sync upserts
            pipeline.bulk().createRecord(OBJECT, Map.of("ERP_Invoice_Number__c", "INV-0002-1", "Amount__c", "1.00"));
            // stale: once a run has synced the first round, the ERP commits a change with a time an hour back, before
            // the lookback of any run to come (INV-0001-1 changes in no later round)
            Thread lateCommit = Thread.ofPlatform().start(() -> {
                try {
                    Await.until(Duration.ofSeconds(60), () -> pipeline.bulk().record(OBJECT, "INV-0001-1").isPresent()
                            && job(pipeline).watermark() != null, () -> "no run synced INV-0001-1");
                    Map<String, Object> invoice = new LinkedHashMap<>(pipeline.erp().invoices().get("INV-0001-1"));
                    invoice.put("amount", new BigDecimal("999.99"));
                    invoice.put("modifiedAt", Instant.parse((String) invoice.get("modifiedAt")).minus(Duration.ofHours(1)));
                    pipeline.erp().invoices().put(invoice);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });

            pipeline.runScenario(quiet());
            lateCommit.join();
            SyncReconciliation invoices = pipeline.syncReconciliations().getFirst();

            assertFalse(invoices.passed());
            assertEquals(List.of(
                    "INV-0001-1: the org has Amount__c=101.50 (ERP: 999.99)",
                    "INV-0002-1: 2 records in the org's ERP_Invoice__c",
                    "INV-0003-1: not in the org's ERP_Invoice__c"), invoices.mismatches().stream().sorted().toList(), invoices.report());
            assertTrue(invoices.report().startsWith("Sync erp-invoices-to-salesforce: FAILED"), invoices.report());
        }
    }

    @Test
    void aContinuationOnTheQueueReachesTheFunctionAsLambdaDeliversItAndTheRunGoesOn() throws Exception {
        // no scenario, and a schedule of a day: only the continuation invokes the sync here
        try (LocalPipeline pipeline = pipeline("--opportunities", "0", "--sync-schedule", "rate(1 day)")) {
            pipeline.bulk().addAccount("CUST-0001");
            pipeline.erp().invoices().put(Map.of("invoiceNumber", "INV-X", "customerNumber", "CUST-0001",
                    "modifiedAt", Instant.now().minus(Duration.ofMinutes(5)), "amount", new BigDecimal("12.30"), "status", "OPEN"));
            String queue = pipeline.queue("SyncContinuationQueue").url();

            new SqsContinuation(pipeline.sqs().client(), queue).request(InvoiceSync.NAME);

            Await.until(Duration.ofSeconds(60), () -> pipeline.bulk().record(OBJECT, "INV-X").isPresent()
                    && job(pipeline).status() == SyncState.Status.SUCCEEDED, () -> String.valueOf(pipeline.syncJobs()));
            assertEquals("12.30", pipeline.bulk().record(OBJECT, "INV-X").orElseThrow().get("Amount__c"));
            // the invocation returned: the message was deleted, not received again until dead-lettered
            Await.until(Duration.ofSeconds(10), () -> pipeline.progress().depth(queue) == 0, () -> "the continuation is still queued");
            assertEquals(0, pipeline.progress().depth(pipeline.queue("SyncContinuationDeadLetterQueue").url()));
        }
    }

    private static SyncState job(LocalPipeline pipeline) {
        Optional<SyncState> job = pipeline.syncJobs().stream().filter(state -> state.job().equals(InvoiceSync.NAME)).findFirst();
        return job.orElse(SyncState.first(InvoiceSync.NAME));
    }

    private static LocalPipeline pipeline(String... more) throws Exception {
        String[] common = {"--port", "0", "--status-port", "0", "--sqs-port", "0", "--dynamodb-port", "0", "--erp-outages", "0",
                "--time-scale", "360", "--scenario-timeout", "120", "--template", System.getProperty("sfbridge.template"),
                "--log-file", "target/local-sync-test.log"};
        return new LocalPipeline(LocalOptions.parse(Stream.concat(Arrays.stream(common), Arrays.stream(more)).toArray(String[]::new)));
    }

    private static PrintStream quiet() {
        return new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    }
}
