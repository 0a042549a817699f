package dev.sfbridge.ops;

import java.io.PrintStream;
import java.util.Set;

/** One of sfbridge-ops' commands. */
interface Command {
    /** The words that name it, e.g. {@code dlq list}. */
    String name();

    /** What {@code --help} prints. */
    String usage();

    /** The options it takes besides the global ones. */
    Set<String> options();

    /** Prints what it did to {@code out}; stops with an {@link OpsFailure} when it cannot. */
    void run(Arguments arguments, Connection connection, PrintStream out);
}
