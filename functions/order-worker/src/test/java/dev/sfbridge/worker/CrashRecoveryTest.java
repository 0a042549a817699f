package dev.sfbridge.worker;

import static dev.sfbridge.worker.WorkerFixture.notification;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sfbridge.erp.ErpClient;
import dev.sfbridge.model.CallbackRequest;
import dev.sfbridge.testing.Intercepted;
import dev.sfbridge.testing.SqsEventSourceMapping;
import dev.sfbridge.testing.TestIds;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequest;

/**
 * The process dies right after each step (an Error no code catches, as when Lambda's sandbox goes
 * away). After redelivery — and, where the claim was left in progress, after its lease ran out — there is
 * still exactly one ERP order, and every callback carries its number.
 */
class CrashRecoveryTest {
    @AutoClose
    private final WorkerFixture fixture = new WorkerFixture();

    /** The injected death. */
    static final class Crash extends Error {
        Crash(String after) {
            super("crashed after " + after);
        }
    }

    enum Step { CLAIM, ADMIT, ERP_UPSERT, CALLBACK_ENQUEUE, COMPLETE }

    static Stream<Step> steps() {
        return Stream.of(Step.values());
    }

    @ParameterizedTest(name = "crash after {0}")
    @MethodSource("steps")
    void aCrashAfterAnyStepStillYieldsOneOrderAndMatchingCallbacks(Step step) {
        AtomicBoolean crashed = new AtomicBoolean();
        OrderWorkerHandler crashing = fixture.handler(crashingDynamoDb(step, crashed), crashingSqs(step, crashed),
                crashingErp(step, crashed));
        SqsEventSourceMapping mapping = fixture.mapping(crashing);
        fixture.enqueue(notification(7));

        SqsEventSourceMapping.Poll first = mapping.pollOnce();
        assertInstanceOf(Crash.class, first.crashed());
        assertTrue(crashed.get());

        // the redelivery meets a claim in progress until the lease has run out, then takes it over
        SqsEventSourceMapping.Poll early = mapping.pollOnce();
        if (step != Step.COMPLETE) {
            assertEquals(1, early.failed(), "the crashed worker's lease still keeps others out");
            fixture.clock.advance(WorkerFixture.LEASE.plusSeconds(1));
        }
        mapping.drain(5);

        assertEquals(1, fixture.erp.ordersCreated());
        String orderNumber = fixture.erp.order(TestIds.id("006", 7)).orElseThrow().orderNumber();
        List<CallbackRequest> callbacks = fixture.callbacks();
        assertFalse(callbacks.isEmpty(), "at least one callback");
        callbacks.forEach(c -> assertEquals(orderNumber, c.orderNumber()));
        assertTrue(fixture.deadLetters().isEmpty());
    }

    private DynamoDbClient crashingDynamoDb(Step step, AtomicBoolean crashed) {
        AtomicInteger updates = new AtomicInteger();
        return Intercepted.of(DynamoDbClient.class, fixture.dynamoDb)
                .after(PutItemRequest.class, request -> crashOnce(step == Step.CLAIM, crashed, step))
                .after(UpdateItemRequest.class, request -> {
                    int update = updates.incrementAndGet();
                    crashOnce((step == Step.ADMIT && update == 1) || (step == Step.COMPLETE && update == 2), crashed, step);
                })
                .client();
    }

    private SqsClient crashingSqs(Step step, AtomicBoolean crashed) {
        return Intercepted.of(SqsClient.class, fixture.sqs.client())
                .after(SendMessageBatchRequest.class, request -> crashOnce(step == Step.CALLBACK_ENQUEUE, crashed, step))
                .client();
    }

    private ErpClient crashingErp(Step step, AtomicBoolean crashed) {
        ErpClient real = fixture.erpClient();
        return order -> {
            var result = real.upsertOrder(order);
            crashOnce(step == Step.ERP_UPSERT, crashed, step);
            return result;
        };
    }

    private static void crashOnce(boolean now, AtomicBoolean crashed, Step step) {
        if (now && crashed.compareAndSet(false, true)) {
            throw new Crash(step.name());
        }
    }
}
