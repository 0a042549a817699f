package dev.sfbridge.observability;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a log line may say of an unexpected exception: its class, its causes' classes and the first frame of our own
 * code it passed through, never a message (messages quote request bodies, and those carry sessions). The frame
 * tells which step failed, the causes what was beneath it: a bare {@code RuntimeException} a library wrapped around
 * an {@code InterruptedException} is an interrupted call, not a bug, and only its cause says so.
 */
public final class FailureSite {
    /** A cause chain longer than this is cut: its first links say what happened. */
    static final int MAX_CAUSES = 4;
    private static final String OUR_PACKAGE = "dev.sfbridge.";

    private FailureSite() {}

    /** {@code error}, and {@code causes} and {@code at} where there are any. */
    public static Map<String, Object> fields(Throwable failure) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("error", failure.getClass().getName());
        List<String> causes = new ArrayList<>();
        for (Throwable cause = failure.getCause(); cause != null && cause != failure && causes.size() < MAX_CAUSES;
             cause = cause.getCause()) {
            causes.add(cause.getClass().getName());
        }
        if (!causes.isEmpty()) {
            fields.put("causes", causes);
        }
        ourFrame(failure).ifPresent(frame -> fields.put("at", frame));
        return fields;
    }

    private static Optional<String> ourFrame(Throwable failure) {
        return Arrays.stream(failure.getStackTrace()).filter(frame -> frame.getClassName().startsWith(OUR_PACKAGE))
                .findFirst().map(frame -> frame.getClassName() + "." + frame.getMethodName() + ":" + frame.getLineNumber());
    }
}
