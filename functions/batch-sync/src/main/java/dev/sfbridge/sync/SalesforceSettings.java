package dev.sfbridge.sync;

import dev.sfbridge.config.Env;
import dev.sfbridge.config.Env.ConfigException;
import dev.sfbridge.model.SalesforceIds;
import dev.sfbridge.salesforce.HttpSalesforceClient;
import dev.sfbridge.salesforce.OAuthFlow;
import java.net.URI;
import java.time.Duration;

/**
 * The org the sync writes to and how it logs in: the {@code SALESFORCE_*} variables the callback function reads
 * too (docs/callbacks.md lists them). Its own small copy until the layer's shared {@code SalesforceConnection}
 * takes over (issue 14): then this class goes, and {@link SyncConfig} reads that.
 */
record SalesforceSettings(String organizationId, String secretId, OAuthFlow authFlow, URI loginUrl, String apiVersion,
                          Duration connectTimeout, Duration requestTimeout, int attempts) {
    static SalesforceSettings from(Env env) {
        String organizationId = env.required("SALESFORCE_ORG_ID");
        String apiVersion = env.optional("SALESFORCE_API_VERSION", HttpSalesforceClient.DEFAULT_API_VERSION);
        String loginUrl = env.optional("SALESFORCE_LOGIN_URL", "https://login.salesforce.com").replaceAll("/+$", "");
        if (!SalesforceIds.isValid(organizationId)) {
            throw new ConfigException("SALESFORCE_ORG_ID is not a Salesforce org ID: " + organizationId);
        }
        if (!apiVersion.matches("\\d{2}\\.0") || Double.parseDouble(apiVersion) < 41.0) {
            throw new ConfigException("SALESFORCE_API_VERSION must look like 62.0 and be 41.0 or later (Bulk API 2.0), not '" + apiVersion + "'");
        }
        if (!loginUrl.matches("https?://[^/?#\\s]+")) {
            throw new ConfigException("SALESFORCE_LOGIN_URL must be the login host or the org's My Domain URL, not " + loginUrl);
        }
        return new SalesforceSettings(organizationId, env.required("SALESFORCE_SECRET_ID"),
                OAuthFlow.fromConfig(env.optional("SALESFORCE_AUTH_FLOW", OAuthFlow.JWT_BEARER.configName())), URI.create(loginUrl),
                apiVersion,
                Duration.ofMillis(env.integer("SALESFORCE_CONNECT_TIMEOUT_MS", 3_000, 100, 30_000)),
                Duration.ofMillis(env.integer("SALESFORCE_REQUEST_TIMEOUT_MS", 60_000, 500, 300_000)),
                env.integer("SALESFORCE_ATTEMPTS", 3, 1, 10));
    }
}
