package dev.sfbridge.bench;

import java.io.PrintStream;

/** How every load harness ends its JVM: 2 for a bad command line (with the usage), 1 for a failed run, 0 otherwise. */
final class HarnessMain {
    private HarnessMain() {}

    @FunctionalInterface
    interface Parser<O> {
        O parse(String[] args);
    }

    @FunctionalInterface
    interface Run<O> {
        boolean run(O options, PrintStream out) throws Exception;
    }

    static <O> void exit(String[] args, Parser<O> parser, Run<O> run) throws Exception {
        O options;
        try {
            options = parser.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        System.exit(run.run(options, System.out) ? 0 : 1);
    }
}
