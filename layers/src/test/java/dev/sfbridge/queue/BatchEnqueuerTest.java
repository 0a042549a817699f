package dev.sfbridge.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import dev.sfbridge.retry.Retry;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResultEntry;
import software.amazon.awssdk.services.sqs.model.SqsException;

/** Whole-call failures: which are retried, which end the send at once, and the pauses between tries. */
class BatchEnqueuerTest {
    private final List<Duration> pauses = new CopyOnWriteArrayList<>();
    private final List<BatchEnqueuer.Entry> entries = IntStream.range(0, 25)
            .mapToObj(i -> new BatchEnqueuer.Entry("e" + i, "body " + i)).toList();

    @Test
    void callsThatTimeOutAreRetriedWithBackoffAndThenSucceed() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        SqsClient sqs = scripted(request -> {
            if (calls.incrementAndGet() <= 3) {
                throw SdkClientException.create("read timed out");
            }
            return allSucceeded(request);
        });

        enqueuer(sqs).enqueueAll("q", entries);

        assertEquals(3 + 3, calls.get(), "three chunks fail, three are sent again");
        assertEquals(1, pauses.size());
        assertTrue(pauses.get(0).compareTo(Duration.ofMillis(100)) <= 0, "first backoff is at most the base delay");
    }

    @Test
    void throttlingAndServerErrorsAreRetriedUntilAttemptsRunOut() {
        AtomicInteger calls = new AtomicInteger();
        SqsClient sqs = scripted(request -> {
            calls.incrementAndGet();
            throw serviceError(503, "ServiceUnavailable");
        });

        EnqueueFailed failed = assertThrows(EnqueueFailed.class, () -> enqueuer(sqs).enqueueAll("q", entries));

        assertFalse(failed.permanent());
        assertEquals(3 * 3, calls.get());
        assertEquals(2, pauses.size());
        assertTrue(failed.getMessage().contains("25 of 25"), failed.getMessage());
    }

    @Test
    void anAccessDeniedQueueIsNotRetried() {
        AtomicInteger calls = new AtomicInteger();
        SqsClient sqs = scripted(request -> {
            calls.incrementAndGet();
            throw serviceError(403, "AccessDenied");
        });

        EnqueueFailed failed = assertThrows(EnqueueFailed.class, () -> enqueuer(sqs).enqueueAll("q", entries.subList(0, 5)));

        assertTrue(failed.permanent());
        assertEquals(1, calls.get());
        assertTrue(pauses.isEmpty());
        assertTrue(failed.getMessage().contains("AccessDenied"), failed.getMessage());
    }

    @Test
    void anEntryMissingFromBothResultListsIsSentAgain() throws Exception {
        List<Integer> sizes = new ArrayList<>();
        SqsClient sqs = scripted(request -> {
            sizes.add(request.entries().size());
            SendMessageBatchResponse all = allSucceeded(request);
            // the first answer forgets its first entry
            return sizes.size() == 1 ? all.toBuilder().successful(all.successful().subList(1, all.successful().size())).build() : all;
        });

        enqueuer(sqs).enqueueAll("q", entries.subList(0, 10));

        assertEquals(List.of(10, 1), sizes);
    }

    private BatchEnqueuer enqueuer(SqsClient sqs) {
        return new BatchEnqueuer(sqs, new Retry(3, BackoffStrategy.exponentialDelay(Duration.ofMillis(100), Duration.ofSeconds(1)), pauses::add));
    }

    private static SendMessageBatchResponse allSucceeded(SendMessageBatchRequest request) {
        return SendMessageBatchResponse.builder().failed(List.of()).successful(request.entries().stream()
                .map(e -> SendMessageBatchResultEntry.builder().id(e.id()).messageId("m-" + e.id()).build()).toList()).build();
    }

    private static SqsException serviceError(int status, String code) {
        return (SqsException) SqsException.builder().statusCode(status)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).build()).build();
    }

    private interface BatchCall {
        SendMessageBatchResponse send(SendMessageBatchRequest request);
    }

    private static SqsClient scripted(BatchCall call) {
        return new SqsClient() {
            @Override
            public synchronized SendMessageBatchResponse sendMessageBatch(SendMessageBatchRequest request) {
                return call.send(request);
            }

            @Override
            public String serviceName() {
                return "sqs";
            }

            @Override
            public void close() {
            }
        };
    }
}
