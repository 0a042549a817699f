package dev.sfbridge.retry;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The last instant a step of an invocation may start: the Lambda's own timeout less a margin that covers the
 * longest single step (one request and its follow-up writes). A step started before it ends before the function
 * is stopped; one that would start after it is not started, and its work goes back to its queue, so one slow
 * step never times out a whole batch.
 */
public record StartDeadline(Instant lastStart, Clock clock) {
    /** No limit: callers that run outside a Lambda invocation. */
    public static final StartDeadline NONE = new StartDeadline(Instant.MAX, Clock.systemUTC());

    public StartDeadline {
        Objects.requireNonNull(lastStart, "lastStart");
        Objects.requireNonNull(clock, "clock");
    }

    /** @param remaining what the invocation has left now; {@code margin} is kept of it for the last step */
    public static StartDeadline within(Duration remaining, Duration margin, Clock clock) {
        return new StartDeadline(clock.instant().plus(remaining).minus(margin), clock);
    }

    /** Whether a step may still start now. */
    public boolean passed() {
        return !allowsStartAfter(Duration.ZERO);
    }

    /** Whether a step that first waits {@code wait} (a retry's pause) may still start. */
    public boolean allowsStartAfter(Duration wait) {
        return lastStart.equals(Instant.MAX) || !clock.instant().plus(wait).isAfter(lastStart);
    }
}
