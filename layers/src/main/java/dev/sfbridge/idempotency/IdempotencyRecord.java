package dev.sfbridge.idempotency;

import java.time.Instant;

/** What the store holds for a key. {@code result} is set once completed; {@code leaseExpiresAt} while in progress. */
public record IdempotencyRecord(String key, Status status, String result, Instant leaseExpiresAt, Instant expiresAt) {
    public enum Status { IN_PROGRESS, COMPLETED }
}
