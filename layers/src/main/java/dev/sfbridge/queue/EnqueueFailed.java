package dev.sfbridge.queue;

import java.util.List;
import java.util.TreeSet;

/** Some entries are not on the queue after every attempt; the caller must not report success. */
public final class EnqueueFailed extends Exception {
    private final boolean permanent;

    EnqueueFailed(int failed, int total, boolean permanent, List<String> errors) {
        this(failed, total, permanent ? ", and retrying will not help" : " after every attempt", permanent, errors);
    }

    private EnqueueFailed(int failed, int total, String how, boolean permanent, List<String> errors) {
        super("%d of %d messages could not be enqueued%s%s".formatted(failed, total, how,
                errors.isEmpty() ? "" : " (" + String.join(", ", new TreeSet<>(errors)) + ")"));
        this.permanent = permanent;
    }

    /** The caller's deadline came before every entry was in: another attempt may well succeed. */
    static EnqueueFailed outOfTime(int failed, int total, List<String> errors) {
        return new EnqueueFailed(failed, total, " before the caller's deadline", false, errors);
    }

    /** True when SQS refused the entries themselves (sender fault): resending them unchanged fails again. */
    public boolean permanent() {
        return permanent;
    }
}
