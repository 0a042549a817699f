package dev.sfbridge.callback;

import dev.sfbridge.config.Env;
import dev.sfbridge.config.Env.ConfigException;
import dev.sfbridge.model.SalesforceIds;
import dev.sfbridge.salesforce.HttpSalesforceClient;
import dev.sfbridge.salesforce.OAuthFlow;
import dev.sfbridge.salesforce.SalesforceClient;
import java.net.URI;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * The callback function's settings, read once at start (docs/callbacks.md lists them with their defaults).
 *
 * @param organizationId     the org the OAuth credentials log in to: callbacks without a usable session must be for it
 * @param recordsPerCall     records in one sObject Collections call (default and maximum 200; 1 sends one PATCH per record)
 * @param attempts           tries of one HTTP request that got no answer or a 5xx, the first included
 * @param rowLockAttempts    tries of a record Salesforce reported UNABLE_TO_LOCK_ROW for, the first included
 * @param statusRetention    how long the newest status time of a record is remembered (default 15 days, as
 *                           the order worker's keys: longer than the dead-letter queue's 14-day retention)
 * @param platformEvents     whether an {@code ERP_Order_Update__e} is published for every record written (default true)
 * @param platformEventsTimeout the request timeout of a publish call (default 3 s): publishing is best-effort, and
 *                           must not hold the batch as long as a write may
 */
public record CallbackConfig(String deadLetterQueueUrl, String idempotencyTable, String organizationId, String secretId,
                             OAuthFlow authFlow, URI loginUrl, String apiVersion, FieldMapping fields, int recordsPerCall,
                             Duration connectTimeout, Duration requestTimeout, int attempts, int rowLockAttempts,
                             Duration statusRetention, boolean platformEvents, Duration platformEventsTimeout) {

    public static final String DEFAULT_LOGIN_URL = "https://login.salesforce.com";
    private static final Pattern API_VERSION = Pattern.compile("\\d{2}\\.0");

    public static CallbackConfig from(Env env) {
        String organizationId = env.required("SALESFORCE_ORG_ID");
        if (!SalesforceIds.isValid(organizationId)) {
            throw new ConfigException("SALESFORCE_ORG_ID is not a Salesforce org ID: " + organizationId);
        }
        String apiVersion = env.optional("SALESFORCE_API_VERSION", HttpSalesforceClient.DEFAULT_API_VERSION);
        if (!API_VERSION.matcher(apiVersion).matches()) {
            throw new ConfigException("SALESFORCE_API_VERSION must look like 62.0, not '" + apiVersion + "'");
        }
        return new CallbackConfig(
                env.required("CALLBACKS_DLQ_URL"),
                env.required("IDEMPOTENCY_TABLE"),
                organizationId,
                env.required("SALESFORCE_SECRET_ID"),
                OAuthFlow.fromConfig(env.optional("SALESFORCE_AUTH_FLOW", OAuthFlow.JWT_BEARER.configName())),
                loginUrl(env.optional("SALESFORCE_LOGIN_URL", DEFAULT_LOGIN_URL)),
                apiVersion,
                FieldMapping.from(env),
                env.integer("SALESFORCE_RECORDS_PER_CALL", SalesforceClient.MAX_RECORDS_PER_CALL, 1, SalesforceClient.MAX_RECORDS_PER_CALL),
                Duration.ofMillis(env.integer("SALESFORCE_CONNECT_TIMEOUT_MS", 3_000, 100, 30_000)),
                Duration.ofMillis(env.integer("SALESFORCE_REQUEST_TIMEOUT_MS", 20_000, 500, 120_000)),
                env.integer("SALESFORCE_ATTEMPTS", 3, 1, 10),
                env.integer("ROW_LOCK_ATTEMPTS", 3, 1, 10),
                Duration.ofDays(env.integer("STATUS_RETENTION_DAYS", 15, 2, 365)),
                env.bool("PLATFORM_EVENTS_ENABLED", true),
                Duration.ofMillis(env.integer("PLATFORM_EVENTS_TIMEOUT_MS", 3_000, 100, 30_000)));
    }

    private static URI loginUrl(String value) {
        URI uri;
        try {
            uri = URI.create(value.replaceAll("/+$", ""));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("SALESFORCE_LOGIN_URL is not a URL: " + value);
        }
        if (uri.getHost() == null || !("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))) {
            throw new ConfigException("SALESFORCE_LOGIN_URL must be https://login.salesforce.com, https://test.salesforce.com"
                    + " or the org's My Domain URL, not " + value);
        }
        return uri;
    }
}
