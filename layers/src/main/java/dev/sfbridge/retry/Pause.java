package dev.sfbridge.retry;

import java.time.Duration;

/** How a caller waits between attempts; tests pass one that records instead of sleeping. */
@FunctionalInterface
public interface Pause {
    Pause SLEEP = duration -> Thread.sleep(duration);

    void pause(Duration duration) throws InterruptedException;
}
