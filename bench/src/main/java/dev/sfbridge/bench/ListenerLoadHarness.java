package dev.sfbridge.bench;

import dev.sfbridge.contract.OutboundMessageParser;
import dev.sfbridge.listener.ListenerConfig;
import dev.sfbridge.local.ListenerServer;
import dev.sfbridge.bench.ClosedLoop.Measurement;
import dev.sfbridge.bench.ClosedLoop.Workload;
import dev.sfbridge.observability.JsonLog;
import dev.sfbridge.queue.BatchEnqueuer;
import dev.sfbridge.testing.EmbeddedSqs;
import dev.sfbridge.testing.EmulatorClients;
import dev.sfbridge.testing.OutboundMessages;
import dev.sfbridge.testing.TestIds;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;

/**
 * The listener under load over local HTTP (docs/benchmarks.md). Clients post full outbound messages, each
 * the moment its last one is acked, in three configurations: (a) the listener on ElasticMQ (in a JVM of its own), and
 * (a') the same listener offered a fixed rate (an open loop) for its latency at that load;
 * (b) ElasticMQ alone, as many messages sent straight with {@code SendMessageBatch} at the same
 * concurrency, which is the ceiling (a) is quoted against; (c) the listener on an in-memory SQS, which
 * leaves sfbridge's own cost. Exits non-zero when a request is not acked or a count does not match.
 */
public final class ListenerLoadHarness {
    /** Every message is full: the most notifications Salesforce puts in one. */
    static final int NOTIFICATIONS = OutboundMessageParser.MAX_NOTIFICATIONS;
    /** The listener's notifications per queue message, its default (one each; packs are opt-in: docs/listener.md). */
    private static final int PER_MESSAGE = ListenerConfig.DEFAULT_NOTIFICATIONS_PER_MESSAGE;
    /** Log lines are built as in Lambda, then dropped: printing them would bury the report. */
    static final JsonLog UNPRINTED_LOG = new JsonLog(line -> { }, Clock.systemUTC());

    static final String USAGE = """
            Usage: ./dev bench load [--clients N] [--requests N] [--warmup N] [--rate N]
              --clients N    concurrent clients, each posting its next message once the last is acked (default 8)
              --requests N   measured requests per configuration (default 300)
              --warmup N     requests before those, not measured (default 300)
              --rate N       notifications/s offered in the open-loop run, in messages of 100 (default 3000)""";

    record Options(int clients, int requests, int warmup, int rate) {
        Options {
            if (clients < 1 || requests < 1 || rate < 1) {
                throw new IllegalArgumentException(USAGE);
            }
        }

        static Options parse(String... args) {
            Map<String, Integer> flags = IntFlags.parse(args,
                    Map.of("--clients", 8, "--requests", 300, "--warmup", 300, "--rate", 3_000), USAGE);
            return new Options(flags.get("--clients"), flags.get("--requests"), flags.get("--warmup"), flags.get("--rate"));
        }

        /** What the warm-up and one measured closed-loop run post. */
        long notifications() {
            return (long) (warmup + requests) * NOTIFICATIONS;
        }

        /** The open loop's requests follow the closed loop's, with notifications of their own. */
        int firstOpenLoopRequest() {
            return warmup + requests;
        }
    }

    private ListenerLoadHarness() {}

    public static void main(String[] args) throws Exception {
        HarnessMain.exit(args, Options::parse, ListenerLoadHarness::run);
    }

    /** @return whether every request was acked and every acked notification is on its queue */
    static boolean run(Options options, PrintStream out) throws IOException {
        out.printf("sfbridge listener under load: %d clients, %d warm-up + %d measured requests of %d notifications,"
                        + " then %d requests offered at %d notifications/s; %s; %s%n", options.clients(), options.warmup(),
                options.requests(), NOTIFICATIONS, options.requests(), options.rate(),
                ConnectionReuse.asInstances(options.clients()), Machine.load());
        List<byte[]> messages = messages(options.firstOpenLoopRequest() + options.requests());
        LoadReport report = new LoadReport(out);
        try (HttpClient http = client()) {
            // ElasticMQ in a JVM of its own: SQS is outside a function's process, and its heap must not be the listener's
            try (JavaChild emulator = JavaChild.start(List.of(), SqsServerMain.class);
                 SqsClient sqs = EmulatorClients.sqs(emulator.awaitReady())) {
                String listenerQueue = EmbeddedSqs.createQueue(sqs, "load-listener");
                String ceilingQueue = EmbeddedSqs.createQueue(sqs, "load-ceiling");
                Measurement listener;
                Measurement atRate;
                Measurement ceiling;
                try (ListenerServer server = new ListenerServer(0, listenerQueue, TestIds.ORG, sqs, UNPRINTED_LOG)) {
                    Workload withEmulator = postAll(http, server.endpoint(), messages, options);
                    withEmulator.warmUp();
                    Workload emulatorAlone = sendAll(sqs, ceilingQueue, queuedBodies(sqs, listenerQueue), options);
                    // ElasticMQ speeds up as its own code is compiled: both warm-ups come before either measured
                    // part, so that (a) does not meet a colder emulator than (b) does
                    emulatorAlone.warmUp();
                    listener = withEmulator.measure();
                    atRate = atRate(http, server.endpoint(), messages, options);
                    ceiling = emulatorAlone.measure();
                }
                double listenerRate = report.row("(a) listener + ElasticMQ", listener, NOTIFICATIONS, "notifications/s");
                report.row(String.format(Locale.ROOT, "(a') the same, open loop at %,d/s", options.rate()), atRate, NOTIFICATIONS, "notifications/s");
                report.queued("(a) and (a')'s queue", held(sqs, listenerQueue),
                        options.notifications() + (long) options.requests() * NOTIFICATIONS, PER_MESSAGE);
                double ceilingRate = report.row("(b) ElasticMQ alone, batches of 10", ceiling, BatchEnqueuer.MAX_BATCH * PER_MESSAGE,
                        "notifications/s");
                report.queued("(b)'s queue", held(sqs, ceilingQueue), options.notifications(), PER_MESSAGE);
                report.share("(a)", listenerRate, "(b)", ceilingRate);
            }
            InMemorySqs inMemory = new InMemorySqs();
            try (ListenerServer server = new ListenerServer(0, "in-memory", TestIds.ORG, inMemory, UNPRINTED_LOG)) {
                Workload sfbridgeAlone = postAll(http, server.endpoint(), messages, options);
                sfbridgeAlone.warmUp();
                report.row("(c) listener + in-memory SQS", sfbridgeAlone.measure(), NOTIFICATIONS, "notifications/s");
            }
            report.queued("(c)'s in-memory SQS", inMemory.entries(), options.notifications(), PER_MESSAGE);
        }
        return report.finish();
    }

    /** HTTP/1.1 as Salesforce speaks it; without it the client would offer every connection an h2c upgrade. */
    static HttpClient client() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** Message k holds notifications k·100 + 1 to k·100 + 100, so no two requests share a notification ID. */
    static List<byte[]> messages(int count) {
        return IntStream.range(0, count)
                .mapToObj(k -> OutboundMessages.closedWon(k * NOTIFICATIONS + 1, NOTIFICATIONS).xml().getBytes(StandardCharsets.UTF_8))
                .toList();
    }

    /** Posts message i as request i: the warm-up's first, then the measured ones. */
    static Workload postAll(HttpClient http, URI endpoint, List<byte[]> messages, Options options) {
        return new Workload(options.clients(), options.warmup(), options.requests(),
                i -> OutboundMessagePost.deliver(http, endpoint, messages.get(i)));
    }

    /** The measured requests again, with notifications of their own, offered at the rate whatever the answers. */
    static Measurement atRate(HttpClient http, URI endpoint, List<byte[]> messages, Options options) {
        return OpenLoop.run((double) options.rate() / NOTIFICATIONS, options.firstOpenLoopRequest(), options.requests(),
                i -> OutboundMessagePost.deliver(http, endpoint, messages.get(i)));
    }

    /** As many messages as the listener queued, the same ones, in batches of ten as it sends them, with no sfbridge code between. */
    static Workload sendAll(SqsClient sqs, String queueUrl, List<String> bodies, Options options) {
        SendMessageBatchRequest batch = SendMessageBatchRequest.builder().queueUrl(queueUrl)
                .entries(IntStream.range(0, BatchEnqueuer.MAX_BATCH)
                        .mapToObj(i -> SendMessageBatchRequestEntry.builder().id("m" + i).messageBody(bodies.get(i % bodies.size())).build())
                        .toList())
                .build();
        int batchesPerRequest = NOTIFICATIONS / PER_MESSAGE / BatchEnqueuer.MAX_BATCH;
        return new Workload(options.clients(), options.warmup() * batchesPerRequest, options.requests() * batchesPerRequest, i -> {
            SendMessageBatchResponse response = sqs.sendMessageBatch(batch);
            if (!response.failed().isEmpty() || response.successful().size() != batch.entries().size()) {
                throw new IllegalStateException(response.successful().size() + " of " + batch.entries().size()
                        + " entries in, failed: " + response.failed());
            }
        });
    }

    /** Every message on the queue, received or not (the ceiling's bodies were received from (a)'s). */
    static long held(SqsClient sqs, String queueUrl) {
        Map<QueueAttributeName, String> counts = sqs.getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))
                .attributes();
        return Long.parseLong(counts.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                + Long.parseLong(counts.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
    }

    /** Bodies the listener put on its queue, so that the ceiling is measured with messages of the same size. */
    private static List<String> queuedBodies(SqsClient sqs, String queueUrl) {
        List<String> bodies = sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(BatchEnqueuer.MAX_BATCH))
                .messages().stream().map(Message::body).toList();
        if (bodies.isEmpty()) {
            throw new IllegalStateException("the listener's queue is empty: nothing to measure the ceiling with");
        }
        return bodies;
    }
}
