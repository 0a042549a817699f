package dev.sfbridge.local;

import dev.sfbridge.erp.ErpSecret;
import dev.sfbridge.model.QueueJson;
import dev.sfbridge.testing.BulkApiSimulator;
import dev.sfbridge.testing.ErpSimulator;
import dev.sfbridge.testing.SalesforceSimulator;
import dev.sfbridge.testing.TestKeys;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;

/**
 * The peers the functions talk to, simulated: a Salesforce org that trusts the integration user's connected
 * app (JWT bearer flow, a key made here), with its Bulk API; an ERP with a fresh API key; and their secrets, and the key the ERP
 * signs its status events with, for the Secrets Manager of the stack's {@link AwsServices}.
 */
final class SimulatedPeers implements AutoCloseable {
    static final String CONSUMER_KEY = "3MVG9sfbridgeLocalStack";
    static final String USERNAME = "integration@sfbridge.local";

    final SalesforceSimulator salesforce = new SalesforceSimulator();
    /** The org's Bulk API 2.0, which the batch sync writes the ERP's invoices through. */
    final BulkApiSimulator bulk = new BulkApiSimulator(salesforce);
    final ErpSimulator erp = ErpSimulator.withApiKey(randomHex(16));
    /** The key the ERP signs its status events with, in the stack's Secrets Manager. */
    final String erpEventsSigningSecret = randomHex(32);

    SimulatedPeers() {
        salesforce.trustJwtBearer(CONSUMER_KEY, USERNAME, TestKeys.publicKey(TestKeys.connectedApp()));
    }

    /**
     * The values of the template's parameters here: the simulated peers' addresses and the IDs of their secrets,
     * stored in the services' Secrets Manager.
     */
    Map<String, String> templateParameters(String allowedOrganizationIds, AwsServices services) {
        String erpSecret = services.storeSecret("sfbridge/erp", QueueJson.write(Map.of("type", "api-key",
                "apiKey", ((ErpSecret.ApiKey) erp.secret()).apiKey())));
        String salesforceSecret = services.storeSecret("sfbridge/salesforce", QueueJson.write(Map.of("consumerKey",
                CONSUMER_KEY, "username", USERNAME, "privateKey", TestKeys.pkcs8Pem(TestKeys.connectedApp().getPrivate()))));
        String erpEventsSecret = services.storeSecret("sfbridge/erp-events", erpEventsSigningSecret);
        return Map.of(
                "AllowedOrgIds", allowedOrganizationIds,
                "SalesforceInstanceDomains", salesforce.instanceUrl().toString(),
                "ErpBaseUrl", erp.baseUri().toString(),
                "ErpSecretArn", erpSecret,
                "SalesforceOrgId", salesforce.organizationId(),
                "SalesforceSecretArn", salesforceSecret,
                "SalesforceLoginUrl", salesforce.loginUrl().toString(),
                "ErpEventsSecretArn", erpEventsSecret);
    }

    @Override
    public void close() {
        try (salesforce; erp) {
            // both stopped, the second even when the first fails
        }
    }

    private static String randomHex(int bytes) {
        byte[] random = new byte[bytes];
        new SecureRandom().nextBytes(random);
        return HexFormat.of().formatHex(random);
    }
}
