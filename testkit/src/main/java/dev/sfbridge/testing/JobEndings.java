package dev.sfbridge.testing;

import java.util.ArrayDeque;
import java.util.Queue;

/**
 * The endings a test orders for the next jobs a Bulk API simulator processes, ingest and query jobs alike: each
 * one {@code Failed} with a message or {@code Aborted}, taken in order; a job with none ordered completes.
 *
 * @param <S> the job's states ({@code IngestJob.State} or {@code QueryJob.State})
 */
final class JobEndings<S extends Enum<S>> {
    record Ending<S>(S state, String errorMessage) {}

    private final S failed;
    private final S aborted;
    private final Queue<Ending<S>> ordered = new ArrayDeque<>();

    JobEndings(S failed, S aborted) {
        this.failed = failed;
        this.aborted = aborted;
    }

    synchronized void endNextJob(S state, String errorMessage) {
        if (state != failed && state != aborted) {
            throw new IllegalArgumentException("a job is made to end " + failed + " or " + aborted + ", not " + state);
        }
        ordered.add(new Ending<>(state, errorMessage));
    }

    /** The ending ordered for the job now processed, or null when it is to complete. */
    synchronized Ending<S> next() {
        return ordered.poll();
    }
}
