package dev.sfbridge.bench;

import dev.sfbridge.contract.HardenedXmlInput;
import dev.sfbridge.contract.OutboundMessageParser;
import dev.sfbridge.contract.OutboundMessageRejected;
import dev.sfbridge.listener.ListenerConfig;
import dev.sfbridge.testing.OutboundMessages;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;

/**
 * The parse of one outbound message of 100 notifications in CPU time of the parsing thread, not wall time: on a
 * machine whose cores other work shares, wall-clock figures (JMH's) measure the queue for the CPU as much as the
 * parser, while the thread's own CPU time does not grow with the neighbours' load. Batches of parses after a
 * warm-up; the report gives the median and the spread of the batches' means.
 */
public final class ParseCpuHarness {
    static final String USAGE = """
            Usage: ./dev bench parsecpu [--warmup N] [--batches N] [--parses N]
              --warmup N   parses before any is measured (default 3000)
              --batches N  measured batches (default 10)
              --parses N   parses per batch (default 500)""";

    record Options(int warmup, int batches, int parses) {
        Options {
            if (batches < 1 || parses < 1) {
                throw new IllegalArgumentException(USAGE);
            }
        }

        static Options parse(String... args) {
            Map<String, Integer> f = IntFlags.parse(args, Map.of("--warmup", 3_000, "--batches", 10, "--parses", 500), USAGE);
            return new Options(f.get("--warmup"), f.get("--batches"), f.get("--parses"));
        }
    }

    private ParseCpuHarness() {}

    public static void main(String[] args) throws Exception {
        HarnessMain.exit(args, Options::parse, ParseCpuHarness::run);
    }

    static boolean run(Options options, PrintStream out) throws OutboundMessageRejected {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        OutboundMessageParser parser = new OutboundMessageParser(new HardenedXmlInput(ListenerConfig.DEFAULT_MAX_ELEMENT_DEPTH));
        byte[] body = OutboundMessages.closedWon(1, ListenerLoadHarness.NOTIFICATIONS).xml().getBytes(StandardCharsets.UTF_8);
        out.printf("parse of one message of %d notifications, CPU time of the parsing thread: %d warm-up parses, %d batches of %d; %s%n",
                ListenerLoadHarness.NOTIFICATIONS, options.warmup(), options.batches(), options.parses(), Machine.load());
        int notifications = 0;
        for (int i = 0; i < options.warmup(); i++) {
            notifications += parser.parse(body).notifications().size();
        }
        double[] micros = new double[options.batches()];
        for (int b = 0; b < options.batches(); b++) {
            long before = threads.getCurrentThreadCpuTime();
            for (int i = 0; i < options.parses(); i++) {
                notifications += parser.parse(body).notifications().size();
            }
            micros[b] = (threads.getCurrentThreadCpuTime() - before) / 1e3 / options.parses();
        }
        Arrays.sort(micros);
        out.printf(Locale.ROOT, "CPU per parse: median %.1f µs (batches %.1f–%.1f µs); %d notifications read%n",
                micros[micros.length / 2], micros[0], micros[micros.length - 1], notifications);
        return notifications == (options.warmup() + options.batches() * options.parses()) * ListenerLoadHarness.NOTIFICATIONS;
    }
}
