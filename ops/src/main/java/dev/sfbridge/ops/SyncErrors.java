package dev.sfbridge.ops;

import dev.sfbridge.sync.SyncError;
import dev.sfbridge.sync.SyncErrorTable;
import java.io.PrintStream;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/** {@code sync errors}: the records a sync could not write, with their errors, attempts and whether they are parked. */
final class SyncErrors implements Command {
    @Override
    public String name() {
        return "sync errors";
    }

    @Override
    public String usage() {
        return """
                sfbridge-ops sync errors --errors-table NAME [--job JOB]
                  Lists the batch sync's error table (the stack's output SyncErrorsTableName): per record its sync job and
                  key, Salesforce's error, how often it was sent, when it failed first and last, and whether it is parked
                  (no longer sent until `sync retry`). Never the row's values. Changes nothing.
                  --job JOB   only this sync job's errors: erp-invoices-to-salesforce or salesforce-accounts-to-erp""";
    }

    @Override
    public Set<String> options() {
        return Set.of("--errors-table", "--job");
    }

    @Override
    public void run(Arguments arguments, Connection connection, PrintStream out) {
        String table = arguments.required("--errors-table");
        List<SyncError> errors = SyncTableCalls.call(table, () -> {
            SyncErrorTable errorTable = new SyncErrorTable(connection.tables(), table);
            try (Stream<SyncError> all = arguments.option("--job").map(errorTable::errors).orElseGet(errorTable::all)) {
                return all.toList();
            }
        });
        errors.forEach(error -> out.printf("%s %s attempts=%d%s first=%s last=%s%n  %s%n", error.job(), error.key(), error.attempts(),
                error.parked() ? " PARKED" : "", error.firstSeen(), error.lastSeen(), error.error()));
        out.printf("%d error(s), %d parked, in %s%n", errors.size(), errors.stream().filter(SyncError::parked).count(), table);
    }
}
