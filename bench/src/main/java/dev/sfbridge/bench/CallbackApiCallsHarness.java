package dev.sfbridge.bench;

import dev.sfbridge.callback.CallbackConfig;
import dev.sfbridge.callback.CallbackHandler;
import dev.sfbridge.config.Env;
import dev.sfbridge.testing.IdempotencyTable;
import dev.sfbridge.model.CallbackRequest;
import dev.sfbridge.model.QueueJson;
import dev.sfbridge.model.SessionId;
import dev.sfbridge.observability.JsonLog;
import dev.sfbridge.queue.BatchEnqueuer;
import dev.sfbridge.retry.Pause;
import dev.sfbridge.testing.EmbeddedDynamoDb;
import dev.sfbridge.testing.EmbeddedSqs;
import dev.sfbridge.testing.RecordingMetrics;
import dev.sfbridge.testing.SalesforceSimulator;
import dev.sfbridge.testing.SqsEventSourceMapping;
import dev.sfbridge.testing.StaticSecretsManager;
import dev.sfbridge.testing.TestIds;
import dev.sfbridge.testing.TestKeys;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

/**
 * Salesforce API calls per 1,000 callbacks under load, both ways in one run (docs/benchmarks.md, "Salesforce
 * callbacks"): N callbacks on a callbacks queue in ElasticMQ, four fifths from outbound messages of 100 (a
 * live session each) and the rest from ERP status events (OAuth), shuffled; the real {@link CallbackHandler}
 * driven by {@link SqsEventSourceMapping} with a batch size of 200 by 4 pollers at once (4 concurrent
 * invocations), its status guard on DynamoDB Local; every call counted by the simulated org, the writes apart from
 * the publishes of {@code ERP_Order_Update__e} that follow them. Every record must carry its order number afterwards.
 */
public final class CallbackApiCallsHarness {
    static final String USAGE = "usage: ./dev bench callbacks [--callbacks N]   (default 1000)";
    static final int BATCH_SIZE = 200;
    static final int POLLERS = 4;
    static final int CALLBACKS_PER_MESSAGE = 100;
    private static final String CONSUMER_KEY = "3MVG9sfbridgeCallbackBench";
    private static final String USERNAME = "integration@sfbridge.example";
    private static final String SECRET_ID = "sfbridge/salesforce";
    private static final Instant T0 = Instant.parse("2026-11-23T12:00:00Z");

    /** How the callbacks are written: the handler's settings for it. */
    enum Mode {
        COLLECTIONS("sObject Collections (SALESFORCE_RECORDS_PER_CALL=200)", Map.of()),
        ONE_BY_ONE("one call per callback (SALESFORCE_RECORDS_PER_CALL=1)", Map.of("SALESFORCE_RECORDS_PER_CALL", "1"));

        final String label;
        final Map<String, String> settings;

        Mode(String label, Map<String, String> settings) {
            this.label = label;
            this.settings = settings;
        }
    }

    /**
     * One mode's run: what the org counted, and the records it left without their order number.
     *
     * @param apiCalls     the writes' API calls
     * @param publishCalls the platform events' API calls, besides those
     * @param events       the platform events the org accepted: one per write, so a callback SQS delivered twice has two
     * @param recordsWithEvent the records at least one of them names
     */
    record Run(Mode mode, int callbacks, int apiCalls, int tokenRequests, int invocations, Duration elapsed, List<String> unwritten,
               int publishCalls, int events, long recordsWithEvent) {
        double callsPerThousand() {
            return apiCalls * 1000.0 / callbacks;
        }

        double publishCallsPerThousand() {
            return publishCalls * 1000.0 / callbacks;
        }

        String row() {
            return String.format(Locale.ROOT, "| %s | %d | %.1f | %d | %d | %.1f s | %d | %.1f | %d (%d records) |", mode.label, apiCalls, callsPerThousand(),
                    tokenRequests, invocations, elapsed.toMillis() / 1000.0, publishCalls, publishCallsPerThousand(), events, recordsWithEvent);
        }
    }

    private CallbackApiCallsHarness() {}

    public static void main(String[] args) throws Exception {
        HarnessMain.exit(args, a -> IntFlags.parse(a, Map.of("--callbacks", 1000), USAGE).get("--callbacks"),
                CallbackApiCallsHarness::report);
    }

    /** Both modes, printed as a table; false when a record was left unwritten or collections missed the target. */
    static boolean report(int callbacks, PrintStream out) throws Exception {
        List<Run> runs = List.of(run(Mode.COLLECTIONS, callbacks), run(Mode.ONE_BY_ONE, callbacks));
        out.printf("%n| mode | API calls (writes) | per 1,000 callbacks | token requests | invocations | wall time "
                + "| platform event calls | per 1,000 callbacks | events published |%n|---|---|---|---|---|---|---|---|---|%n");
        runs.forEach(run -> out.println(run.row()));
        runs.stream().filter(run -> !run.unwritten().isEmpty())
                .forEach(run -> out.println(run.mode().label + ": no order number on " + run.unwritten()));
        boolean met = runs.getFirst().callsPerThousand() <= 10;
        out.println(met ? "Target met: at most 10 calls per 1,000 callbacks with collections."
                : "Target missed: more than 10 calls per 1,000 callbacks with collections.");
        return met && runs.stream().allMatch(run -> run.unwritten().isEmpty());
    }

    static Run run(Mode mode, int callbacks) throws Exception {
        EmbeddedSqs sqs = EmbeddedSqs.shared();
        String suffix = Long.toHexString(System.nanoTime());
        String queueUrl = sqs.createQueue("callbacks-" + suffix);
        String table = "idempotency-" + suffix;
        IdempotencyTable.create(EmbeddedDynamoDb.shared().client(), table);
        StaticSecretsManager secrets = new StaticSecretsManager();
        secrets.put(SECRET_ID, QueueJson.write(Map.of("consumerKey", CONSUMER_KEY, "username", USERNAME,
                "privateKey", TestKeys.pkcs8Pem(TestKeys.connectedApp().getPrivate()))));
        try (SalesforceSimulator org = new SalesforceSimulator()) {
            org.trustJwtBearer(CONSUMER_KEY, USERNAME, TestKeys.publicKey(TestKeys.connectedApp()));
            List<CallbackRequest> queued = callbacks(org, callbacks);
            BatchEnqueuer.withBackoff(sqs.client(), 3).enqueueAll(queueUrl, IntStream.range(0, queued.size())
                    .mapToObj(i -> new BatchEnqueuer.Entry("c" + i, QueueJson.write(queued.get(i)))).toList());

            Map<String, String> environment = new HashMap<>(Map.of(
                    "CALLBACKS_DLQ_URL", sqs.createQueue("callbacks-dlq-" + suffix),
                    "IDEMPOTENCY_TABLE", table,
                    "SALESFORCE_ORG_ID", org.organizationId(),
                    "SALESFORCE_SECRET_ID", SECRET_ID,
                    "SALESFORCE_LOGIN_URL", org.loginUrl().toString()));
            environment.putAll(mode.settings);
            CallbackHandler handler = new CallbackHandler(CallbackConfig.from(new Env(environment)), sqs.client(),
                    EmbeddedDynamoDb.shared().client(), secrets, new JsonLog(line -> { }, Clock.systemUTC()), new RecordingMetrics(),
                    Pause.SLEEP);
            AtomicInteger invocations = new AtomicInteger();
            SqsEventSourceMapping mapping = new SqsEventSourceMapping(sqs.client(), queueUrl, BATCH_SIZE, event -> {
                invocations.incrementAndGet();
                return handler.handleRequest(event, null);
            });

            Duration elapsed = ConcurrentPollers.drain(mapping, POLLERS);

            List<String> unwritten = IntStream.rangeClosed(1, callbacks)
                    .filter(n -> !("SO-" + n).equals(org.fields(TestIds.id("006", n)).get("ERP_Order_Number__c")))
                    .mapToObj(n -> TestIds.id("006", n)).toList();
            List<SalesforceSimulator.PublishedEvent> events = org.publishedEvents();
            return new Run(mode, callbacks, org.apiCalls() - org.publishCalls(), org.tokenRequests(), invocations.get(), elapsed, unwritten,
                    org.publishCalls(), events.size(), events.stream().map(e -> e.fields().get("Record_Id__c")).distinct().count());
        }
    }

    /**
     * The callbacks, shuffled: four fifths from the order worker, by outbound messages of 100 with a live session
     * each; the rest from ERP status events, with no session (the handler logs in with OAuth for them).
     */
    private static List<CallbackRequest> callbacks(SalesforceSimulator org, int count) {
        int fromWorker = count * 4 / 5;
        List<CallbackRequest> callbacks = new ArrayList<>();
        SessionId session = null;
        for (int n = 1; n <= count; n++) {
            String id = TestIds.id("006", n);
            org.addRecord("Opportunity", id);
            if (n > fromWorker) {
                callbacks.add(new CallbackRequest(CallbackRequest.SCHEMA_VERSION, null, org.organizationId(), "Opportunity", id,
                        "SO-" + n, "Shipped", T0, null, null));
                continue;
            }
            if ((n - 1) % CALLBACKS_PER_MESSAGE == 0) {
                session = new SessionId(org.newSession());
            }
            callbacks.add(new CallbackRequest(CallbackRequest.SCHEMA_VERSION, TestIds.id("04l", n), org.organizationId(),
                    "Opportunity", id, "SO-" + n, "Booked", T0.plusSeconds(n), org.instanceUrl().toString(), session));
        }
        Collections.shuffle(callbacks, new Random(42));
        return callbacks;
    }
}
