package dev.sfbridge.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sfbridge.config.Env;
import dev.sfbridge.config.Env.ConfigException;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The worker's settings: the Salesforce connection it shares with the callbacks, and FETCH_RECORDS_FOR. */
class WorkerConfigTest {
    private static Map<String, String> required() {
        return new HashMap<>(Map.of("IDEMPOTENCY_TABLE", "sfbridge-idempotency",
                "CALLBACKS_QUEUE_URL", "https://sqs.us-east-1.amazonaws.com/123456789012/sfbridge-callbacks",
                "NOTIFICATIONS_DLQ_URL", "https://sqs.us-east-1.amazonaws.com/123456789012/sfbridge-notifications-dlq",
                "ERP_BASE_URL", "https://erp.example.com/api", "ERP_SECRET_ID", "sfbridge/erp",
                "SALESFORCE_ORG_ID", "00D000000000001", "SALESFORCE_SECRET_ID", "sfbridge/salesforce"));
    }

    @Test
    void noObjectTypeIsReadAlwaysByDefaultAndTheConnectionIsTheCallbacks() {
        WorkerConfig config = WorkerConfig.from(new Env(required()));

        assertEquals(Set.of(), config.fetchAlways());
        assertEquals("00D000000000001", config.salesforce().organizationId());
        assertEquals("62.0", config.salesforce().apiVersion());
    }

    @Test
    void fetchRecordsForTakesOpportunityAndRefusesTypesWithoutAnOrderMapping() {
        Map<String, String> env = required();
        env.put("FETCH_RECORDS_FOR", " Opportunity ");
        assertEquals(Set.of("Opportunity"), WorkerConfig.from(new Env(env)).fetchAlways());

        env.put("FETCH_RECORDS_FOR", "Opportunity,Account");
        String message = assertThrows(ConfigException.class, () -> WorkerConfig.from(new Env(env))).getMessage();
        assertTrue(message.contains("FETCH_RECORDS_FOR") && message.contains("Account"), message);
    }
}
