package dev.sfbridge.retry;

import java.time.Duration;
import java.util.function.Predicate;
import java.util.function.Supplier;
import software.amazon.awssdk.retries.api.BackoffStrategy;

/** A bounded number of attempts with jittered backoff between them, for the failures a predicate calls transient. */
public final class Retry {
    private final int maxAttempts;
    private final BackoffStrategy backoff;
    private final Pause pause;

    public Retry(int maxAttempts, BackoffStrategy backoff, Pause pause) {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
        this.maxAttempts = maxAttempts;
        this.backoff = backoff;
        this.pause = pause;
    }

    /** Full-jitter exponential backoff from {@code base} up to {@code max}. */
    public static Retry withJitter(int maxAttempts, Duration base, Duration max) {
        return new Retry(maxAttempts, BackoffStrategy.exponentialDelay(base, max), Pause.SLEEP);
    }

    public int maxAttempts() {
        return maxAttempts;
    }

    /** The wait before attempt {@code attempt} (2 for the first retry). */
    public void pauseBefore(int attempt) throws InterruptedException {
        pause.pause(backoff.computeDelay(attempt - 1));
    }

    /** Runs {@code call}; a transient failure is retried, the last one (or any other) is thrown. */
    public <T> T call(Supplier<T> call, Predicate<RuntimeException> transientFailure) {
        for (int attempt = 1; ; attempt++) {
            try {
                return call.get();
            } catch (RuntimeException e) {
                if (attempt == maxAttempts || !transientFailure.test(e)) {
                    throw e;
                }
            }
            try {
                pauseBefore(attempt + 1);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted between attempts", interrupted);
            }
        }
    }
}
