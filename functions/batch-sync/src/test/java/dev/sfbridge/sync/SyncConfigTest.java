package dev.sfbridge.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sfbridge.config.Env;
import dev.sfbridge.config.Env.ConfigException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SyncConfigTest {
    /** The settings without a default; SyncMetadataTest reads the defaults with them too. */
    static final Map<String, String> REQUIRED = Map.of(
            "SYNC_CONTROL_TABLE", "control", "SYNC_ERRORS_TABLE", "errors", "SYNC_CONTINUATION_QUEUE_URL", "https://sqs/q",
            "ERP_BASE_URL", "https://erp.example.com/api", "ERP_SECRET_ID", "erp", "SALESFORCE_ORG_ID", "00D000000000001EAA",
            "SALESFORCE_SECRET_ID", "sf");

    @Test
    void theDefaultsAreTheDocumentedOnes() {
        SyncConfig config = SyncConfig.from(new Env(REQUIRED));

        assertEquals(Duration.ofMinutes(2), config.runner().lag());
        assertEquals(Duration.ofMinutes(15), config.runner().lookback());
        assertEquals(Duration.ofMinutes(20), config.runner().leaseFor());
        assertEquals(100L * 1024 * 1024, config.invoices().maxJobBytes());
        assertEquals(1000, config.invoices().pageSize());
        assertEquals(5, config.invoices().maxErrorAttempts());
        assertEquals("ERP_Invoice__c", config.invoiceMapping().object());
        assertEquals(List.of("ERP_Invoice_Number__c", "Account__r.ERP_Customer_Number__c", "Amount__c", "Currency__c", "Status__c",
                "Issued_On__c", "Due_On__c", "Description__c"), config.invoiceMapping().header());
        assertEquals("62.0", config.salesforce().apiVersion());
        assertEquals(10_000, config.accounts().pageSize());
        assertEquals(5, config.accounts().maxErrorAttempts());
        assertEquals(List.of("Id", "SystemModstamp", "IsDeleted", "ERP_Customer_Number__c", "Name", "BillingStreet", "BillingCity",
                "BillingPostalCode", "BillingState", "BillingCountry"), config.accountMapping().selected());
        assertEquals("ERP_Customer_Number__c", config.accountMapping().fields().get("customerNumber"));
    }

    @Test
    void theMarginBeforeTheTimeLimitHoldsTheLongestBulkRequest() {
        assertEquals(Duration.ofSeconds(120), SyncConfig.from(new Env(REQUIRED)).runner().stopBefore(),
                "3 attempts of 3 s + 20 s and two 5 s waits: 79 s, within the 120 s default");

        Map<String, String> template = new HashMap<>(REQUIRED);
        template.put("SALESFORCE_REQUEST_TIMEOUT_MS", "120000");
        // 3 attempts of 3 s to connect and 120 s to answer, two waits of at most 5 s between them
        assertEquals(Duration.ofSeconds(3 * 123 + 2 * 5), SyncConfig.from(new Env(template)).runner().stopBefore());

        template.put("SYNC_STOP_BEFORE_SECONDS", "600");
        assertEquals(Duration.ofSeconds(600), SyncConfig.from(new Env(template)).runner().stopBefore());
    }

    @Test
    void aMarginTheFunctionsTimeoutCannotHoldIsRefusedAtStart() {
        Map<String, String> env = new HashMap<>(REQUIRED);
        env.put("SALESFORCE_REQUEST_TIMEOUT_MS", "120000");
        env.put("SALESFORCE_ATTEMPTS", "8");
        // 8 x 123 s + 7 x 5 s = 1,019 s, past the function's 900 s Timeout: every invocation would pause at once
        ConfigException refused = assertThrows(ConfigException.class, () -> SyncConfig.from(new Env(env)));
        assertTrue(refused.getMessage().contains("1019 s") && refused.getMessage().contains("SALESFORCE_ATTEMPTS")
                && refused.getMessage().contains("SALESFORCE_REQUEST_TIMEOUT_MS"), refused.getMessage());

        // 4 x 123 s + 3 x 5 s = 507 s: within the largest margin, which it becomes
        env.put("SALESFORCE_ATTEMPTS", "4");
        assertEquals(Duration.ofSeconds(507), SyncConfig.from(new Env(env)).runner().stopBefore());
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            SYNC_LOOKBACK_MINUTES  | 9  | SYNC_LOOKBACK_MINUTES=9 is outside 10..1440
            SYNC_LEASE_MINUTES     | 15 | SYNC_LEASE_MINUTES=15 is outside 16..120
            SYNC_MAX_JOB_MB        | 150 | SYNC_MAX_JOB_MB=150 is outside 1..100
            SYNC_INVOICE_FIELDS    | Account__r.ERP_Customer_Number__c=customerNumber,Amount__c=amount | \
            the invoice field mapping must fill the external ID ERP_Invoice_Number__c from invoiceNumber
            SYNC_INVOICE_FIELDS    | ERP_Invoice_Number__c=invoiceNumber,Amount__c | \
            SYNC_INVOICE_FIELDS takes Column=field pairs separated by commas, not 'Amount__c'
            SALESFORCE_API_VERSION | 46.0 | \
            SALESFORCE_API_VERSION must look like 62.0 and be 47.0 or later (Bulk API 2.0 query jobs), not '46.0'
            SYNC_ACCOUNT_FIELDS    | name=Name | SYNC_ACCOUNT_FIELDS must fill the ERP's customerNumber from an Account field
            SYNC_ACCOUNT_FIELDS    | customerNumber=ERP_Customer_Number__c,active=IsActive__c | \
            SYNC_ACCOUNT_FIELDS names ERP field active twice or one the sync fills itself
            SYNC_ACCOUNT_FIELDS    | customerNumber=ERP_Customer_Number__c,name=Name ORDER BY Name | \
            SYNC_ACCOUNT_FIELDS takes erpField=AccountField pairs separated by commas, not 'name=Name ORDER BY Name'
            """)
    void aLookbackUnderTenMinutesALeaseShorterThanTheTimeoutAndAMappingWithoutItsKeysAreRefused(String name, String value,
                                                                                                 String message) {
        assertEquals(message, refused(name, value));
    }

    private static String refused(String name, String value) {
        Map<String, String> env = new HashMap<>(REQUIRED);
        env.put(name, value);
        return assertThrows(ConfigException.class, () -> SyncConfig.from(new Env(env))).getMessage();
    }
}
