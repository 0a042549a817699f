package dev.sfbridge.local;

import dev.sfbridge.sync.SyncControlTable;
import dev.sfbridge.sync.SyncState;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * The batch sync beside the Closed Won scenario: each {@link SyncDirection} changes its source in {@link #ROUNDS}
 * rounds one sync period apart, from the scenario's start; at its end, once each job's watermark has passed its last
 * change (a run that succeeded covers it), each direction is reconciled. A job whose runs do not get there by the
 * deadline is reconciled as it stands, with that said.
 */
final class SyncScenario {
    static final int ROUNDS = 3;
    private static final Duration CHECK_EVERY = Duration.ofMillis(100);

    private final List<SyncDirection> directions;
    private final SyncControlTable control;
    private final Duration period;
    /** Each job's last change so far. */
    private final Map<String, Instant> lastChange = new ConcurrentHashMap<>();
    private Thread changing;

    /** @param period the sync's schedule as it runs here: the rounds are as far apart */
    SyncScenario(List<SyncDirection> directions, SyncControlTable control, Duration period) {
        this.directions = List.copyOf(directions);
        this.control = control;
        this.period = period;
    }

    /** Starts the rounds of changes. */
    void start() {
        changing = Thread.ofPlatform().name("sync-scenario-changes").daemon().start(() -> {
            try {
                for (int round = 0; round < ROUNDS; round++) {
                    if (round > 0) {
                        Thread.sleep(period);
                    }
                    for (SyncDirection direction : directions) {
                        direction.change(round).ifPresent(at -> lastChange.merge(direction.syncJob(), at,
                                (a, b) -> a.isAfter(b) ? a : b));
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    /**
     * Waits for the rounds, then until each job's watermark is past its last change or {@code deadline} passes, then
     * reconciles every direction.
     */
    List<SyncReconciliation> reconcile(Instant deadline, PrintStream out) throws InterruptedException {
        if (changing != null) {
            changing.join(Math.max(1, Duration.between(Instant.now(), deadline).toMillis()));
        }
        List<String> waiting = waitingFor();
        if (!waiting.isEmpty()) {
            out.println("Waiting for a sync run of " + String.join(", ", waiting) + " past the last change.");
        }
        while (!waiting.isEmpty() && Instant.now().isBefore(deadline)) {
            Thread.sleep(CHECK_EVERY);
            waiting = waitingFor();
        }
        List<SyncReconciliation> reconciled = new ArrayList<>();
        for (SyncDirection direction : directions) {
            String job = direction.syncJob();
            Optional<SyncState> state = control.read(job).map(SyncControlTable.Entry::state);
            List<String> late = waiting.contains(job) ? List.of("no run of " + job + " succeeded past the last change at "
                    + lastChange.get(job) + " in time") : List.of();
            reconciled.add(direction.reconcile().withRun(state.map(SyncScenario::describe).orElse("none"), late));
        }
        return reconciled;
    }

    /** The jobs whose watermark has not passed their last change yet. */
    private List<String> waitingFor() {
        return lastChange.entrySet().stream().filter(change -> control.read(change.getKey())
                        .map(entry -> entry.state().watermark()).filter(watermark -> watermark.isAfter(change.getValue())).isEmpty())
                .map(Map.Entry::getKey).sorted().toList();
    }

    /** A job's state in one line: the status, the watermark, the last run's counts and its reason if it failed. */
    static String describe(SyncState state) {
        String counts = state.counts().entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(count -> count.getKey() + " " + count.getValue()).collect(Collectors.joining(", "));
        return "%s, watermark %s%s%s".formatted(state.status(), state.watermark(), counts.isEmpty() ? "" : ", " + counts,
                state.reason() == null ? "" : ", " + state.reason());
    }
}
