package dev.sfbridge.bench;

import dev.sfbridge.idempotency.IdempotencyStore;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/** Measures what the idempotency store costs each message: its claim plus its complete, in nanoseconds. */
final class TimedIdempotencyStore implements IdempotencyStore {
    private final IdempotencyStore delegate;
    private final Map<String, Long> claimNanos = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<Long> roundTrips = new ConcurrentLinkedQueue<>();

    TimedIdempotencyStore(IdempotencyStore delegate) {
        this.delegate = delegate;
    }

    /** Forgets what the warm-up measured. */
    void clear() {
        roundTrips.clear();
    }

    /** Claim + complete per completed message, in nanoseconds. */
    long[] roundTrips() {
        return roundTrips.stream().mapToLong(Long::longValue).toArray();
    }

    @Override
    public Claim claim(String key, Instant now, Duration lease) {
        long start = System.nanoTime();
        Claim claim = delegate.claim(key, now, lease);
        claimNanos.put(key, System.nanoTime() - start);
        return claim;
    }

    @Override
    public void complete(Lease lease, String result, Instant now) throws LeaseLost {
        long start = System.nanoTime();
        delegate.complete(lease, result, now);
        roundTrips.add(claimNanos.remove(lease.key()) + System.nanoTime() - start);
    }

    @Override
    public void release(Lease lease) {
        delegate.release(lease);
    }
}
