package dev.sfbridge.sync;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A de-duplication tail of {@link SyncState} ({@code key@modifiedAt}) cut to a size in bytes, its newest changes
 * kept. Dropping an entry can only have a change sent again (an upsert: harmless), never skipped, as a change is
 * skipped only when its exact {@code key@modifiedAt} is in the tail; the newest are kept because on a schedule
 * shorter than the lookback they are read again by the most runs.
 */
final class LookbackTail {
    private static final Comparator<String> NEWEST_FIRST =
            Comparator.comparing(LookbackTail::modifiedAt).thenComparing(Comparator.naturalOrder()).reversed();

    private LookbackTail() {}

    /** {@code tail} itself when its entries' UTF-8 bytes (what DynamoDB counts of a string set) fit {@code budget}. */
    static Set<String> newest(Set<String> tail, long budget) {
        if (bytes(tail) <= budget) {
            return tail;
        }
        List<String> newestFirst = new ArrayList<>(tail);
        newestFirst.sort(NEWEST_FIRST);
        Set<String> kept = new HashSet<>();
        long used = 0;
        for (String entry : newestFirst) {
            used += bytes(entry);
            if (used > budget) {
                break;
            }
            kept.add(entry);
        }
        return kept;
    }

    static long bytes(Set<String> tail) {
        return tail.stream().mapToLong(LookbackTail::bytes).sum();
    }

    private static long bytes(String entry) {
        return entry.getBytes(StandardCharsets.UTF_8).length;
    }

    /** The entry's modification time; an entry that has none sorts oldest, the first to go. */
    private static Instant modifiedAt(String entry) {
        try {
            return Instant.parse(entry.substring(entry.lastIndexOf('@') + 1));
        } catch (DateTimeParseException e) {
            return Instant.MIN;
        }
    }
}
