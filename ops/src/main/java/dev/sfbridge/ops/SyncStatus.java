package dev.sfbridge.ops;

import dev.sfbridge.sync.SyncControlTable;
import dev.sfbridge.sync.SyncState;
import java.io.PrintStream;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;

/** {@code sync status}: every sync job's item of the control table: watermark, last or current run, lease, restart point. */
final class SyncStatus implements Command {
    @Override
    public String name() {
        return "sync status";
    }

    @Override
    public String usage() {
        return """
                sfbridge-ops sync status --control-table NAME
                  Prints each sync job's item of the batch sync's control table (the stack's output SyncControlTableName):
                  its watermark (every change before it is synced), its current or last run (window, state, counts, why it
                  failed), who holds its lease and until when, and where a running run goes on. Changes nothing.""";
    }

    @Override
    public Set<String> options() {
        return Set.of("--control-table");
    }

    @Override
    public void run(Arguments arguments, Connection connection, PrintStream out) {
        String table = arguments.required("--control-table");
        List<SyncControlTable.Entry> entries = SyncTableCalls.call(table,
                () -> new SyncControlTable(connection.tables(), table).all());
        entries.forEach(entry -> out.println(describe(entry)));
        out.printf("%d sync job(s) in %s%n", entries.size(), table);
    }

    static String describe(SyncControlTable.Entry entry) {
        SyncState state = entry.state();
        StringBuilder text = new StringBuilder(state.job()).append(": ")
                .append(state.status() == null ? "never run" : state.status().name())
                .append(", watermark ").append(state.watermark() == null ? "none (no run has succeeded)" : state.watermark());
        if (state.runId() != null) {
            text.append("\n  run ").append(state.runId()).append(": window ").append(state.windowStart()).append(" .. ")
                    .append(state.windowEnd()).append(", started ").append(state.startedAt())
                    .append(state.endedAt() == null ? "" : ", ended " + state.endedAt());
            text.append("\n  counts: ").append(state.counts().isEmpty() ? "none yet" : new TreeMap<>(state.counts()));
        }
        if (state.reason() != null) {
            text.append("\n  failed: ").append(state.reason());
        }
        if (!state.restart().isEmpty()) {
            text.append("\n  goes on from: ").append(new TreeMap<>(state.restart()));
        }
        text.append("\n  lease: ").append(entry.leaseOwner() == null ? "free"
                : "held by " + entry.leaseOwner() + " until " + entry.leaseUntil());
        return text.toString();
    }
}
