package dev.sfbridge.bench;

import dev.sfbridge.testing.EmulatorClients;
import dev.sfbridge.testing.OutboundMessages;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * How long a fresh JVM takes from process start to its first ack (docs/benchmarks.md): the listener
 * starts alone ({@link ListenerServerMain}) on an ElasticMQ that already runs in a JVM of its own, and
 * gets one 1-notification message as soon as it says it serves. The JVM flag variants take turns run by
 * run, so drift on the machine falls on both alike.
 */
public final class ColdStartHarness {
    /** Default flags, and the C1-only flags AWS recommends in JAVA_TOOL_OPTIONS for faster Lambda starts. */
    private static final List<Variant> VARIANTS = List.of(
            new Variant("default JVM flags", List.of()),
            new Variant("-XX:+TieredCompilation -XX:TieredStopAtLevel=1",
                    List.of("-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1")));

    static final String USAGE = """
            Usage: ./dev bench coldstart [--runs N]
              --runs N   fresh JVMs per JVM-flag variant (default 10)""";

    private record Variant(String name, List<String> jvmFlags) {}

    private record Sample(long readyNanos, long firstAckNanos) {}

    private ColdStartHarness() {}

    public static void main(String[] args) throws Exception {
        int runs;
        try {
            runs = IntFlags.parse(args, Map.of("--runs", 10), USAGE).get("--runs");
            if (runs < 1) {
                throw new IllegalArgumentException(USAGE);
            }
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        System.out.printf("fresh listener JVMs, %d per JVM-flag variant, the variants taking turns; %s%n", runs, Machine.load());
        Map<Variant, List<Sample>> samples = new LinkedHashMap<>();
        VARIANTS.forEach(variant -> samples.put(variant, new ArrayList<>()));
        try (JavaChild emulator = JavaChild.start(List.of(), SqsServerMain.class);
             HttpClient http = ListenerLoadHarness.client()) {
            URI sqsEndpoint = emulator.awaitReady();
            String queueUrl;
            try (SqsClient sqs = EmulatorClients.sqs(sqsEndpoint)) {
                queueUrl = sqs.createQueue(b -> b.queueName("coldstart")).queueUrl();
            }
            // this JVM's HTTP client loads its classes now, not inside the first run's timing
            http.send(HttpRequest.newBuilder(sqsEndpoint).build(), HttpResponse.BodyHandlers.discarding());
            for (int run = 1; run <= runs; run++) {
                byte[] message = OutboundMessages.closedWon(run, 1).xml().getBytes(StandardCharsets.UTF_8);
                for (Variant variant : VARIANTS) {
                    samples.get(variant).add(firstAck(variant.jvmFlags(), sqsEndpoint, queueUrl, http, message));
                }
            }
        }
        print(samples, System.out);
    }

    /** Starts a listener JVM, posts one message once it is ready, and times both from the process start. */
    private static Sample firstAck(List<String> jvmFlags, URI sqsEndpoint, String queueUrl, HttpClient http, byte[] message)
            throws Exception {
        try (JavaChild listener = JavaChild.start(jvmFlags, ListenerServerMain.class, sqsEndpoint.toString(), queueUrl)) {
            URI endpoint = listener.awaitReady();
            long ready = System.nanoTime();
            OutboundMessagePost.deliver(http, endpoint, message);
            long acked = System.nanoTime();
            return new Sample(ready - listener.startedNanos(), acked - listener.startedNanos());
        }
    }

    private static void print(Map<Variant, List<Sample>> samples, PrintStream out) {
        out.println("min / median / max in ms");
        samples.forEach((variant, list) -> {
            LatencyStats ready = new LatencyStats(list.stream().mapToLong(Sample::readyNanos).toArray());
            LatencyStats ack = new LatencyStats(list.stream().mapToLong(Sample::firstAckNanos).toArray());
            out.printf("%-44s start → READY %6.0f / %6.0f / %6.0f    start → first ack %6.0f / %6.0f / %6.0f%n", variant.name(),
                    ready.millis(0), ready.millis(0.5), ready.millis(1), ack.millis(0), ack.millis(0.5), ack.millis(1));
        });
    }
}
