package dev.sfbridge.testing;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What the {@link ErpSimulator} did with each change of an order, for a reconciliation that must tell a repeat
 * the faults explain from a duplicate, and an older change the ERP refused because it was already under way from
 * one sent after a newer change was in: each change's first request and first write, by a tick that orders them;
 * how often it was written, and how many of those writes' answers were lost; each 412 {@code stale_change}; and
 * each order's statuses, in order. Thread-safe.
 */
public final class ErpOrderLedger {
    /** One change of a record: what the ERP orders writes by. */
    public record Change(String recordId, Instant sourceModifiedAt) {}

    /**
     * @param applied     writes of the change the ERP applied: the first, and any repeat of it (200, the same change again)
     * @param answersLost of those, the writes whose answer never reached the client: a repeat after each is what it must send
     */
    public record Writes(Change change, int applied, int answersLost) {}

    /**
     * A change refused with 412 as older than the one the ERP held.
     *
     * @param underWay whether a request of the refused change reached the ERP before the held, newer one was first
     *                 written: a slow or retried older write, admitted before the newer one. Otherwise the older change
     *                 was sent after the newer one was in, which the order worker's own guard is there to stop
     */
    public record StaleRefusal(Change refused, Instant held, boolean underWay) {}

    private long ticks;
    private final Map<Change, Long> firstRequest = new HashMap<>();
    private final Map<Change, Long> firstWrite = new HashMap<>();
    private final Map<Change, int[]> writes = new HashMap<>();
    private final List<StaleRefusal> refusals = new CopyOnWriteArrayList<>();
    private final Map<String, List<String>> statuses = new HashMap<>();

    /** A request for the change reached the ERP, whatever it was then answered. */
    synchronized void requested(Change change) {
        firstRequest.putIfAbsent(change, ++ticks);
    }

    /** The ERP applied a write of the change. */
    synchronized void applied(Change change) {
        firstWrite.putIfAbsent(change, ++ticks);
        writes.computeIfAbsent(change, c -> new int[2])[0]++;
    }

    /** The answer to an applied write of the change never reached the client. */
    synchronized void answerLost(Change change) {
        writes.computeIfAbsent(change, c -> new int[2])[1]++;
    }

    /** The ERP refused {@code refused} with 412, holding the record's change of {@code held}. */
    synchronized void refusedAsStale(Change refused, Instant held) {
        Long requested = firstRequest.get(refused);
        Long heldWritten = firstWrite.get(new Change(refused.recordId(), held));
        refusals.add(new StaleRefusal(refused, held, requested != null && heldWritten != null && requested < heldWritten));
    }

    /** The order took this status: at its creation, or as the ERP moved it on. */
    synchronized void status(String recordId, String status) {
        statuses.computeIfAbsent(recordId, id -> new ArrayList<>()).add(status);
    }

    /** Every change written, with how often and how many of those answers were lost. */
    public synchronized List<Writes> writes() {
        return writes.entrySet().stream().map(e -> new Writes(e.getKey(), e.getValue()[0], e.getValue()[1])).toList();
    }

    public List<StaleRefusal> staleRefusals() {
        return List.copyOf(refusals);
    }

    /** The statuses the record's order has had, the first at its creation; empty for a record without one. */
    public synchronized List<String> statusHistory(String recordId) {
        return List.copyOf(statuses.getOrDefault(recordId, List.of()));
    }
}
