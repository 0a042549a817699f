package dev.sfbridge.testing;

import dev.sfbridge.idempotency.IdempotencyStore;
import java.time.Duration;
import java.time.Instant;

/** Every key is new and claimed at once: the worker as it would be without the store, for benchmarks and fuzzing. */
public final class NoIdempotency implements IdempotencyStore {
    @Override
    public Claim claim(String key, Instant now, Duration lease) {
        return new Claim.Acquired(new Lease(key, "none", now.plus(lease)), false);
    }

    @Override
    public void complete(Lease lease, String result, Instant now) {
        // nothing remembered
    }

    @Override
    public void release(Lease lease) {
        // nothing held
    }
}
