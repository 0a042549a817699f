package dev.sfbridge.sync;

/** How a run paused near the time limit goes on at once in a fresh invocation, rather than at the next schedule. */
@FunctionalInterface
public interface Continuation {
    void request(String job);
}
