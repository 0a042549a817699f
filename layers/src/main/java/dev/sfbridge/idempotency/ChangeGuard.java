package dev.sfbridge.idempotency;

import java.time.Instant;

/** Refuses a change of a record older than the newest change already admitted for it. */
public interface ChangeGuard {
    /** What a change that comes with its data meets. */
    enum Admission {
        /** Not older than the newest admitted, and at an equal time the same data: it becomes the newest. */
        ADMITTED,
        /** Older than the newest admitted. */
        STALE,
        /** At the time of the newest admitted, with other data: which of the two is newer, the times cannot tell. */
        SAME_TIME_OTHER_DATA
    }

    /** True if {@code changedAt} is not older than the newest change admitted for the record; then it becomes the newest. */
    boolean admit(String organizationId, String recordId, Instant changedAt, Instant now);

    /**
     * As {@link #admit(String, String, Instant, Instant)}, for a change whose data has {@code digest}: at a time equal to
     * the newest admitted only the same data is admitted (a repeat), other data is
     * {@link Admission#SAME_TIME_OTHER_DATA}. A guard that keeps no digest admits equal times alike.
     */
    default Admission admit(String organizationId, String recordId, Instant changedAt, String digest, Instant now) {
        return admit(organizationId, recordId, changedAt, now) ? Admission.ADMITTED : Admission.STALE;
    }

    /**
     * The record's state as read from its source, with its data's {@code digest}: admitted at a time equal to the
     * newest whatever data that had, which its own becomes; refused only when older.
     */
    default boolean admitRead(String organizationId, String recordId, Instant changedAt, String digest, Instant now) {
        return admit(organizationId, recordId, changedAt, now);
    }

    /**
     * Whether, since a change with {@code digest} was admitted at {@code changedAt}, other data has been admitted at that
     * same time (read consistently, so a write this follows is seen). A guard that keeps no digest cannot tell: false.
     */
    default boolean otherDataAdmittedAt(String organizationId, String recordId, Instant changedAt, String digest) {
        return false;
    }
}
