package dev.sfbridge.bench;

import dev.sfbridge.bench.ClosedLoop.Measurement;
import dev.sfbridge.bench.ClosedLoop.Operation;
import dev.sfbridge.bench.ClosedLoop.Workload;
import dev.sfbridge.testing.EmbeddedSqs;
import dev.sfbridge.testing.EmulatorClients;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * sfbridge's listener beside two baselines in the same harness (docs/benchmarks.md, "Side by side"): the naive
 * listener (DOM, one {@code SendMessage} per notification) and the WSDL's JAX-WS port on Apache CXF. Each runs in
 * a JVM of its own ({@link ListenerUnderTestMain}) on one ElasticMQ in a JVM of its own, so the CPU time read
 * from a listener's process is that listener's alone. The two Lambda functions (sfbridge's and the naive one)
 * are invoked as Lambda invokes them, by the local API Gateway in a JVM of its own: its CPU (HTTP, the proxy
 * event, base64, JSON), which API Gateway spends outside the function on AWS, is read apart and reported beside
 * the function's, never left out. Each listener's JVM keeps {@code http.maxConnections} idle connections for
 * each client, as that many Lambda instances would ({@link ConnectionReuse}). After a warm-up of each, rounds
 * take the three in turn (the order rotating each round), so drift on a shared machine falls on all three
 * alike: a closed loop at saturation (notifications/s), then an open loop at a fixed rate (ack latency), each
 * with the listener process's CPU time over the measured part. A sweep of open loops over rising rates then
 * draws the chart.
 */
public final class ListenersHarness {
    static final int NOTIFICATIONS = ListenerLoadHarness.NOTIFICATIONS;
    /** Distinct messages posted in turn: enough that no cache of one body helps, few enough to build at once. */
    static final int DISTINCT_MESSAGES = 64;
    /** Requests sent one at a time to a fresh listener before its concurrent warm-up. */
    static final int PRIMING_REQUESTS = 5;
    /** A median ack slower than this means saturation: Salesforce's own patience is about ten times that. */
    static final int SWEEP_LIMIT_MILLIS = 2_000;
    static final Path CHART = Path.of("bench", "target", "listener-latency.png");

    static final String USAGE = """
            Usage: ./dev bench listeners [--clients N] [--requests N] [--warmup N] [--rate N] [--rounds N]
                                         [--sweep-seconds N] [--sweep-step N] [--sweep-max N]
              --clients N        closed-loop clients, each posting its next message once the last is acked (default 8)
              --requests N       measured requests per listener in each closed and open loop (default 300)
              --warmup N         closed-loop requests per listener before anything is measured (default 1000: after
                                 300, each listener's first round still cost 1.5-2x its second, its JIT compiling)
              --rate N           notifications/s offered in each round's open loop, below every listener's saturation
                                 (default 1000: the naive one saturates near 1,000-1,300/s on the project's 2 cores)
              --rounds N         rounds, each measuring the three listeners in turn (default 2)
              --sweep-seconds N  seconds of load per listener and rate in the chart's sweep; 0: no sweep (default 3)
              --sweep-step N     the sweep's rates: step, 2 step, ... up to --sweep-max notifications/s (default 1000)
              --sweep-max N      (default 8000)""";

    record Options(int clients, int requests, int warmup, int rate, int rounds, int sweepSeconds, int sweepStep, int sweepMax) {
        Options {
            if (clients < 1 || requests < 1 || rate < 1 || rounds < 1 || sweepStep < 1 || sweepMax < sweepStep) {
                throw new IllegalArgumentException(USAGE);
            }
        }

        static Options parse(String... args) {
            Map<String, Integer> f = IntFlags.parse(args, Map.of("--clients", 8, "--requests", 300, "--warmup", 1_000,
                    "--rate", 1_000, "--rounds", 2, "--sweep-seconds", 3, "--sweep-step", 1_000, "--sweep-max", 8_000), USAGE);
            return new Options(f.get("--clients"), f.get("--requests"), f.get("--warmup"), f.get("--rate"), f.get("--rounds"),
                    f.get("--sweep-seconds"), f.get("--sweep-step"), f.get("--sweep-max"));
        }

        List<Integer> sweepRates() {
            List<Integer> rates = new ArrayList<>();
            for (int r = sweepStep; sweepSeconds > 0 && r <= sweepMax; r += sweepStep) {
                rates.add(r);
            }
            return rates;
        }
    }

    /**
     * One measured part of one listener: the load's outcome, the listener process's CPU time during it (the
     * function's alone, or CXF's server), and its local API Gateway's process's (zero for CXF, which has none).
     */
    record Part(Measurement load, Duration cpu, Duration gatewayCpu) {
        long notifications() {
            return (long) load.succeeded() * NOTIFICATIONS;
        }

        double cpuMicrosPerNotification() {
            return cpu.toNanos() / 1e3 / notifications();
        }

        double cpuMillisPerMessage() {
            return cpuMicrosPerNotification() * NOTIFICATIONS / 1e3;
        }

        /** The listener's and its gateway's CPU together, per message. */
        double withGatewayMillisPerMessage() {
            return cpu.plus(gatewayCpu).toNanos() / 1e6 / notifications() * NOTIFICATIONS;
        }
    }

    /** Both processes' CPU time so far. */
    private record Cpu(Duration listener, Duration gateway) {}

    /**
     * A listener in its own JVM (a function with its local API Gateway in another), its queue, the HTTP client
     * that posts to it, and how many requests it was sent.
     */
    private static final class UnderTest implements AutoCloseable {
        final ListenerKind kind;
        final JavaChild process;
        final JavaChild gateway;
        final URI endpoint;
        final String queueUrl;
        final HttpClient http = ListenerLoadHarness.client();
        final List<byte[]> messages;
        int sent;

        UnderTest(ListenerKind kind, URI sqsEndpoint, String queueUrl, List<byte[]> messages, List<String> jvmFlags)
                throws IOException {
            this.kind = kind;
            this.queueUrl = queueUrl;
            this.messages = messages;
            this.process = JavaChild.start(jvmFlags, ListenerUnderTestMain.class,
                    kind.name().toLowerCase(Locale.ROOT), sqsEndpoint.toString(), queueUrl);
            URI served = process.awaitReady();
            if (kind.isFunction()) {
                this.gateway = JavaChild.start(List.of(), ListenerUnderTestMain.class, ListenerUnderTestMain.GATEWAY, served.toString());
                this.endpoint = gateway.awaitReady();
            } else {
                this.gateway = null;
                this.endpoint = served;
            }
        }

        Cpu cpuTime() {
            return new Cpu(process.cpuTime(), gateway == null ? Duration.ZERO : gateway.cpuTime());
        }

        Part part(Measurement load, Cpu before) {
            Cpu after = cpuTime();
            return new Part(load, after.listener().minus(before.listener()), after.gateway().minus(before.gateway()));
        }

        Operation post() {
            return i -> OutboundMessagePost.deliver(http, endpoint, messages.get(i % messages.size()), kind.isAck);
        }

        Part closedLoop(int clients, int count) {
            Cpu before = cpuTime();
            Measurement m = ClosedLoop.run(clients, sent, count, post());
            sent += count;
            return part(m, before);
        }

        Part openLoop(int notificationsPerSecond, int count) {
            Cpu before = cpuTime();
            Measurement m = OpenLoop.run((double) notificationsPerSecond / NOTIFICATIONS, sent, count, post());
            sent += count;
            return part(m, before);
        }

        @Override
        public void close() {
            http.close();
            if (gateway != null) {
                gateway.close();
            }
            process.close();
        }
    }

    private ListenersHarness() {}

    public static void main(String[] args) throws Exception {
        HarnessMain.exit(args, Options::parse, ListenersHarness::run);
    }

    static boolean run(Options options, PrintStream out) throws IOException {
        return run(options, out, CHART);
    }

    /** @return whether every request was acked and every acked notification is on its listener's queue */
    static boolean run(Options options, PrintStream out, Path chart) throws IOException {
        out.printf(Locale.ROOT, "sfbridge's listener beside the baselines: %d warm-up requests each, then %d round(s) of %d requests at"
                        + " saturation (%d clients) and %d offered at %,d notifications/s; sweep %s; messages of %d"
                        + " notifications; each listener, each function's local API Gateway and ElasticMQ in a JVM of its own;"
                        + " the listeners' JVMs with %s; %s%n",
                options.warmup(), options.rounds(), options.requests(), options.clients(), options.requests(), options.rate(),
                options.sweepRates().isEmpty() ? "off" : options.sweepRates() + " notifications/s, " + options.sweepSeconds() + " s each",
                NOTIFICATIONS, ConnectionReuse.flag(options.clients()), Machine.load());
        List<byte[]> messages = ListenerLoadHarness.messages(DISTINCT_MESSAGES);
        LoadReport report = new LoadReport(out);
        Map<ListenerKind, List<Part>> saturated = new EnumMap<>(ListenerKind.class);
        Map<ListenerKind, List<Part>> atRate = new EnumMap<>(ListenerKind.class);
        Map<String, List<LatencyChart.Point>> sweep = new LinkedHashMap<>();
        try (JavaChild emulator = JavaChild.start(List.of(), SqsServerMain.class)) {
            URI sqsEndpoint = emulator.awaitReady();
            List<UnderTest> listeners = new ArrayList<>();
            try (SqsClient sqs = EmulatorClients.sqs(sqsEndpoint)) {
                for (ListenerKind kind : ListenerKind.values()) {
                    listeners.add(new UnderTest(kind, sqsEndpoint,
                            EmbeddedSqs.createQueue(sqs, "listeners-" + kind.name().toLowerCase(Locale.ROOT)), messages,
                            List.of(ConnectionReuse.flag(options.clients()))));
                }
                for (UnderTest listener : listeners) {
                    // a few one at a time first: on a busy machine eight cold requests at once can outlast the timeout
                    new Workload(1, PRIMING_REQUESTS, 0, listener.post()).warmUp();
                    new Workload(options.clients(), options.warmup(), 0, listener.post()).warmUp();
                    listener.sent = PRIMING_REQUESTS + options.warmup();
                }
                for (int round = 0; round < options.rounds(); round++) {
                    for (int k = 0; k < listeners.size(); k++) {
                        UnderTest listener = listeners.get((k + round) % listeners.size());
                        Part closed = listener.closedLoop(options.clients(), options.requests());
                        Part open = listener.openLoop(options.rate(), options.requests());
                        report.checked(closed.load());
                        report.checked(open.load());
                        saturated.computeIfAbsent(listener.kind, x -> new ArrayList<>()).add(closed);
                        atRate.computeIfAbsent(listener.kind, x -> new ArrayList<>()).add(open);
                        out.printf("round %d %-30s %s%n", round + 1, listener.kind.label, line(closed, open));
                    }
                }
                List<UnderTest> swept = new ArrayList<>(listeners);
                for (int rate : options.sweepRates()) {
                    int requests = Math.max(1, rate * options.sweepSeconds() / NOTIFICATIONS);
                    for (UnderTest listener : List.copyOf(swept)) {
                        Part part = listener.openLoop(rate, requests);
                        report.checked(part.load());
                        LatencyStats l = part.load().latency();
                        sweep.computeIfAbsent(listener.kind.label, x -> new ArrayList<>())
                                .add(new LatencyChart.Point(rate, l.millis(0.5), l.millis(0.99), l.millis(0.999)));
                        out.printf(Locale.ROOT, "sweep %,6d/s %-30s p50 %8.1f  p99 %8.1f  p99.9 %8.1f ms  %d/%d acked%n", rate,
                                listener.kind.label, l.millis(0.5), l.millis(0.99), l.millis(0.999),
                                part.load().succeeded(), part.load().operations());
                        if (l.millis(0.5) > SWEEP_LIMIT_MILLIS) {
                            // past its saturation a listener's queue only grows: higher rates would time requests out
                            out.printf(Locale.ROOT, "  %s: median past %,d ms, not offered higher rates%n", listener.kind.label, SWEEP_LIMIT_MILLIS);
                            swept.remove(listener);
                        }
                    }
                }
                for (UnderTest listener : listeners) {
                    report.queued(listener.kind.label + "'s queue", ListenerLoadHarness.held(sqs, listener.queueUrl), (long) listener.sent * NOTIFICATIONS,
                            listener.kind.notificationsPerMessage());
                }
            } finally {
                listeners.forEach(UnderTest::close);
            }
        }
        summary(out, saturated, atRate);
        if (!sweep.isEmpty()) {
            LatencyChart.write(chart, "Ack latency against offered load (messages of 100 notifications)", sweep);
            out.println("chart: " + chart);
        }
        return report.finish();
    }

    private static String line(Part closed, Part open) {
        LatencyStats l = open.load().latency();
        return String.format(Locale.ROOT, "saturation %,7.0f notifications/s, CPU %6.2f ms/message (with gateway %6.2f) | at rate p50 %6.1f"
                        + " p99 %7.1f p99.9 %7.1f ms, CPU %6.2f ms/message (with gateway %6.2f)",
                closed.load().unitsPerSecond(NOTIFICATIONS), closed.cpuMillisPerMessage(), closed.withGatewayMillisPerMessage(),
                l.millis(0.5), l.millis(0.99), l.millis(0.999), open.cpuMillisPerMessage(), open.withGatewayMillisPerMessage());
    }

    /**
     * Every round's parts together per listener, and each listener's CPU per message as a ratio of CXF's: the
     * function alone (what its Lambda process spends), and with its local API Gateway's process added.
     */
    private static void summary(PrintStream out, Map<ListenerKind, List<Part>> saturated, Map<ListenerKind, List<Part>> atRate) {
        out.println("all rounds together (CPU per 100-notification message; a function alone, and with its local API Gateway):");
        Map<ListenerKind, Part> closed = new EnumMap<>(ListenerKind.class);
        Map<ListenerKind, Part> open = new EnumMap<>(ListenerKind.class);
        for (ListenerKind kind : saturated.keySet()) {
            closed.put(kind, combined(saturated.get(kind)));
            open.put(kind, combined(atRate.get(kind)));
            out.printf("  %-30s %s%n", kind.label, line(closed.get(kind), open.get(kind)));
        }
        if (closed.containsKey(ListenerKind.CXF)) {
            for (ListenerKind kind : closed.keySet()) {
                if (kind.isFunction()) {
                    out.printf("  CPU per message / CXF's, %-24s %s%n", kind.label + ":", ratios(closed, open, kind));
                }
            }
        }
    }

    /** {@code kind}'s CPU per message as a share of CXF's, at saturation and at the rate, without and with its gateway. */
    static String ratios(Map<ListenerKind, Part> closed, Map<ListenerKind, Part> open, ListenerKind kind) {
        Part cxfClosed = closed.get(ListenerKind.CXF);
        Part cxfOpen = open.get(ListenerKind.CXF);
        return String.format(Locale.ROOT, "saturation %.2f (with gateway %.2f), at rate %.2f (with gateway %.2f)",
                closed.get(kind).cpuMillisPerMessage() / cxfClosed.cpuMillisPerMessage(),
                closed.get(kind).withGatewayMillisPerMessage() / cxfClosed.withGatewayMillisPerMessage(),
                open.get(kind).cpuMillisPerMessage() / cxfOpen.cpuMillisPerMessage(),
                open.get(kind).withGatewayMillisPerMessage() / cxfOpen.withGatewayMillisPerMessage());
    }

    /** Parts of one listener as one: their latencies pooled, their times and CPU added. */
    static Part combined(List<Part> parts) {
        int operations = 0;
        int succeeded = 0;
        long wall = 0;
        Duration cpu = Duration.ZERO;
        Duration gatewayCpu = Duration.ZERO;
        List<Long> nanos = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        for (Part p : parts) {
            operations += p.load().operations();
            succeeded += p.load().succeeded();
            wall += p.load().wallNanos();
            cpu = cpu.plus(p.cpu());
            gatewayCpu = gatewayCpu.plus(p.gatewayCpu());
            p.load().latency().nanos().forEach(nanos::add);
            failures.addAll(p.load().failures());
        }
        return new Part(new Measurement(operations, succeeded,
                new LatencyStats(nanos.stream().mapToLong(Long::longValue).toArray()), wall, failures), cpu, gatewayCpu);
    }
}
