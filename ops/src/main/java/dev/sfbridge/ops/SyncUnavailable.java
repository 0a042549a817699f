package dev.sfbridge.ops;

import java.io.PrintStream;
import java.util.Set;

/**
 * {@code sync status} and {@code sync retry}: reserved for the Bulk API batch sync, whose control table does
 * not exist yet. They say so, rather than being unknown commands.
 */
record SyncUnavailable(String name) implements Command {
    @Override
    public String usage() {
        return "sfbridge-ops " + name + "\n  The batch sync's " + (name.endsWith("status") ? "status" : "retry of failed records")
                + ". No batch sync is deployed in this version: the command exits 2.";
    }

    @Override
    public Set<String> options() {
        return Set.of();
    }

    @Override
    public void run(Arguments arguments, Connection connection, PrintStream out) {
        throw OpsFailure.usage("no batch sync is deployed in this version: there is no sync control table to "
                + (name.endsWith("status") ? "read" : "retry from"));
    }
}
