package dev.sfbridge.bench;

import dev.sfbridge.bench.ClosedLoop.Measurement;
import java.io.PrintStream;
import java.util.Locale;

/**
 * What the load harness prints: a line per configuration, the check that each ack stands for queued
 * notifications, the listener's share of the emulator's ceiling, and a verdict that no failure can miss.
 */
final class LoadReport {
    private final PrintStream out;
    private boolean failed;

    LoadReport(PrintStream out) {
        this.out = out;
    }

    /**
     * @param unitsPerOperation notifications per request, or messages per batch
     * @return the units per second, to compare configurations by
     */
    double row(String configuration, Measurement m, int unitsPerOperation, String unit) {
        double perSecond = m.unitsPerSecond(unitsPerOperation);
        out.printf(Locale.ROOT, "%-34s %6d/%-6d ok   p50 %7.1f ms   p99 %7.1f ms   max %7.1f ms   %,9.0f %s%n", configuration,
                m.succeeded(), m.operations(), m.latency().millis(0.5), m.latency().millis(0.99), m.latency().millis(1),
                perSecond, unit);
        checked(m);
        return perSecond;
    }

    /** Prints and remembers the failures of a measurement; other harnesses print their rows their own way. */
    void checked(Measurement m) {
        if (m.failed() > 0) {
            failed = true;
            out.printf("  FAILED: %d of %d got no success; the first: %s%n", m.failed(), m.operations(), m.failures());
        }
    }

    /**
     * Fewer messages than the acked notifications fill would be an ack without its notification: a failure. More
     * are duplicates of sends retried after a timeout, which SQS's at-least-once delivery allows and sfbridge's
     * consumers absorb; they are reported, not failed.
     *
     * @param perMessage the notifications in each message the listener queued (sfbridge's packs; 1 for one each):
     *                   a divisor of the 100 of each request, so every request fills whole messages
     */
    void queued(String where, long found, long ackedNotifications, int perMessage) {
        long expected = ackedNotifications / perMessage;
        if (found < expected) {
            failed = true;
            out.printf("  FAILED: %s holds %d messages where %d notifications were acked (%d messages of %d)%n", where, found,
                    ackedNotifications, expected, perMessage);
        } else if (found > expected) {
            out.printf("  note: %s holds %d messages for %d acked notifications (%d messages of %d): %d duplicates of retried sends%n",
                    where, found, ackedNotifications, expected, perMessage, found - expected);
        }
    }

    void share(String listener, double listenerPerSecond, String ceiling, double ceilingPerSecond) {
        out.printf(Locale.ROOT, "%s reaches %.0f %% of %s, the emulator's own ceiling at the same concurrency%n",
                listener, 100 * listenerPerSecond / ceilingPerSecond, ceiling);
    }

    /** @return whether every operation succeeded and no queue held fewer messages than were acked */
    boolean finish() {
        out.println(failed
                ? "RUN FAILED: some requests were not acked or queued; the figures above do not stand"
                : "every request acked; every acked notification accounted for");
        return !failed;
    }
}
