package dev.sfbridge.salesforce;

import dev.sfbridge.retry.RemoteCallException;

/**
 * A Salesforce call failed as a whole. The message is safe to log and to attach to a dead letter: it
 * never holds a token, a session ID or a key.
 */
public final class SalesforceException extends RemoteCallException {
    /** What the caller can do about it. */
    public enum Kind {
        /** 401 INVALID_SESSION_ID: the credential expired or was revoked; another one may work. */
        SESSION_INVALID,
        /** 403 REQUEST_LIMIT_EXCEEDED: the org's API quota is used up; do not call it again for a long while. */
        LIMIT_EXCEEDED,
        /** Timeouts, 5xx, the token endpoint refusing, any answer that is not a result: trying the same request later can succeed. */
        RETRYABLE,
        /**
         * 404 for the API path itself (a wrong {@code SALESFORCE_API_VERSION}, an instance that has no such
         * resource), or a write refused for a field or object the org lacks or the user may not edit
         * ({@code INVALID_FIELD}, {@code INVALID_TYPE}, {@code INVALID_FIELD_FOR_INSERT_UPDATE}): sfbridge or the org
         * is misconfigured, not the records wrong. Retried once a person fixes the setting or deploys the metadata.
         */
        CONFIGURATION,
        /** The request itself is wrong: sending it again unchanged fails again. */
        PERMANENT
    }

    private final Kind kind;

    /** @param status the HTTP status, or 0 when no answer came */
    public SalesforceException(Kind kind, int status, String message) {
        super(status, message, null);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
