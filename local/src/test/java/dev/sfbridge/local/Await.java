package dev.sfbridge.local;

import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Waits for a condition by polling the state it reads, for at most a bound: never a bare sleep. */
final class Await {
    private static final Duration EVERY = Duration.ofMillis(50);

    private Await() {}

    static void until(Duration atMost, BooleanSupplier condition, Supplier<String> whatWasSeen) throws InterruptedException {
        Instant deadline = Instant.now().plus(atMost);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("not within " + atMost.toSeconds() + " s: " + whatWasSeen.get());
            }
            Thread.sleep(EVERY);
        }
    }
}
