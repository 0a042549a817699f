package dev.sfbridge.erpevents;

/**
 * Why a request was turned away: the HTTP status, a reason code for the log and the answer, and words an
 * ERP developer can act on. Never quotes the body, the signature or the secret.
 */
final class Rejection extends Exception {
    private final int status;
    private final String reason;

    Rejection(int status, String reason, String message) {
        super(message, null, false, false);
        this.status = status;
        this.reason = reason;
    }

    int status() {
        return status;
    }

    String reason() {
        return reason;
    }
}
