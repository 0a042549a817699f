package dev.sfbridge.callback;

import static dev.sfbridge.callback.CallbackFixture.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sfbridge.model.CallbackRequest;
import dev.sfbridge.model.QueueJson;
import dev.sfbridge.model.SessionId;
import dev.sfbridge.queue.BatchEnqueuer;
import dev.sfbridge.testing.SqsEventSourceMapping;
import dev.sfbridge.testing.TestIds;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Salesforce API calls per 1,000 callbacks under load, both ways in one run (docs/benchmarks.md,
 * "Salesforce callbacks"): 1,000 callbacks on the callbacks queue in ElasticMQ, 800 from 8 outbound
 * messages of 100 (a live session each) and 200 from ERP status events (OAuth), shuffled; the handler
 * driven by {@link SqsEventSourceMapping} with a batch size of 200 by 4 pollers at once (4 concurrent
 * invocations); every call counted by the simulated org.
 */
class CallbackApiCallsBenchmarkTest {
    private static final int CALLBACKS = 1_000;
    private static final int BATCH_SIZE = 200;
    private static final int POLLERS = 4;

    private record Run(String mode, int apiCalls, int tokenRequests, int invocations, Duration elapsed) {
        double callsPerThousand() {
            return apiCalls * 1000.0 / CALLBACKS;
        }
    }

    @Test
    void collectionsNeedAtMostTenApiCallsPerThousandCallbacks() throws Exception {
        Run collections = run("sObject Collections (SALESFORCE_RECORDS_PER_CALL=200)", Map.of());
        Run oneByOne = run("one call per callback (SALESFORCE_RECORDS_PER_CALL=1)", Map.of("SALESFORCE_RECORDS_PER_CALL", "1"));

        System.out.printf("%n| mode | API calls | per 1,000 callbacks | token requests | invocations | wall time |%n|---|---|---|---|---|---|%n");
        for (Run run : List.of(collections, oneByOne)) {
            System.out.printf("| %s | %d | %.1f | %d | %d | %.1f s |%n", run.mode(), run.apiCalls(), run.callsPerThousand(),
                    run.tokenRequests(), run.invocations(), run.elapsed().toMillis() / 1000.0);
        }
        assertTrue(collections.callsPerThousand() <= 10, "target: at most 10 calls per 1,000 callbacks, was " + collections.apiCalls());
        assertEquals(CALLBACKS, oneByOne.apiCalls());
    }

    private Run run(String mode, Map<String, String> config) throws Exception {
        try (CallbackFixture fixture = new CallbackFixture()) {
            List<CallbackRequest> callbacks = new ArrayList<>();
            for (int message = 0; message < 8; message++) {
                SessionId session = fixture.session();
                for (int n = message * 100 + 1; n <= message * 100 + 100; n++) {
                    callbacks.add(fixture.fromWorker(fixture.opportunity(n), "SO-" + n, "Booked", T0.plusSeconds(n), session));
                }
            }
            IntStream.rangeClosed(801, CALLBACKS).forEach(n -> callbacks.add(fixture.fromErp(fixture.opportunity(n), "SO-" + n, "Shipped", T0)));
            Collections.shuffle(callbacks, new Random(42));
            BatchEnqueuer.withBackoff(fixture.sqs.client(), 3).enqueueAll(fixture.queueUrl, IntStream.range(0, callbacks.size())
                    .mapToObj(i -> new BatchEnqueuer.Entry("c" + i, QueueJson.write(callbacks.get(i)))).toList());
            CallbackHandler handler = fixture.handler(config);
            AtomicInteger invocations = new AtomicInteger();
            SqsEventSourceMapping mapping = new SqsEventSourceMapping(fixture.sqs.client(), fixture.queueUrl, BATCH_SIZE, event -> {
                invocations.incrementAndGet();
                return handler.handleRequest(event, null);
            });

            long started = System.nanoTime();
            try (ExecutorService pollers = Executors.newVirtualThreadPerTaskExecutor()) {
                List<Future<?>> running = new ArrayList<>();
                for (int i = 0; i < POLLERS; i++) {
                    running.add(pollers.submit(() -> {
                        while (mapping.pollOnce().received() > 0) {
                            // each poll is one invocation; a poller stops when the queue answers empty
                        }
                    }));
                }
                for (Future<?> poller : running) {
                    poller.get();
                }
            }
            mapping.drain(10);
            Duration elapsed = Duration.ofNanos(System.nanoTime() - started);

            IntStream.rangeClosed(1, CALLBACKS).forEach(n ->
                    assertEquals("SO-" + n, fixture.salesforce.fields(TestIds.id("006", n)).get("ERP_Order_Number__c")));
            return new Run(mode, fixture.salesforce.apiCalls(), fixture.salesforce.tokenRequests(), invocations.get(), elapsed);
        }
    }
}
