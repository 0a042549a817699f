package dev.sfbridge.ops;

import dev.sfbridge.sync.SyncError;
import dev.sfbridge.sync.SyncErrorTable;
import java.io.PrintStream;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/** {@code sync retry}: parked errors are sent again by the next run, their attempts counted from zero. */
final class SyncRetry implements Command {
    @Override
    public String name() {
        return "sync retry";
    }

    @Override
    public String usage() {
        return """
                sfbridge-ops sync retry --errors-table NAME --job JOB [--key KEY]
                  Unparks the sync job's parked errors (or only KEY's): the next run sends their rows again, and they
                  may fail SYNC_MAX_ERROR_ATTEMPTS times before they are parked again. Fix the cause first (sync errors
                  says it): an Account the org lacks, a validation rule, a field the integration user may not edit; for
                  salesforce-accounts-to-erp, what the ERP's customer endpoint refused (its code and message).""";
    }

    @Override
    public Set<String> options() {
        return Set.of("--errors-table", "--job", "--key");
    }

    @Override
    public void run(Arguments arguments, Connection connection, PrintStream out) {
        String table = arguments.required("--errors-table");
        String job = arguments.required("--job");
        long unparked = SyncTableCalls.call(table, () -> {
            SyncErrorTable errors = new SyncErrorTable(connection.tables(), table);
            List<String> keys;
            try (Stream<SyncError> parked = errors.errors(job).filter(SyncError::parked)) {
                keys = parked.map(SyncError::key).filter(key -> arguments.option("--key").map(key::equals).orElse(true)).toList();
            }
            return keys.stream().filter(key -> errors.unpark(job, key)).count();
        });
        if (unparked == 0) {
            throw OpsFailure.aws("no parked error of " + job + arguments.option("--key").map(key -> " with key " + key).orElse("")
                    + " in " + table + " (sync errors lists them)");
        }
        out.printf("%d parked error(s) of %s will be sent again by the next run%n", unparked, job);
    }
}
