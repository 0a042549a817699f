package dev.sfbridge.bench;

import com.sun.management.OperatingSystemMXBean;
import dev.sfbridge.model.QueueJson;
import dev.sfbridge.queue.BatchEnqueuer;
import dev.sfbridge.queue.EnqueueFailed;
import dev.sfbridge.testing.EmbeddedSqs;
import dev.sfbridge.testing.EmulatorClients;
import dev.sfbridge.testing.OutboundMessages;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;

/**
 * The SDK's CPU per listener message against a real SQS endpoint (ElasticMQ in a JVM of its own), for each HTTP
 * client the SDK offers here and the settings that change its work per call (docs/benchmarks.md, "The SDK's CPU
 * per message"). Each message is what the listener enqueues for 100 notifications, sent as it sends them
 * ({@link BatchEnqueuer}: ten {@code SendMessageBatch} calls of ten at once, every entry confirmed); the figure is
 * this JVM's process CPU time over the measured messages, so it holds the SDK, its HTTP client and the enqueuer,
 * and none of the emulator's work. Rounds take the variants in turn.
 */
public final class SqsClientCpuHarness {
    static final String USAGE = """
            Usage: ./dev bench sqsclients [--messages N] [--warmup N] [--rounds N]
              --messages N  listener messages (ten SendMessageBatch calls each) per variant and round (default 200)
              --warmup N    messages per variant before any is measured (default 300)
              --rounds N    rounds, each measuring every variant once, in turn (default 3)""";

    record Options(int messages, int warmup, int rounds) {
        Options {
            if (messages < 1 || rounds < 1) {
                throw new IllegalArgumentException(USAGE);
            }
        }

        static Options parse(String... args) {
            Map<String, Integer> f = IntFlags.parse(args, Map.of("--messages", 200, "--warmup", 300, "--rounds", 3), USAGE);
            return new Options(f.get("--messages"), f.get("--warmup"), f.get("--rounds"));
        }
    }

    /** An HTTP client and the settings that change what the SDK does per call. */
    enum Variant {
        URL_CONNECTION("url-connection, MD5 check on (sfbridge's before)"),
        URL_CONNECTION_NO_MD5("url-connection, MD5 check off"),
        APACHE("apache, MD5 check on"),
        APACHE_NO_MD5("apache, MD5 check off"),
        NETTY("netty (async, joined), MD5 check on"),
        NETTY_NO_MD5("netty (async, joined), MD5 check off");

        final String label;

        Variant(String label) {
            this.label = label;
        }

        SqsClient client(URI endpoint) {
            boolean md5 = !name().endsWith("_NO_MD5");
            return switch (this) {
                case URL_CONNECTION, URL_CONNECTION_NO_MD5 ->
                        EmulatorClients.emulator(SqsClient.builder(), endpoint).checksumValidationEnabled(md5).build();
                case APACHE, APACHE_NO_MD5 -> EmulatorClients.emulator(SqsClient.builder(), endpoint)
                        .httpClientBuilder(ApacheHttpClient.builder().connectionTimeout(Duration.ofSeconds(2))
                                .socketTimeout(Duration.ofSeconds(5)).maxConnections(100))
                        .checksumValidationEnabled(md5).build();
                case NETTY, NETTY_NO_MD5 -> new JoinedAsyncSqs(SqsAsyncClient.builder()
                        .httpClientBuilder(NettyNioAsyncHttpClient.builder().connectionTimeout(Duration.ofSeconds(2))
                                .readTimeout(Duration.ofSeconds(5)).maxConcurrency(100))
                        .region(Region.US_EAST_1)
                        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                        .endpointOverride(endpoint)
                        .checksumValidationEnabled(md5).build());
            };
        }
    }

    /** The async client behind the sync interface the enqueuer takes: each call waits for its answer. */
    private record JoinedAsyncSqs(SqsAsyncClient async) implements SqsClient {
        @Override
        public SendMessageBatchResponse sendMessageBatch(SendMessageBatchRequest request) {
            try {
                return async.sendMessageBatch(request).join();
            } catch (CompletionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : e;
            }
        }

        @Override
        public String serviceName() {
            return SERVICE_NAME;
        }

        @Override
        public void close() {
            async.close();
        }
    }

    private SqsClientCpuHarness() {}

    public static void main(String[] args) throws Exception {
        HarnessMain.exit(args, Options::parse, SqsClientCpuHarness::run);
    }

    static boolean run(Options options, PrintStream out) throws Exception {
        // the deployed functions keep ten idle connections per host (template.yaml): with the JDK's default of five,
        // URL-connection would open a new connection for half the calls and look dearer than it is
        out.printf("the SDK's CPU per listener message (ten SendMessageBatch calls of ten, at once) on ElasticMQ in a JVM"
                + " of its own: %d warm-up + %d round(s) of %d messages per variant; %s; %s%n",
                options.warmup(), options.rounds(), options.messages(), ConnectionReuse.asInstances(1), Machine.load());
        List<BatchEnqueuer.Entry> entries = listenerMessage();
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        Map<Variant, long[]> cpuAndMessages = new EnumMap<>(Variant.class);
        try (JavaChild emulator = JavaChild.start(List.of(), SqsServerMain.class)) {
            URI endpoint = emulator.awaitReady();
            Map<Variant, SqsClient> clients = new EnumMap<>(Variant.class);
            try (SqsClient admin = EmulatorClients.sqs(endpoint)) {
                String queueUrl = EmbeddedSqs.createQueue(admin, "sdk-cpu");
                for (Variant v : Variant.values()) {
                    clients.put(v, v.client(endpoint));
                    send(clients.get(v), queueUrl, entries, options.warmup());
                }
                for (int round = 0; round < options.rounds(); round++) {
                    List<Variant> order = new ArrayList<>(List.of(Variant.values()));
                    java.util.Collections.rotate(order, -round);
                    for (Variant v : order) {
                        long cpuBefore = os.getProcessCpuTime();
                        long wallBefore = System.nanoTime();
                        send(clients.get(v), queueUrl, entries, options.messages());
                        long cpu = os.getProcessCpuTime() - cpuBefore;
                        long wall = System.nanoTime() - wallBefore;
                        long[] total = cpuAndMessages.computeIfAbsent(v, x -> new long[2]);
                        total[0] += cpu;
                        total[1] += options.messages();
                        out.printf("round %d %-48s CPU %6.2f ms per message (ten calls)   %,7.0f messages/s%n", round + 1, v.label,
                                cpu / 1e6 / options.messages(), options.messages() * 1e9 / wall);
                    }
                }
            } finally {
                clients.values().forEach(SqsClient::close);
            }
        }
        out.println("all rounds together, CPU per message (ten SendMessageBatch calls) and as a share of sfbridge's before:");
        double before = (double) cpuAndMessages.get(Variant.URL_CONNECTION)[0] / cpuAndMessages.get(Variant.URL_CONNECTION)[1];
        cpuAndMessages.forEach((v, t) -> out.printf("  %-48s %6.2f ms   %.2f%n", v.label, t[0] / 1e6 / t[1], t[0] / (double) t[1] / before));
        return true;
    }

    /** What the listener enqueues for a message of 100 notifications: their queue JSON, one entry each. */
    static List<BatchEnqueuer.Entry> listenerMessage() {
        OutboundMessages message = OutboundMessages.closedWon(1, ListenerLoadHarness.NOTIFICATIONS);
        Instant receivedAt = Instant.now();
        List<BatchEnqueuer.Entry> entries = new ArrayList<>();
        for (OutboundMessages.Notification n : message.notifications()) {
            entries.add(new BatchEnqueuer.Entry("n" + entries.size(), QueueJson.write(message.queued(n, receivedAt))));
        }
        return entries;
    }

    /** Every entry confirmed, or the run fails: a cheaper client that loses messages is no answer. */
    private static void send(SqsClient sqs, String queueUrl, List<BatchEnqueuer.Entry> entries, int messages) throws EnqueueFailed {
        BatchEnqueuer enqueuer = BatchEnqueuer.withBackoff(sqs, 3);
        for (int i = 0; i < messages; i++) {
            enqueuer.enqueueAll(queueUrl, entries);
        }
    }
}
