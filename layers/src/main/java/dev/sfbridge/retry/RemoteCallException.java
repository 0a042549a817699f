package dev.sfbridge.retry;

/**
 * A call to a remote peer over HTTP (the ERP, Salesforce) failed. Each peer's subclass says by its kind what
 * the caller can do about it; the HTTP status and the message are common to them. The message is safe to log
 * and to attach to a dead letter: it never holds a token, a session ID or a key.
 */
public abstract class RemoteCallException extends Exception {
    private final int status;

    /** @param status the HTTP status, or 0 when no answer came */
    protected RemoteCallException(int status, String message, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    /** The HTTP status of the answer, or 0 when no answer came. */
    public int status() {
        return status;
    }
}
