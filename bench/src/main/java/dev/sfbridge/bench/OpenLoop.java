package dev.sfbridge.bench;

import dev.sfbridge.bench.ClosedLoop.Measurement;
import dev.sfbridge.bench.ClosedLoop.Operation;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.LockSupport;

/**
 * Open-loop load at a fixed rate: operation {@code k} is due {@code k / rate} seconds after the start and
 * starts then, on a thread of its own, however the earlier ones are doing, as independent senders would.
 * Its latency counts from when it was due, so a stall is charged to every request it held back (no
 * coordinated omission). This answers "how fast are the answers at this load", where a closed loop answers
 * "how much load until it saturates".
 */
final class OpenLoop {
    private OpenLoop() {}

    /** @param first the index of the first operation; the operations get first, first + 1, ... */
    static Measurement run(double perSecond, int first, int count, Operation operation) {
        if (perSecond <= 0 || count < 0) {
            throw new IllegalArgumentException("needs a rate above zero and a count of zero or more");
        }
        Tally tally = new Tally(first, count);
        long start = System.nanoTime();
        try (ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int k = 0; k < count; k++) {
                long due = start + (long) (k * 1e9 / perSecond);
                waitUntil(due);
                int index = first + k;
                senders.execute(() -> {
                    try {
                        operation.run(index);
                        tally.succeeded(index, System.nanoTime() - due);
                    } catch (Exception e) {
                        tally.failed(index, e);
                    }
                });
            }
        } // close() waits for every sender
        return tally.measurement(System.nanoTime() - start);
    }

    /** Pacing, not synchronisation: the schedule is the point of an open loop. */
    private static void waitUntil(long due) {
        for (long left = due - System.nanoTime(); left > 0; left = due - System.nanoTime()) {
            LockSupport.parkNanos(left);
        }
    }
}
