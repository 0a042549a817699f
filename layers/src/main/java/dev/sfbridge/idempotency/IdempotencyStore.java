package dev.sfbridge.idempotency;

import java.time.Duration;
import java.time.Instant;

/**
 * Remembers which keys (notification IDs) have been processed, on the design of Powertools for AWS
 * Lambda's idempotency utility: claim a key before the work, complete it with the result after, release
 * it when the work failed and may be tried again. A worker that dies holding a claim loses it when its
 * lease runs out, and the next worker takes it over.
 */
public interface IdempotencyStore {

    /** Claims {@code key} for a lease of {@code lease}, unless it is completed or another lease is live. */
    Claim claim(String key, Instant now, Duration lease);

    /** Marks the claimed key done with its result; the record is kept for the retention period. */
    void complete(Lease lease, String result, Instant now) throws LeaseLost;

    /** Gives up a claim so the key can be claimed at once again; a lost lease is left alone. */
    void release(Lease lease);

    /** Proof of a claim: only its holder can complete or release the key. */
    record Lease(String key, String token, Instant expiresAt) {}

    sealed interface Claim {
        /** This worker holds the key; {@code takenOver} when a crashed worker's expired lease was taken. */
        record Acquired(Lease lease, boolean takenOver) implements Claim {}

        /** Done before: skip the work. {@code result} is what {@link #complete} stored with it. */
        record AlreadyCompleted(String result) implements Claim {}

        /** Another worker holds a live lease: try again after it. */
        record HeldElsewhere() implements Claim {}
    }

    /** The lease ran out and another worker took the key over before this one completed it. */
    final class LeaseLost extends Exception {
        public LeaseLost(String key) {
            super("the lease on " + key + " expired and was taken over before it was completed");
        }
    }
}
