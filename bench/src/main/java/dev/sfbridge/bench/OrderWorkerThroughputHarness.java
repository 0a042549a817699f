package dev.sfbridge.bench;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent.SQSMessage;
import dev.sfbridge.erp.ErpClient;
import dev.sfbridge.idempotency.ChangeGuard;
import dev.sfbridge.idempotency.DynamoDbIdempotencyStore;
import dev.sfbridge.idempotency.IdempotencyStore;
import dev.sfbridge.testing.IdempotencyTable;
import dev.sfbridge.testing.NoIdempotency;
import dev.sfbridge.idempotency.RecordVersionGuard;
import dev.sfbridge.bench.ClosedLoop.Measurement;
import dev.sfbridge.bench.ClosedLoop.Workload;
import dev.sfbridge.model.OrderResult;
import dev.sfbridge.model.QueueJson;
import dev.sfbridge.queue.BatchEnqueuer;
import dev.sfbridge.queue.DeadLetterQueue;
import dev.sfbridge.retry.CircuitBreaker;
import dev.sfbridge.retry.StartDeadline;
import dev.sfbridge.retry.Retry;
import dev.sfbridge.sqs.RedeliveryBackoff;
import dev.sfbridge.sqs.SqsBatchConsumer;
import dev.sfbridge.testing.EmulatorClients;
import dev.sfbridge.testing.OutboundMessages;
import dev.sfbridge.testing.RecordingMetrics;
import dev.sfbridge.worker.NotificationProcessor;
import dev.sfbridge.worker.OrderMapping;
import dev.sfbridge.worker.OrderWorker;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbRequest;

/**
 * The order worker's throughput and the cost of its idempotency (docs/benchmarks.md), with a stub ERP
 * that answers at once and an in-memory SQS for the callbacks, so DynamoDB is what is measured. Five
 * configurations at the same concurrency: (a) the idempotency store and change guard on DynamoDB Local;
 * (b) DynamoDB Local alone, (a)'s own conditional writes sent again straight with the SDK, which is the
 * ceiling (a) is quoted against; (e) the same run without the idempotency store (the change guard alone on
 * DynamoDB Local), the run (a) is compared with; (c) the store and guard in memory, sfbridge's own cost;
 * (d) no idempotency and no DynamoDB at all. Exits non-zero if a notification is not applied.
 */
public final class OrderWorkerThroughputHarness {
    static final int BATCH = 10;
    static final Duration LEASE = Duration.ofMinutes(2);
    static final ErpClient STUB_ERP = order -> new OrderResult("SO-" + order.salesforceRecordId(), "Booked", OrderResult.Write.CREATED);

    static final String USAGE = """
            Usage: ./dev bench worker [--workers N] [--batches N] [--warmup N]
              --workers N   batches processed at once, as concurrent Lambda invocations would (default 8)
              --batches N   measured batches of 10 notifications per configuration (default 600)
              --warmup N    batches before those, not measured (default 600)""";

    record Options(int workers, int batches, int warmup) {
        static Options parse(String... args) {
            Map<String, Integer> flags = IntFlags.parse(args, Map.of("--workers", 8, "--batches", 600, "--warmup", 600), USAGE);
            if (flags.get("--workers") < 1 || flags.get("--batches") < 1) {
                throw new IllegalArgumentException(USAGE);
            }
            return new Options(flags.get("--workers"), flags.get("--batches"), flags.get("--warmup"));
        }
    }

    private OrderWorkerThroughputHarness() {}

    public static void main(String[] args) throws Exception {
        HarnessMain.exit(args, Options::parse, OrderWorkerThroughputHarness::run);
    }

    static boolean run(Options options, PrintStream out) throws IOException {
        out.printf("sfbridge order worker: %d concurrent batches, %d warm-up + %d measured batches of %d; %s; %s%n",
                options.workers(), options.warmup(), options.batches(), BATCH, ConnectionReuse.asInstances(options.workers()),
                Machine.load());
        LoadReport report = new LoadReport(out);
        double withStore;
        double guardOnly;
        try (JavaChild dynamo = JavaChild.start(List.of(), DynamoDbServerMain.class);
             DynamoDbClient dynamoDb = EmulatorClients.dynamoDb(dynamo.awaitReady())) {
            RecordedWrites recorded = new RecordedWrites(dynamoDb);
            String table = newTable(dynamoDb);
            Retry retry = Retry.withJitter(3, Duration.ofMillis(20), Duration.ofMillis(500));
            TimedIdempotencyStore timed = new TimedIdempotencyStore(
                    new DynamoDbIdempotencyStore(recorded.client(), table, Duration.ofDays(15), retry));
            Workload withDynamoDb = workload(options, 0,
                    worker(timed, new RecordVersionGuard(recorded.client(), table, "record", Duration.ofDays(15), retry)));
            List<List<DynamoDbRequest>> chains = new ArrayList<>();
            Workload sameWrites = replay(options, dynamoDb, newTable(dynamoDb), chains);
            // both warm-ups first: the emulator's JIT must be as warm for (a) as for (b)
            withDynamoDb.warmUp();
            chains.addAll(recordedChains(recorded, options.warmup()));
            sameWrites.warmUp();
            timed.clear();
            withStore = report.row("(a) worker + DynamoDB Local", withDynamoDb.measure(), BATCH, "notifications/s");
            chains.addAll(recordedChains(recorded, options.batches()));
            LatencyStats cost = new LatencyStats(timed.roundTrips());
            out.printf(Locale.ROOT, "    idempotency cost per notification (claim + complete): p50 %.2f ms, p99 %.2f ms over %d%n",
                    cost.millis(0.5), cost.millis(0.99), cost.count());
            double ceiling = report.row("(b) DynamoDB Local alone, (a)'s writes", sameWrites.measure(), BATCH, "notifications/s");
            report.share("(a)", withStore, "(b)", ceiling);
            guardOnly = report.row("(e) worker + DynamoDB Local, no store", measured(workload(options, 4, worker(new NoIdempotency(),
                    new RecordVersionGuard(dynamoDb, newTable(dynamoDb), "record", Duration.ofDays(15), retry)))), BATCH, "notifications/s");
        }
        InMemoryIdempotencyStore inMemory = new InMemoryIdempotencyStore();
        report.row("(c) worker + in-memory store", measured(workload(options, 2, worker(inMemory, inMemory))),
                BATCH, "notifications/s");
        double without = report.row("(d) worker, no idempotency",
                measured(workload(options, 3, worker(new NoIdempotency(), (o, r, c, n) -> true))), BATCH, "notifications/s");
        out.printf(Locale.ROOT, "(a) runs at %.0f %% of (e), the same run without the idempotency store, and at %.1f %% of (d), with no DynamoDB"
                + " at all%n", 100 * withStore / guardOnly, 100 * withStore / without);
        out.println("after the run: " + Machine.load());
        return report.finish();
    }

    private static Measurement measured(Workload workload) {
        workload.warmUp();
        return workload.measure();
    }

    /** Configuration {@code n} processes notifications of its own, so no run meets another's records. */
    private static Workload workload(Options options, int configuration, OrderWorker worker) {
        int first = configuration * 1_000_000;
        return new Workload(options.workers(), options.warmup(), options.batches(), batch -> {
            List<SQSMessage> messages = batch(first + batch * BATCH);
            SQSBatchResponse response = worker.process(messages, LEASE, StartDeadline.NONE);
            if (!response.getBatchItemFailures().isEmpty()) {
                throw new IllegalStateException(response.getBatchItemFailures().size() + " of " + BATCH + " not applied");
            }
        });
    }

    /** Counted metrics stay in memory: EMF lines would bury the report. */
    private static OrderWorker worker(IdempotencyStore store, ChangeGuard guard) {
        InMemorySqs sqs = new InMemorySqs();
        RecordingMetrics metrics = new RecordingMetrics();
        return new OrderWorker(new NotificationProcessor(store, guard, new OrderMapping(), STUB_ERP,
                BatchEnqueuer.withBackoff(sqs, 3), "callbacks",
                new DeadLetterQueue(sqs, "dead-letters", Clock.systemUTC(), metrics),
                ListenerLoadHarness.UNPRINTED_LOG, metrics, Clock.systemUTC()),
                new SqsBatchConsumer(ListenerLoadHarness.UNPRINTED_LOG, metrics, sqs, RedeliveryBackoff.standard()),
                new CircuitBreaker("stub ERP", 5, Duration.ofSeconds(30), Duration.ofMinutes(5), Clock.systemUTC(), (name, from, to) -> { }));
    }

    /** Ten distinct Closed Won notifications, numbered from {@code first}, as the listener queues them. */
    private static List<SQSMessage> batch(int first) {
        OutboundMessages message = OutboundMessages.closedWon(first, BATCH);
        return message.notifications().stream().map(n -> {
            SQSMessage m = new SQSMessage();
            m.setMessageId(n.id());
            m.setBody(QueueJson.write(message.queued(n, Instant.now())));
            return m;
        }).toList();
    }

    /** Every notification of a run of {@code batches} batches left one chain of writes, or the replay would differ. */
    private static List<List<DynamoDbRequest>> recordedChains(RecordedWrites recorded, int batches) {
        List<List<DynamoDbRequest>> chains = recorded.drain();
        if (chains.size() != batches * BATCH || chains.stream().anyMatch(chain -> chain.size() != 3)) {
            throw new IllegalStateException("expected " + batches * BATCH + " notifications of 3 writes each (claim, guard,"
                    + " complete); recorded " + chains.stream().map(List::size).toList());
        }
        return chains;
    }

    /**
     * The ceiling: the writes (a) made, sent again straight with the SDK to an empty table, at the same
     * concurrency and in the same shape (a batch's ten chains at once, each chain's writes one after another).
     */
    private static Workload replay(Options options, DynamoDbClient dynamoDb, String table, List<List<DynamoDbRequest>> chains) {
        return new Workload(options.workers(), options.warmup(), options.batches(), batch -> {
            try (ExecutorService messages = Executors.newVirtualThreadPerTaskExecutor()) {
                List<Future<Object>> writes = chains.subList(batch * BATCH, (batch + 1) * BATCH).stream()
                        .map(chain -> messages.<Object>submit(() -> {
                            RecordedWrites.replay(dynamoDb, chain, table);
                            return null;
                        })).toList();
                for (Future<Object> write : writes) {
                    write.get();
                }
            }
        });
    }

    private static String newTable(DynamoDbClient dynamoDb) {
        String table = "bench-" + UUID.randomUUID();
        IdempotencyTable.create(dynamoDb, table);
        return table;
    }
}
