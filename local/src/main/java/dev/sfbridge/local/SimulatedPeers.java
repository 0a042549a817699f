package dev.sfbridge.local;

import dev.sfbridge.erp.ErpSecret;
import dev.sfbridge.model.QueueJson;
import dev.sfbridge.testing.ErpSimulator;
import dev.sfbridge.testing.SalesforceSimulator;
import dev.sfbridge.testing.StaticSecretsManager;
import dev.sfbridge.testing.TestKeys;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;

/**
 * The peers the functions talk to, simulated: a Salesforce org that trusts the integration user's connected
 * app (JWT bearer flow, a key made here), an ERP with a fresh API key, and the local Secrets Manager holding
 * the secrets of both and the key the ERP signs its status events with.
 */
final class SimulatedPeers implements AutoCloseable {
    static final String CONSUMER_KEY = "3MVG9sfbridgeLocalStack";
    static final String USERNAME = "integration@sfbridge.local";
    private static final String SECRET_ARN_PREFIX = "arn:aws:secretsmanager:us-east-1:000000000000:secret:";

    final SalesforceSimulator salesforce = new SalesforceSimulator();
    final ErpSimulator erp = ErpSimulator.withApiKey(randomHex(16));
    final StaticSecretsManager secrets = new StaticSecretsManager();
    /** The key the ERP signs its status events with, in the local Secrets Manager. */
    final String erpEventsSigningSecret = randomHex(32);

    SimulatedPeers() {
        salesforce.trustJwtBearer(CONSUMER_KEY, USERNAME, TestKeys.publicKey(TestKeys.connectedApp()));
    }

    /**
     * The values of the template's parameters here: the simulated peers' addresses and the secrets' IDs, whose
     * values go into the local Secrets Manager.
     */
    Map<String, String> templateParameters(String allowedOrganizationIds) {
        String erpSecret = SECRET_ARN_PREFIX + "sfbridge/erp";
        String salesforceSecret = SECRET_ARN_PREFIX + "sfbridge/salesforce";
        String erpEventsSecret = SECRET_ARN_PREFIX + "sfbridge/erp-events";
        secrets.put(erpSecret, QueueJson.write(Map.of("type", "api-key",
                "apiKey", ((ErpSecret.ApiKey) erp.secret()).apiKey())));
        secrets.put(salesforceSecret, QueueJson.write(Map.of("consumerKey", CONSUMER_KEY, "username", USERNAME,
                "privateKey", TestKeys.pkcs8Pem(TestKeys.connectedApp().getPrivate()))));
        secrets.put(erpEventsSecret, erpEventsSigningSecret);
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
