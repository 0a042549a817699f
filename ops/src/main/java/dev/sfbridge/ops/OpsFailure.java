package dev.sfbridge.ops;

/**
 * Why a command stopped, in one line for the operator, with the exit code that says whose move it is:
 * {@link #USAGE} (2) for this side (the command line, no region, no credentials, a command with nothing to
 * act on), {@link #AWS} (3) for the other (no such queue, access denied, unreachable, nothing matched).
 */
final class OpsFailure extends RuntimeException {
    static final int USAGE = 2;
    static final int AWS = 3;

    private final int exitCode;

    private OpsFailure(int exitCode, String message) {
        super(message, null, false, false);
        this.exitCode = exitCode;
    }

    static OpsFailure usage(String message) {
        return new OpsFailure(USAGE, message);
    }

    static OpsFailure aws(String message) {
        return new OpsFailure(AWS, message);
    }

    int exitCode() {
        return exitCode;
    }
}
