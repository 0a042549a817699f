package dev.sfbridge.sqs;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * How long a message that failed stays hidden before SQS delivers it again, from its
 * {@code ApproximateReceiveCount} (1 at the first delivery): exponential, capped, with jitter. The ceiling of
 * receive {@code n} is {@code min(cap, base x 2^(n-1))}; the delay is drawn uniformly from half the ceiling to
 * the ceiling ("equal jitter"), so messages that failed together come back spread out, and never sooner than
 * half the ceiling, which is what bounds how many receives a long outage can use (docs/order-worker.md,
 * "Backoff and the receive budget").
 *
 * @param jitter a number in [0, 1) per call; thread-safe
 */
public record RedeliveryBackoff(Duration base, Duration cap, DoubleSupplier jitter) {
    /** SQS's longest visibility timeout: no message can be hidden for longer. */
    public static final Duration MAX_VISIBILITY = Duration.ofHours(12);

    public RedeliveryBackoff {
        Objects.requireNonNull(jitter, "jitter");
        if (base.compareTo(Duration.ofSeconds(2)) < 0 || cap.compareTo(base) < 0 || cap.compareTo(MAX_VISIBILITY) > 0) {
            throw new IllegalArgumentException("the backoff needs 2 s <= base <= cap <= 12 h, not " + base + " and " + cap);
        }
    }

    /** What both consumers use: 30 s, doubling, up to an hour; the template's receive budgets are sized for it. */
    public static RedeliveryBackoff standard() {
        return new RedeliveryBackoff(Duration.ofSeconds(30), Duration.ofHours(1), () -> ThreadLocalRandom.current().nextDouble());
    }

    /** The longest delay after receive {@code receiveCount}. */
    public Duration ceiling(int receiveCount) {
        int doublings = Math.max(0, receiveCount - 1);
        if (doublings >= 32) {
            return cap;
        }
        Duration ceiling = base.multipliedBy(1L << doublings);
        return ceiling.compareTo(cap) > 0 ? cap : ceiling;
    }

    /** The shortest delay after receive {@code receiveCount}: half its ceiling. */
    public Duration floor(int receiveCount) {
        return ceiling(receiveCount).dividedBy(2);
    }

    /** The delay after receive {@code receiveCount}, in whole seconds (SQS's unit). */
    public Duration delay(int receiveCount) {
        Duration floor = floor(receiveCount);
        long spread = ceiling(receiveCount).minus(floor).toMillis();
        return roundUpToSeconds(floor.plusMillis((long) (spread * jitter.getAsDouble())));
    }

    /** The delay, but not shorter than {@code atLeast}, and never longer than SQS allows. */
    public Duration delay(int receiveCount, Duration atLeast) {
        Duration delay = delay(receiveCount);
        Duration wanted = atLeast.compareTo(delay) > 0 ? roundUpToSeconds(atLeast) : delay;
        return wanted.compareTo(MAX_VISIBILITY) > 0 ? MAX_VISIBILITY : wanted;
    }

    /**
     * The most receives a message that fails every time can have within {@code window} of its first: each comes
     * at least the {@link #floor} of the one before after it. A queue's {@code maxReceiveCount} above this cannot be
     * used up by failures the backoff answers in that time.
     */
    public int receivesWithin(Duration window) {
        int receives = 1;
        Duration elapsed = floor(1);
        while (elapsed.compareTo(window) <= 0) {
            receives++;
            elapsed = elapsed.plus(floor(receives));
        }
        return receives;
    }

    private static Duration roundUpToSeconds(Duration duration) {
        long seconds = duration.toSeconds() + (duration.toNanosPart() > 0 ? 1 : 0);
        return Duration.ofSeconds(Math.max(1, seconds));
    }
}
