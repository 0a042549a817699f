package dev.sfbridge.idempotency;

import java.time.Instant;

/** Refuses a change of a record older than the newest change already admitted for it. */
public interface ChangeGuard {
    /** True if {@code changedAt} is not older than the newest change admitted for the record; then it becomes the newest. */
    boolean admit(String organizationId, String recordId, Instant changedAt, Instant now);
}
