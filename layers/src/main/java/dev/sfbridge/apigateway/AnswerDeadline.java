package dev.sfbridge.apigateway;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * When a route behind API Gateway must have given up on its remote calls: Lambda's remaining time less
 * {@link #MARGIN}, so the route's own answer (a 500 fault, a 503), its request log line and its metrics go out,
 * not Lambda's timeout, which API Gateway answers with a 502 and which leaves no line behind.
 */
public final class AnswerDeadline {
    /** What is kept of the function's time to answer and log once the remote calls gave up. */
    public static final Duration MARGIN = Duration.ofSeconds(1);

    private AnswerDeadline() {}

    /**
     * @param timeLeft the invocation's remaining time when the request arrives, or null where nothing ends it (the
     *                 local stack, tests)
     * @return the deadline, or null for none
     */
    public static Instant of(Duration timeLeft, Clock clock) {
        return timeLeft == null ? null : clock.instant().plus(timeLeft).minus(MARGIN);
    }
}
