package dev.sfbridge.bench;

import dev.sfbridge.idempotency.ChangeGuard;
import dev.sfbridge.idempotency.IdempotencyStore;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The idempotency store and change guard in a map: what the worker costs without a database behind
 * them. For benchmarks only; it forgets everything when the JVM exits.
 */
final class InMemoryIdempotencyStore implements IdempotencyStore, ChangeGuard {
    /** Claimed keys: true once completed. */
    private final Map<String, Boolean> completed = new ConcurrentHashMap<>();
    private final Map<String, String> tokens = new ConcurrentHashMap<>();
    private final Map<String, String> results = new ConcurrentHashMap<>();
    private final Map<String, Instant> newestChange = new ConcurrentHashMap<>();

    @Override
    public Claim claim(String key, Instant now, Duration lease) {
        Lease claimed = new Lease(key, UUID.randomUUID().toString(), now.plus(lease));
        Boolean existing = completed.putIfAbsent(key, false);
        if (existing == null) {
            tokens.put(key, claimed.token());
            return new Claim.Acquired(claimed, false);
        }
        return existing ? new Claim.AlreadyCompleted(results.get(key)) : new Claim.HeldElsewhere();
    }

    @Override
    public void complete(Lease lease, String result, Instant now) throws LeaseLost {
        if (!lease.token().equals(tokens.get(lease.key()))) {
            throw new LeaseLost(lease.key());
        }
        results.put(lease.key(), result);
        completed.put(lease.key(), true);
    }

    @Override
    public void release(Lease lease) {
        if (tokens.remove(lease.key(), lease.token())) {
            completed.remove(lease.key());
        }
    }

    @Override
    public boolean admit(String organizationId, String recordId, Instant changedAt, Instant now) {
        Instant newest = newestChange.merge(organizationId + "#" + recordId, changedAt,
                (current, offered) -> offered.isBefore(current) ? current : offered);
        return !changedAt.isBefore(newest);
    }
}
