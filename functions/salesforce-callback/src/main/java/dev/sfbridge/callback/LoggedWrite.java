package dev.sfbridge.callback;

import dev.sfbridge.model.SessionId;
import dev.sfbridge.observability.JsonLog;
import dev.sfbridge.salesforce.AccessToken;
import dev.sfbridge.salesforce.SalesforceAuth;
import dev.sfbridge.salesforce.SalesforceException;
import dev.sfbridge.salesforce.WriteResult;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One write to an org through {@link SalesforceAuth} (records updated, or platform events published), and the fields
 * of the log line that tells of it: the org, the API usage Salesforce reported or its refusal, which credential the
 * last try used and where it went (an instance nobody expected stands out), and how long it all took. The caller
 * adds what the write was about and what came of it.
 */
final class LoggedWrite {
    private final String organizationId;
    private final Clock clock;
    private final Instant started;
    private final AtomicReference<AccessToken> used = new AtomicReference<>();
    private final Map<String, Object> fields = new LinkedHashMap<>();

    LoggedWrite(String organizationId, Clock clock) {
        this.organizationId = organizationId;
        this.clock = clock;
        this.started = clock.instant();
        fields.put(JsonLog.ORGANIZATION_ID, organizationId);
    }

    /** The write, with a session and the instance it came with, or OAuth (both null); a refusal is logged, then thrown. */
    WriteResult call(SalesforceAuth auth, SessionId session, String instanceUrl, SalesforceAuth.AuthenticatedCall<WriteResult> write)
            throws SalesforceException {
        try {
            WriteResult written = auth.call(organizationId, session, instanceUrl, token -> {
                used.set(token);
                return write.apply(token);
            });
            fields.put("apiUsage", written.apiUsage());
            return written;
        } catch (SalesforceException e) {
            fields.put("status", e.status());
            fields.put("error", e.kind().name());
            fields.put("reason", e.getMessage());
            throw e;
        }
    }

    void put(String field, Object value) {
        fields.put(field, value);
    }

    /** The log line's fields, once the write has ended: the credential and the duration added. */
    Map<String, Object> ended() {
        AccessToken token = used.get();
        fields.put("auth", token == null ? "null" : token.source().name());
        if (token != null) {
            fields.put("instanceHost", token.instanceUrl().getHost());
        }
        fields.put("durationMs", Duration.between(started, clock.instant()).toMillis());
        return fields;
    }
}
