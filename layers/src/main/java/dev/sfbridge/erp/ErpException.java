package dev.sfbridge.erp;

import dev.sfbridge.retry.RemoteCallException;
import java.time.Duration;
import java.util.Optional;

/** The ERP did not take the order. The message is safe to log and to attach to a dead letter. */
public final class ErpException extends RemoteCallException {
    /** Whether trying again later can succeed. */
    public enum Kind {
        /**
         * Timeouts, connection failures, 404, 408, 429 and 5xx that outlasted the client's own retries,
         * credentials that could not be read, a 401 that a reload of the credentials did not cure (a rotation
         * in progress), and an open circuit: not the order's fault (docs/erp-api.md).
         */
        RETRYABLE,
        /** Other 4xx: resending the order unchanged fails again. */
        PERMANENT
    }

    private final Kind kind;
    private final Duration retryAfter;

    /** @param status the HTTP status, or 0 when no response came */
    public ErpException(Kind kind, int status, String message, Throwable cause) {
        this(kind, status, message, cause, null);
    }

    /** @param retryAfter how long the ERP asked to wait before the order is sent again, when it asked */
    public ErpException(Kind kind, int status, String message, Throwable cause, Duration retryAfter) {
        super(status, message, cause);
        this.kind = kind;
        this.retryAfter = retryAfter;
    }

    /** The ERP's {@code Retry-After} that was longer than the client waits: the caller's own retry should not come sooner. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    public Kind kind() {
        return kind;
    }
}
