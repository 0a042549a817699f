package dev.sfbridge.bench;

import com.sun.management.OperatingSystemMXBean;
import dev.sfbridge.aws.ResolvedOnceSqsEndpoints;
import dev.sfbridge.aws.TimeoutTimer;
import dev.sfbridge.model.NotificationPack;
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
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletionException;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.http.crt.AwsCrtHttpClient;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.SqsBaseClientBuilder;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;

/**
 * The SDK's CPU per listener message against a real SQS endpoint (ElasticMQ in a JVM of its own), for each HTTP
 * client the SDK offers here and the settings that change its work per call (docs/benchmarks.md, "The SDK's CPU
 * per message"). Each message is what the listener enqueues for 100 notifications, sent as it sends them
 * ({@link BatchEnqueuer}: ten {@code SendMessageBatch} calls of ten at once, every entry confirmed); the figure is
 * this JVM's process CPU time over the measured messages, so it holds the SDK, its HTTP client and the enqueuer,
 * and none of the emulator's work. Each round sends every variant's messages in slices of {@value #SLICE}, the
 * variants in turn, so that what else runs on the machine falls on all of them alike.
 */
public final class SqsClientCpuHarness {
    static final String USAGE = """
            Usage: ./dev bench sqsclients [--messages N] [--warmup N] [--rounds N]
              --messages N  listener messages (100 notifications each) per variant and round (default 200)
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

    /** The SDK's HTTP clients, each with the functions' connect and read timeouts. */
    enum Http {
        URL_CONNECTION, APACHE, CRT, NETTY;

        SdkHttpClient.Builder<?> sync() {
            return switch (this) {
                case URL_CONNECTION -> UrlConnectionHttpClient.builder().connectionTimeout(CONNECT).socketTimeout(READ);
                case APACHE -> ApacheHttpClient.builder().connectionTimeout(CONNECT).socketTimeout(READ).maxConnections(100);
                case CRT -> AwsCrtHttpClient.builder().connectionTimeout(CONNECT).maxConcurrency(100);
                case NETTY -> throw new IllegalStateException("Netty is async only");
            };
        }
    }

    /** Messages each variant sends before the next takes its turn. */
    private static final int SLICE = 5;

    private static final Duration CONNECT = Duration.ofSeconds(2);
    private static final Duration READ = Duration.ofSeconds(5);

    /** Where the SDK's call and attempt timeouts are timed, if anywhere. */
    enum Timeouts { SDK_TIMER, SHARED_TIMER, NONE }

    /**
     * An HTTP client and the settings that change what the SDK does per call: SQS's MD5 check of what it stored,
     * its endpoint rules run on every call or once ({@link ResolvedOnceSqsEndpoints}), and the SDK's call and
     * attempt timeouts, timed on the SDK's timer, on {@link TimeoutTimer}, or not at all.
     */
    enum Variant {
        URL_CONNECTION("url-connection (sfbridge's before)", Http.URL_CONNECTION, true, false, Timeouts.SDK_TIMER),
        URL_CONNECTION_NO_MD5("url-connection, MD5 check off", Http.URL_CONNECTION, false, false, Timeouts.SDK_TIMER),
        URL_CONNECTION_ENDPOINT_ONCE("url-connection, endpoint resolved once", Http.URL_CONNECTION, true, true, Timeouts.SDK_TIMER),
        URL_CONNECTION_SHARED_TIMER("url-connection, timeouts on the shared timer", Http.URL_CONNECTION, true, false, Timeouts.SHARED_TIMER),
        URL_CONNECTION_NO_TIMEOUTS("url-connection, no SDK call timeouts", Http.URL_CONNECTION, true, false, Timeouts.NONE),
        SFBRIDGE("url-connection, endpoint once, shared timer (sfbridge's now)", Http.URL_CONNECTION, true, true, Timeouts.SHARED_TIMER),
        /** What the listener sends since packs: the same client, ten messages of ten notifications, one call. */
        SFBRIDGE_PACKED("sfbridge's now, ten notifications per message: one call", Http.URL_CONNECTION, true, true, Timeouts.SHARED_TIMER,
                ListenerKind.PACK),
        URL_CONNECTION_TUNED_NO_MD5("url-connection, endpoint once, shared timer, no MD5", Http.URL_CONNECTION, false, true, Timeouts.SHARED_TIMER),
        APACHE("apache", Http.APACHE, true, false, Timeouts.SDK_TIMER),
        APACHE_NO_MD5("apache, MD5 check off", Http.APACHE, false, false, Timeouts.SDK_TIMER),
        APACHE_TUNED("apache, endpoint once, shared timer", Http.APACHE, true, true, Timeouts.SHARED_TIMER),
        APACHE_TUNED_NO_MD5("apache, endpoint once, shared timer, no MD5", Http.APACHE, false, true, Timeouts.SHARED_TIMER),
        CRT("crt", Http.CRT, true, false, Timeouts.SDK_TIMER),
        CRT_NO_MD5("crt, MD5 check off", Http.CRT, false, false, Timeouts.SDK_TIMER),
        CRT_TUNED("crt, endpoint once, shared timer", Http.CRT, true, true, Timeouts.SHARED_TIMER),
        CRT_TUNED_NO_MD5("crt, endpoint once, shared timer, no MD5", Http.CRT, false, true, Timeouts.SHARED_TIMER),
        NETTY("netty (async, joined)", Http.NETTY, true, false, Timeouts.SDK_TIMER);

        final String label;
        final Http http;
        final boolean md5;
        final boolean endpointOnce;
        final Timeouts timeouts;
        /** Notifications per queue message: 1, one each, as the listener sent them before packs. */
        final int perMessage;

        Variant(String label, Http http, boolean md5, boolean endpointOnce, Timeouts timeouts) {
            this(label, http, md5, endpointOnce, timeouts, 1);
        }

        Variant(String label, Http http, boolean md5, boolean endpointOnce, Timeouts timeouts, int perMessage) {
            this.label = label;
            this.http = http;
            this.md5 = md5;
            this.endpointOnce = endpointOnce;
            this.timeouts = timeouts;
            this.perMessage = perMessage;
        }

        /** The listener's 100 notifications as this variant sends them. */
        List<BatchEnqueuer.Entry> message() {
            return listenerMessage(perMessage);
        }

        SqsClient client(URI endpoint) {
            if (this == SFBRIDGE || this == SFBRIDGE_PACKED) {
                return EmulatorClients.sqs(endpoint); // what the layer builds (AwsClients), whatever it becomes
            }
            if (http == Http.NETTY) {
                return new JoinedAsyncSqs(emulator(SqsAsyncClient.builder(), endpoint)
                        .httpClientBuilder(NettyNioAsyncHttpClient.builder().connectionTimeout(CONNECT).readTimeout(READ)
                                .maxConcurrency(100))
                        .build());
            }
            return emulator(SqsClient.builder(), endpoint).httpClientBuilder(http.sync()).build();
        }

        private <B extends SqsBaseClientBuilder<B, ?>> B emulator(B builder, URI endpoint) {
            builder.region(Region.US_EAST_1)
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                    .endpointOverride(endpoint)
                    .checksumValidationEnabled(md5);
            if (endpointOnce) {
                builder.endpointProvider(new ResolvedOnceSqsEndpoints());
            }
            if (timeouts != Timeouts.NONE) {
                builder.overrideConfiguration(c -> {
                    c.apiCallAttemptTimeout(Duration.ofSeconds(3)).apiCallTimeout(Duration.ofSeconds(10));
                    if (timeouts == Timeouts.SHARED_TIMER) {
                        c.scheduledExecutorService(TimeoutTimer.shared());
                    }
                });
            }
            return builder;
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
        out.printf("the SDK's CPU per listener message (100 notifications: ten SendMessageBatch calls of ten at once, or packed, one call) on ElasticMQ in a JVM"
                + " of its own: %d warm-up + %d round(s) of %d messages per variant; %s; %s%n",
                options.warmup(), options.rounds(), options.messages(), ConnectionReuse.asInstances(1), Machine.load());
        Map<Variant, List<BatchEnqueuer.Entry>> entries = new EnumMap<>(Variant.class);
        for (Variant v : Variant.values()) {
            entries.put(v, v.message());
        }
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        Map<Variant, long[]> cpuAndMessages = new EnumMap<>(Variant.class);
        Map<Variant, List<Double>> perRound = new EnumMap<>(Variant.class);
        try (JavaChild emulator = JavaChild.start(List.of(), SqsServerMain.class)) {
            URI endpoint = emulator.awaitReady();
            Map<Variant, SqsClient> clients = new EnumMap<>(Variant.class);
            try (SqsClient admin = EmulatorClients.sqs(endpoint)) {
                String queueUrl = EmbeddedSqs.createQueue(admin, "sdk-cpu");
                for (Variant v : Variant.values()) {
                    clients.put(v, v.client(endpoint));
                    send(clients.get(v), queueUrl, entries.get(v), options.warmup());
                }
                for (int round = 0; round < options.rounds(); round++) {
                    // slices of a few messages, the variants in turn and the order rotating per slice: a JIT burst or
                    // another process's spike on this shared machine falls on every variant alike, not on one
                    Map<Variant, long[]> cpuAndWall = new EnumMap<>(Variant.class);
                    List<Variant> order = new ArrayList<>(List.of(Variant.values()));
                    for (int sent = 0; sent < options.messages(); sent += SLICE) {
                        int slice = Math.min(SLICE, options.messages() - sent);
                        for (Variant v : order) {
                            long cpuBefore = os.getProcessCpuTime();
                            long wallBefore = System.nanoTime();
                            send(clients.get(v), queueUrl, entries.get(v), slice);
                            long[] spent = cpuAndWall.computeIfAbsent(v, x -> new long[2]);
                            spent[0] += os.getProcessCpuTime() - cpuBefore;
                            spent[1] += System.nanoTime() - wallBefore;
                        }
                        java.util.Collections.rotate(order, 1);
                    }
                    for (Variant v : Variant.values()) {
                        long[] spent = cpuAndWall.get(v);
                        long[] total = cpuAndMessages.computeIfAbsent(v, x -> new long[2]);
                        total[0] += spent[0];
                        total[1] += options.messages();
                        perRound.computeIfAbsent(v, x -> new ArrayList<>()).add(spent[0] / 1e6 / options.messages());
                        out.printf(Locale.ROOT, "round %d %-60s CPU %6.2f ms per message   %,7.0f messages/s%n", round + 1, v.label,
                                spent[0] / 1e6 / options.messages(), options.messages() * 1e9 / spent[1]);
                    }
                }
            } finally {
                clients.values().forEach(SqsClient::close);
            }
        }
        out.println("CPU per message (100 notifications): all rounds together and the median round, each also as a"
                + " share of sfbridge's before:");
        double before = (double) cpuAndMessages.get(Variant.URL_CONNECTION)[0] / cpuAndMessages.get(Variant.URL_CONNECTION)[1];
        double medianBefore = median(perRound.get(Variant.URL_CONNECTION));
        cpuAndMessages.forEach((v, t) -> out.printf(Locale.ROOT, "  %-60s %6.2f ms  %.2f   median %6.2f ms  %.2f%n", v.label, t[0] / 1e6 / t[1],
                t[0] / (double) t[1] / before, median(perRound.get(v)), median(perRound.get(v)) / medianBefore));
        return true;
    }

    static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    /**
     * What the listener enqueues for a message of 100 notifications: their queue JSON, {@code perMessage} to a queue
     * message ({@link NotificationPack}; 1 for one each, as before packs).
     */
    static List<BatchEnqueuer.Entry> listenerMessage(int perMessage) {
        OutboundMessages message = OutboundMessages.closedWon(1, ListenerLoadHarness.NOTIFICATIONS);
        Instant receivedAt = Instant.now();
        List<String> notifications = message.notifications().stream().map(n -> QueueJson.write(message.queued(n, receivedAt))).toList();
        List<BatchEnqueuer.Entry> entries = new ArrayList<>();
        for (String body : NotificationPack.bodies(notifications, perMessage, BatchEnqueuer.SQS_MAX_PAYLOAD_BYTES)) {
            entries.add(new BatchEnqueuer.Entry("m" + entries.size(), body));
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
