package dev.sfbridge.bench;

import java.io.PrintStream;

/** How every load harness ends its JVM: 2 for a bad command line (with the usage), 1 for a failed or crashed run, 0 otherwise. */
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
        boolean passed;
        try {
            passed = run.run(options, System.out);
        } catch (Exception e) {
            // the emulators' threads would keep the JVM alive after an exception left main
            e.printStackTrace();
            passed = false;
        }
        System.exit(passed ? 0 : 1);
    }
}
