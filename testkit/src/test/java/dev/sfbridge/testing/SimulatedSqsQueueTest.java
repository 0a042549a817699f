package dev.sfbridge.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchResponse;

class SimulatedSqsQueueTest {
    private static final String URL = "https://sqs.us-east-1.amazonaws.com/000000000000/q";

    private final TestClock clock = new TestClock(Instant.parse("2026-11-23T12:00:00Z"));
    private final SimulatedSqsQueue queue = new SimulatedSqsQueue("arn:aws:sqs:us-east-1:000000000000:q", 3,
            Duration.ofSeconds(360), clock);
    private final SqsClient client = queue.client(null);
    private final List<String> receiveCounts = new ArrayList<>();

    private SQSBatchResponse failAll(SQSEvent event) {
        event.getRecords().forEach(r -> receiveCounts.add(r.getAttributes().get("ApproximateReceiveCount")));
        return new SQSBatchResponse(event.getRecords().stream()
                .map(r -> new SQSBatchResponse.BatchItemFailure(r.getMessageId())).toList());
    }

    @Test
    void aFailedMessageComesBackAfterTheVisibilityTimeoutAndMovesToTheDeadLettersPastMaxReceiveCount() {
        queue.send("body");

        for (int receive = 1; receive <= 3; receive++) {
            assertEquals(1, queue.poll(10, this::failAll));
            assertEquals(0, queue.poll(10, this::failAll), "invisible until the timeout");
            assertEquals(Optional.of(clock.instant().plusSeconds(360)), queue.nextVisibleAt());
            clock.advance(Duration.ofSeconds(360));
        }

        assertEquals(0, queue.poll(10, this::failAll));
        assertEquals(List.of("1", "2", "3"), receiveCounts);
        assertEquals(List.of("body"), queue.deadLetters());
        assertEquals(0, queue.size());
    }

    @Test
    void theVisibilityAChangeSetsCountsFromTheChangeAndAStaleReceiptHandleIsRefused() {
        queue.send("body");
        List<String> handles = new ArrayList<>();
        queue.poll(10, event -> {
            handles.add(event.getRecords().getFirst().getReceiptHandle());
            ChangeMessageVisibilityBatchResponse changed = client.changeMessageVisibilityBatch(b -> b.queueUrl(URL)
                    .entries(e -> e.id("0").receiptHandle(handles.getFirst()).visibilityTimeout(30)));
            assertTrue(changed.failed().isEmpty());
            return failAll(event);
        });
        assertEquals(Optional.of(clock.instant().plusSeconds(30)), queue.nextVisibleAt());
        clock.advance(Duration.ofSeconds(30));
        queue.poll(10, this::failAll);

        ChangeMessageVisibilityBatchResponse stale = client.changeMessageVisibilityBatch(b -> b.queueUrl(URL)
                .entries(e -> e.id("0").receiptHandle(handles.getFirst()).visibilityTimeout(0)));

        assertEquals("ReceiptHandleIsInvalid", stale.failed().getFirst().code());
    }

    @Test
    void whatTheFunctionDidNotReportFailedIsDeleted() {
        queue.send("one");
        queue.send("two");

        queue.poll(10, event -> new SQSBatchResponse(List.of()));

        assertEquals(0, queue.size());
        assertEquals(Optional.empty(), queue.nextVisibleAt());
    }
}
