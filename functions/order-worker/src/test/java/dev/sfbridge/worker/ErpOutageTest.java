package dev.sfbridge.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sfbridge.erp.ErpClient;
import dev.sfbridge.erp.ErpCredentials;
import dev.sfbridge.erp.HttpErpClient;
import dev.sfbridge.model.QueueJson;
import dev.sfbridge.retry.CircuitBreaker;
import dev.sfbridge.sqs.RedeliveryBackoff;
import dev.sfbridge.testing.ErpSimulator;
import dev.sfbridge.testing.SimulatedSqsQueue;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * A day-long ERP outage on a simulated clock: the notifications queue and its event source mapping run on the
 * fixture's clock ({@link SimulatedSqsQueue}), the worker is the real one against DynamoDB Local, and the ERP is
 * unreachable (a closed port) until the outage ends, then the ERP simulator.
 */
class ErpOutageTest {
    private static final int NOTIFICATIONS = 1_000;
    private static final Duration OUTAGE = Duration.ofHours(24);
    /** template.yaml's NotificationsQueue RedrivePolicy and VisibilityTimeout. */
    private static final int MAX_RECEIVE_COUNT = 100;
    private static final Duration VISIBILITY_TIMEOUT = Duration.ofSeconds(360);
    private static final int BATCH_SIZE = 10;

    @AutoClose
    private final WorkerFixture fixture = new WorkerFixture();

    @Test
    void anErpDownForADayEndsWithEveryOrderMadeNothingDeadLetteredAndFewCallsWhileDown() {
        Instant outageEnds = fixture.clock.instant().plus(OUTAGE);
        AtomicInteger sentWhileDown = new AtomicInteger();
        ErpClient up = fixture.erpClient();
        ErpClient down = unreachableErp();
        ErpClient erp = order -> {
            if (fixture.clock.instant().isBefore(outageEnds)) {
                sentWhileDown.incrementAndGet();
                return down.upsertOrder(order);
            }
            return up.upsertOrder(order);
        };
        SimulatedSqsQueue queue = new SimulatedSqsQueue("arn:aws:sqs:us-east-1:000000000000:notifications",
                MAX_RECEIVE_COUNT, VISIBILITY_TIMEOUT, fixture.clock);
        OrderWorkerHandler handler = fixture.handler(fixture.dynamoDb, queue.client(fixture.sqs.client()), erp);
        for (int n = 1; n <= NOTIFICATIONS; n++) {
            queue.send(QueueJson.write(WorkerFixture.notification(n)));
        }

        while (queue.size() > 0) {
            if (queue.poll(BATCH_SIZE, event -> handler.handleRequest(event, null)) == 0) {
                fixture.clock.advance(Duration.between(fixture.clock.instant(), queue.nextVisibleAt().orElseThrow()));
            }
        }

        assertEquals(NOTIFICATIONS, fixture.erp.ordersCreated());
        assertEquals(0, queue.deadLetters().size(), "nothing moved by the redrive policy");
        assertEquals(0, fixture.deadLetters().size(), "nothing sfbridge dead-lettered");
        assertEquals(NOTIFICATIONS, fixture.callbacks().size());
        int receivesInADay = RedeliveryBackoff.standard().receivesWithin(OUTAGE);
        // the day's receives, then at most three more: one meeting the circuit still open, one meeting its probe
        // out (a batch-mate of the probe), one that succeeds
        assertTrue(queue.mostReceives() <= receivesInADay + 3 && receivesInADay + 3 < MAX_RECEIVE_COUNT,
                "a message was received " + queue.mostReceives() + " times; the backoff allows " + receivesInADay + " in a day");
        // without the circuit each receive would send the order: up to NOTIFICATIONS x receivesInADay (54,000);
        // with it, one batch before it opens and one probe per cool-down
        int bound = BATCH_SIZE + probesWithin(OUTAGE);
        assertTrue(sentWhileDown.get() <= bound, sentWhileDown.get() + " orders sent to the ERP while it was down; bound " + bound);
        // a notification refused before the first probe after the ERP's return (at most a cool-down, and the
        // moment until the next receive, later) waits at most the backoff's cap after it
        Instant drainedBy = outageEnds.plus(OrderWorkerHandler.CIRCUIT_MAX_COOL_DOWN).plus(Duration.ofMinutes(5))
                .plus(RedeliveryBackoff.standard().cap());
        assertTrue(fixture.clock.instant().isBefore(drainedBy), "drained at " + fixture.clock.instant() + ", not by " + drainedBy);
    }

    /** The probes an open circuit lets through in {@code window}: one at the end of each cool-down. */
    private static int probesWithin(Duration window) {
        CircuitBreaker schedule = new CircuitBreaker("schedule", OrderWorkerHandler.CIRCUIT_THRESHOLD,
                OrderWorkerHandler.CIRCUIT_COOL_DOWN, OrderWorkerHandler.CIRCUIT_MAX_COOL_DOWN, java.time.Clock.systemUTC(),
                (name, from, to) -> { });
        int probes = 0;
        Duration elapsed = schedule.coolDown(1);
        while (elapsed.compareTo(window) <= 0) {
            probes++;
            elapsed = elapsed.plus(schedule.coolDown(probes + 1));
        }
        return probes;
    }

    private ErpClient unreachableErp() {
        ErpSimulator closed = ErpSimulator.withApiKey("test-erp-key");
        URI nowhere = closed.baseUri();
        closed.close();
        return new HttpErpClient(nowhere, ErpCredentials.fixed(closed.secret()),
                HttpErpClient.Settings.defaults().withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(2)).withPause(d -> { }));
    }
}
