package dev.sfbridge.callback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.sfbridge.config.Env;
import dev.sfbridge.config.Env.ConfigException;
import dev.sfbridge.salesforce.OAuthFlow;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The defaults docs/callbacks.md promises, and start-up errors that name the variable. */
class CallbackConfigTest {
    private static Map<String, String> required() {
        return new HashMap<>(Map.of(
                "CALLBACKS_DLQ_URL", "https://sqs.us-east-1.amazonaws.com/123456789012/sfbridge-callbacks-dlq",
                "IDEMPOTENCY_TABLE", "sfbridge-idempotency",
                "SALESFORCE_ORG_ID", "00D000000000001",
                "SALESFORCE_SECRET_ID", "sfbridge/salesforce"));
    }

    @Test
    void theDefaultsAreTheDocumentedOnes() {
        CallbackConfig config = CallbackConfig.from(new Env(required()));

        assertEquals(OAuthFlow.JWT_BEARER, config.salesforce().authFlow());
        assertEquals(URI.create("https://login.salesforce.com"), config.salesforce().loginUrl());
        assertEquals("62.0", config.salesforce().apiVersion());
        assertEquals(new FieldMapping("Opportunity", "ERP_Order_Number__c", "ERP_Order_Status__c", "ERP_Status_Changed_At__c",
                "ERP_Status_Changed_At_Ms__c"), config.fields());
        assertEquals(200, config.recordsPerCall());
        assertEquals(Duration.ofSeconds(3), config.salesforce().connectTimeout());
        assertEquals(Duration.ofSeconds(20), config.salesforce().requestTimeout());
        assertEquals(3, config.salesforce().attempts());
        assertEquals(3, config.rowLockAttempts());
        assertEquals(Duration.ofDays(15), config.statusRetention());
        assertEquals(true, config.platformEvents());
        assertEquals(Duration.ofSeconds(3), config.platformEventsTimeout());
    }

    @Test
    void platformEventsAreSwitchedOffByFalseInAnyCase() {
        Map<String, String> env = required();
        env.put("PLATFORM_EVENTS_ENABLED", "FALSE");

        assertEquals(false, CallbackConfig.from(new Env(env)).platformEvents());
    }

    @Test
    void aSandboxLoginUrlAndTheClientCredentialsFlowAreTakenAsGiven() {
        Map<String, String> env = required();
        env.put("SALESFORCE_LOGIN_URL", "https://test.salesforce.com/");
        env.put("SALESFORCE_AUTH_FLOW", "client-credentials");

        CallbackConfig config = CallbackConfig.from(new Env(env));

        assertEquals(URI.create("https://test.salesforce.com"), config.salesforce().loginUrl(), "a trailing slash would break the JWT's audience");
        assertEquals(OAuthFlow.CLIENT_CREDENTIALS, config.salesforce().authFlow());
    }

    @Test
    void wrongSettingsStopTheStartWithTheVariablesName() {
        Map<String, String> missing = required();
        missing.remove("SALESFORCE_SECRET_ID");
        assertEquals("environment variable SALESFORCE_SECRET_ID is required and not set",
                assertThrows(ConfigException.class, () -> CallbackConfig.from(new Env(missing))).getMessage());

        for (Map.Entry<String, String> wrong : Map.of("SALESFORCE_AUTH_FLOW", "password", "SALESFORCE_ORG_ID", "00D-not-an-id",
                "SALESFORCE_ORDER_STATUS_FIELD", "Status__c; DROP", "SALESFORCE_LOGIN_URL", "login.salesforce.com",
                "SALESFORCE_RECORDS_PER_CALL", "500", "SALESFORCE_API_VERSION", "v62", "PLATFORM_EVENTS_ENABLED", "no",
                "PLATFORM_EVENTS_TIMEOUT_MS", "60000").entrySet()) {
            Map<String, String> env = required();
            env.put(wrong.getKey(), wrong.getValue());
            String message = assertThrows(ConfigException.class, () -> CallbackConfig.from(new Env(env)), wrong.getKey()).getMessage();
            assertEquals(true, message.contains(wrong.getKey()), message);
        }
    }
}
