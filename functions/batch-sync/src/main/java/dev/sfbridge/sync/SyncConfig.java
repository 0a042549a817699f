package dev.sfbridge.sync;

import dev.sfbridge.config.Env;
import dev.sfbridge.config.Env.ConfigException;
import dev.sfbridge.bulk.BulkIngestClient;
import dev.sfbridge.salesforce.SalesforceConnection;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/** The batch sync's settings, read once at start (docs/batch-sync.md, "Settings", lists them with their defaults). */
public record SyncConfig(String controlTable, String errorsTable, String continuationQueueUrl, URI erpBaseUrl, String erpSecretId,
                         SalesforceConnection salesforce, SyncRunner.Settings runner, InvoiceSync.Settings invoices,
                         InvoiceMapping invoiceMapping, AccountSync.Settings accounts, AccountMapping accountMapping) {
    /** The largest margin before the time limit: of the function's 900 s Timeout (template.yaml), 300 s are left to work. */
    static final int MAX_STOP_BEFORE_SECONDS = 600;

    public static SyncConfig from(Env env) {
        Duration lookback = Duration.ofMinutes(env.integer("SYNC_LOOKBACK_MINUTES", 15, 10, 24 * 60));
        Instant firstStart;
        try {
            firstStart = Instant.parse(env.optional("SYNC_FIRST_START", "2000-01-01T00:00:00Z"));
        } catch (DateTimeParseException e) {
            throw new ConfigException("SYNC_FIRST_START must be an ISO-8601 instant like 2026-01-01T00:00:00Z");
        }
        SalesforceConnection salesforce = bulkCapable(SalesforceConnection.from(env));
        // the run looks at the time left before each Bulk request: the margin holds the longest one can take, and
        // one longer than the largest margin would leave an invocation no time to work (it would pause at once, forever)
        Duration longest = salesforce.longestRequest();
        if (longest.compareTo(Duration.ofSeconds(MAX_STOP_BEFORE_SECONDS)) > 0) {
            throw new ConfigException("the longest Salesforce request, SALESFORCE_ATTEMPTS x (SALESFORCE_CONNECT_TIMEOUT_MS"
                    + " + SALESFORCE_REQUEST_TIMEOUT_MS) and the backoff between attempts, is " + longest.toSeconds()
                    + " s: over the " + MAX_STOP_BEFORE_SECONDS + " s the sync can keep in hand before the function's 900 s timeout;"
                    + " lower SALESFORCE_ATTEMPTS or SALESFORCE_REQUEST_TIMEOUT_MS");
        }
        Duration stopBefore = Duration.ofSeconds(env.integer("SYNC_STOP_BEFORE_SECONDS", 120, 30, MAX_STOP_BEFORE_SECONDS));
        if (stopBefore.compareTo(longest) < 0) {
            stopBefore = longest;
        }
        // the lease outlasts the function's 15-minute timeout: a run is never taken over while it can still write
        SyncRunner.Settings runner = new SyncRunner.Settings(
                Duration.ofSeconds(env.integer("SYNC_LAG_SECONDS", 120, 0, 3600)), lookback, firstStart,
                Duration.ofMinutes(env.integer("SYNC_LEASE_MINUTES", 20, 16, 120)), stopBefore);
        InvoiceSync.Settings invoices = new InvoiceSync.Settings(
                env.integer("SYNC_PAGE_SIZE", 1000, 1, 1000),
                Math.min(BulkIngestClient.MAX_UPLOAD_BYTES, env.integer("SYNC_MAX_JOB_MB", 100, 1, 100) * 1024L * 1024L),
                env.integer("SYNC_MAX_JOB_RECORDS", 100_000, 1, 150_000_000),
                env.integer("SYNC_MAX_ERROR_ATTEMPTS", 5, 1, 100), lookback);
        AccountSync.Settings accounts = new AccountSync.Settings(env.integer("SYNC_ACCOUNT_PAGE_SIZE", 10_000, 1, 100_000),
                invoices.maxErrorAttempts(), lookback);
        InvoiceMapping mapping = new InvoiceMapping(
                env.optional("SYNC_INVOICE_OBJECT", "ERP_Invoice__c"),
                env.optional("SYNC_INVOICE_EXTERNAL_ID", "ERP_Invoice_Number__c"),
                env.optional("SYNC_INVOICE_PARENT", "Account__r.ERP_Customer_Number__c"),
                InvoiceMapping.parseColumns(env.optional("SYNC_INVOICE_FIELDS", InvoiceMapping.DEFAULT_FIELDS)));
        return new SyncConfig(env.required("SYNC_CONTROL_TABLE"), env.required("SYNC_ERRORS_TABLE"),
                env.required("SYNC_CONTINUATION_QUEUE_URL"), URI.create(env.required("ERP_BASE_URL")), env.required("ERP_SECRET_ID"),
                salesforce, runner, invoices, mapping, accounts,
                AccountMapping.parse(env.optional("SYNC_ACCOUNT_FIELDS", AccountMapping.DEFAULT_FIELDS)));
    }

    /** The same settings with the runner's replaced: the local stack runs the sync's lag and lease faster (docs/local-stack.md). */
    public SyncConfig withRunner(SyncRunner.Settings replaced) {
        return new SyncConfig(controlTable, errorsTable, continuationQueueUrl, erpBaseUrl, erpSecretId, salesforce, replaced, invoices,
                invoiceMapping, accounts, accountMapping);
    }

    /** Bulk API 2.0 came with API version 41.0, its query jobs with 47.0: an older version's paths do not exist. */
    private static SalesforceConnection bulkCapable(SalesforceConnection salesforce) {
        if (Double.parseDouble(salesforce.apiVersion()) < 47.0) {
            throw new ConfigException("SALESFORCE_API_VERSION must look like 62.0 and be 47.0 or later (Bulk API 2.0 query jobs), not '"
                    + salesforce.apiVersion() + "'");
        }
        return salesforce;
    }
}
