package dev.sfbridge.bench;

import dev.sfbridge.model.QueueJson;
import dev.sfbridge.queue.BatchEnqueuer;
import dev.sfbridge.testing.EmbeddedSqs;
import dev.sfbridge.testing.EmulatorClients;
import dev.sfbridge.testing.ErpSimulator;
import dev.sfbridge.testing.IdempotencyTable;
import dev.sfbridge.testing.OutboundMessages;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * How long a fresh JVM takes from process start to its first ack, and to its first processed SQS batch
 * (docs/benchmarks.md): the listener starts alone ({@link ListenerServerMain}) on an ElasticMQ that already runs
 * in a JVM of its own, and gets one 1-notification message as soon as it says it serves; the order worker
 * ({@link WorkerColdStartMain}) starts with a batch already waiting on its queue, on that ElasticMQ and a DynamoDB
 * Local of its own JVM, against the ERP simulator here, and takes the batch. The JVM flag variants take turns run
 * by run, so drift on the machine falls on both alike.
 */
public final class ColdStartHarness {
    /** Default flags, and the C1-only flags AWS recommends in JAVA_TOOL_OPTIONS for faster Lambda starts. */
    private static final List<Variant> VARIANTS = List.of(
            new Variant("default JVM flags", List.of()),
            new Variant("-XX:+TieredCompilation -XX:TieredStopAtLevel=1",
                    List.of("-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1")));

    static final String USAGE = """
            Usage: ./dev bench coldstart [--runs N]
              --runs N   fresh listener and worker JVMs per JVM-flag variant (default 10)""";

    private record Variant(String name, List<String> jvmFlags) {}

    /** @param firstNanos process start to the first ack, or to the first batch processed */
    private record Sample(long readyNanos, long firstNanos) {}

    /** Notifications in the batch waiting for each fresh worker. */
    static final int WORKER_BATCH = 10;
    private static final String ERP_KEY = "coldstart-erp-key";

    /** The worker's queues and table, made once; each run's batch has notifications of its own. */
    private record WorkerSetup(URI sqsEndpoint, URI dynamoDbEndpoint, String queueUrl, String callbacksUrl, String deadLettersUrl,
                               String table, ErpSimulator erp) {}

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
        System.out.printf("fresh listener and order worker JVMs, %d per JVM-flag variant, the variants taking turns; %s%n", runs,
                Machine.load());
        Map<Variant, List<Sample>> acks = new LinkedHashMap<>();
        Map<Variant, List<Sample>> batches = new LinkedHashMap<>();
        VARIANTS.forEach(variant -> {
            acks.put(variant, new ArrayList<>());
            batches.put(variant, new ArrayList<>());
        });
        try (JavaChild emulator = JavaChild.start(List.of(), SqsServerMain.class);
             JavaChild dynamo = JavaChild.start(List.of(), DynamoDbServerMain.class);
             ErpSimulator erp = ErpSimulator.withApiKey(ERP_KEY);
             HttpClient http = ListenerLoadHarness.client()) {
            URI sqsEndpoint = emulator.awaitReady();
            URI dynamoDbEndpoint = dynamo.awaitReady();
            WorkerSetup worker;
            String queueUrl;
            try (SqsClient sqs = EmulatorClients.sqs(sqsEndpoint); DynamoDbClient dynamoDb = EmulatorClients.dynamoDb(dynamoDbEndpoint)) {
                queueUrl = sqs.createQueue(b -> b.queueName("coldstart")).queueUrl();
                IdempotencyTable.create(dynamoDb, "coldstart");
                worker = new WorkerSetup(sqsEndpoint, dynamoDbEndpoint, EmbeddedSqs.createQueue(sqs, "coldstart-notifications"),
                        EmbeddedSqs.createQueue(sqs, "coldstart-callbacks"), EmbeddedSqs.createQueue(sqs, "coldstart-dlq"), "coldstart", erp);
            }
            // this JVM's HTTP client loads its classes now, not inside the first run's timing
            http.send(HttpRequest.newBuilder(sqsEndpoint).build(), HttpResponse.BodyHandlers.discarding());
            int batch = 0;
            for (int run = 1; run <= runs; run++) {
                byte[] message = OutboundMessages.closedWon(run, 1).xml().getBytes(StandardCharsets.UTF_8);
                for (Variant variant : VARIANTS) {
                    acks.get(variant).add(firstAck(variant.jvmFlags(), sqsEndpoint, queueUrl, http, message));
                    batches.get(variant).add(firstBatch(variant.jvmFlags(), worker, batch++));
                }
            }
        }
        System.out.println("min / median / max in ms");
        print("listener", "first ack", acks, System.out);
        print("order worker", "first batch", batches, System.out);
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

    /**
     * Starts a worker JVM with {@link #WORKER_BATCH} notifications of their own waiting on its queue, and times its
     * init (READY) and its first batch from the process start. The batch must come back whole, every order made.
     */
    private static Sample firstBatch(List<String> jvmFlags, WorkerSetup setup, int batch) throws Exception {
        OutboundMessages message = OutboundMessages.closedWon(batch * WORKER_BATCH + 1, WORKER_BATCH);
        try (SqsClient sqs = EmulatorClients.sqs(setup.sqsEndpoint())) {
            BatchEnqueuer.withBackoff(sqs, 3).enqueueAll(setup.queueUrl(), message.notifications().stream()
                    .map(n -> new BatchEnqueuer.Entry(n.id(), QueueJson.write(message.queued(n, Instant.now())))).toList());
        }
        int ordersBefore = setup.erp().ordersCreated();
        try (JavaChild worker = JavaChild.start(jvmFlags, WorkerColdStartMain.class, setup.sqsEndpoint().toString(),
                setup.dynamoDbEndpoint().toString(), setup.queueUrl(), setup.callbacksUrl(), setup.deadLettersUrl(), setup.table(),
                setup.erp().baseUri().toString(), ERP_KEY)) {
            worker.awaitReady();
            long ready = System.nanoTime();
            String[] counts = worker.awaitLine(WorkerColdStartMain.BATCH).split(" ");
            long processed = System.nanoTime();
            int made = setup.erp().ordersCreated() - ordersBefore;
            if (!counts[0].equals(String.valueOf(WORKER_BATCH)) || !counts[1].equals("0") || made != WORKER_BATCH) {
                throw new IllegalStateException("the first batch of a fresh worker: received " + counts[0] + ", failed " + counts[1]
                        + ", orders made " + made + "; " + WORKER_BATCH + ", 0 and " + WORKER_BATCH + " expected");
            }
            return new Sample(ready - worker.startedNanos(), processed - worker.startedNanos());
        }
    }

    private static void print(String function, String first, Map<Variant, List<Sample>> samples, PrintStream out) {
        samples.forEach((variant, list) -> {
            LatencyStats ready = new LatencyStats(list.stream().mapToLong(Sample::readyNanos).toArray());
            LatencyStats done = new LatencyStats(list.stream().mapToLong(Sample::firstNanos).toArray());
            out.printf(Locale.ROOT, "%-13s %-47s start → READY %6.0f / %6.0f / %6.0f    start → %s %6.0f / %6.0f / %6.0f%n", function,
                    variant.name(), ready.millis(0), ready.millis(0.5), ready.millis(1), first, done.millis(0), done.millis(0.5),
                    done.millis(1));
        });
    }
}
