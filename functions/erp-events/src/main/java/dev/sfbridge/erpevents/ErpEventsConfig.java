package dev.sfbridge.erpevents;

import dev.sfbridge.config.Env;
import dev.sfbridge.config.Env.ConfigException;
import dev.sfbridge.model.SalesforceIds;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * The ERP events route's settings, read once at start (docs/callbacks.md lists them with their defaults).
 *
 * @param organizationId  the org every event is for: the one the callback function's OAuth credentials log in to
 * @param objectType      the object the events' record IDs name (default Opportunity)
 * @param tolerance       how far a signature's timestamp may be from now, either way (default 300 s)
 * @param maxBodyBytes    largest body accepted (default 256 KiB: 100 events are far smaller)
 * @param secretTtl       how long the signing secret read from Secrets Manager is used before it is read again (default 300 s)
 */
public record ErpEventsConfig(String callbacksQueueUrl, String secretId, String organizationId, String objectType,
                              Duration tolerance, int maxBodyBytes, int enqueueAttempts, Duration secretTtl) {

    private static final Pattern API_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]*");

    public static ErpEventsConfig from(Env env) {
        String organizationId = env.required("SALESFORCE_ORG_ID");
        if (!SalesforceIds.isValid(organizationId)) {
            throw new ConfigException("SALESFORCE_ORG_ID is not a Salesforce org ID: " + organizationId);
        }
        String objectType = env.optional("SALESFORCE_OBJECT", "Opportunity");
        if (!API_NAME.matcher(objectType).matches()) {
            throw new ConfigException("SALESFORCE_OBJECT must be an API name, not '" + objectType + "'");
        }
        return new ErpEventsConfig(
                env.required("CALLBACKS_QUEUE_URL"),
                env.required("ERP_EVENTS_SECRET_ID"),
                SalesforceIds.to18(organizationId),
                objectType,
                Duration.ofSeconds(env.integer("SIGNATURE_TOLERANCE_SECONDS", 300, 30, 3600)),
                env.integer("MAX_BODY_BYTES", 256 * 1024, 1024, 6 * 1024 * 1024),
                env.integer("ENQUEUE_ATTEMPTS", 3, 1, 10),
                Duration.ofSeconds(env.integer("SIGNING_SECRET_TTL_SECONDS", 300, 0, 3600)));
    }
}
