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
import dev.sfbridge.aws.AwsClients;
import dev.sfbridge.retry.Retry;
import dev.sfbridge.testing.TestClock;
import java.time.Instant;
import dev.sfbridge.testing.EmbeddedSqs;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResultEntry;
import software.amazon.awssdk.services.sqs.model.SqsException;

/**
 * Whole-call failures: which are retried, which end the send at once, and the pauses between tries; chunks
 * bounded by count and by bytes, against a script and against ElasticMQ's real limits.
 */
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
        SqsClient sqs = failingEveryCall(calls, 503, "ServiceUnavailable");

        EnqueueFailed failed = assertThrows(EnqueueFailed.class, () -> enqueuer(sqs).enqueueAll("q", entries));

        assertFalse(failed.permanent());
        assertEquals(3 * 3, calls.get());
        assertEquals(2, pauses.size());
        assertTrue(failed.getMessage().contains("25 of 25"), failed.getMessage());
    }

    @Test
    void anAccessDeniedQueueIsNotRetried() {
        AtomicInteger calls = new AtomicInteger();
        SqsClient sqs = failingEveryCall(calls, 403, "AccessDenied");

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

    @Test
    void chunksAreBoundedByBytesAsWellAsByCount() throws Exception {
        List<Integer> sizes = new CopyOnWriteArrayList<>();
        SqsClient sqs = scripted(request -> {
            sizes.add(request.entries().size());
            return allSucceeded(request);
        });
        List<BatchEnqueuer.Entry> large = IntStream.range(0, 10).mapToObj(i -> new BatchEnqueuer.Entry("l" + i, "é".repeat(150))).toList();

        // 300 bytes each (150 two-byte characters): three fit in 1,000 bytes, a fourth does not
        new BatchEnqueuer(sqs, noPause(), 1000).enqueueAll("q", large);
        assertEquals(List.of(3, 3, 3, 1), sizes.stream().sorted(java.util.Comparator.reverseOrder()).toList());

        sizes.clear();
        // exactly at the limit: four of 250 bytes make one chunk of 1,000
        new BatchEnqueuer(sqs, noPause(), 1000).enqueueAll("q", IntStream.range(0, 8)
                .mapToObj(i -> new BatchEnqueuer.Entry("x" + i, "x".repeat(250))).toList());
        assertEquals(List.of(4, 4), sizes);

        sizes.clear();
        new BatchEnqueuer(sqs, noPause(), 1000).enqueueAll("q", entries);
        assertEquals(List.of(10, 10, 5), sizes.stream().sorted(java.util.Comparator.reverseOrder()).toList(), "small entries: ten a chunk");
    }

    @Test
    void anEntryTooLargeForOneMessageFailsTheCallBeforeAnythingIsSent() {
        AtomicInteger calls = new AtomicInteger();
        SqsClient sqs = scripted(request -> {
            calls.incrementAndGet();
            return allSucceeded(request);
        });
        List<BatchEnqueuer.Entry> withOneTooLarge = List.of(new BatchEnqueuer.Entry("ok", "x"),
                new BatchEnqueuer.Entry("big", "x".repeat(1001)), new BatchEnqueuer.Entry("ok2", "x".repeat(1000)));

        EnqueueFailed failed = assertThrows(EnqueueFailed.class, () -> new BatchEnqueuer(sqs, noPause(), 1000).enqueueAll("q", withOneTooLarge));

        assertTrue(failed.permanent());
        assertEquals(0, calls.get(), "nothing is sent, so no part of the request is queued without the rest");
        assertTrue(failed.getMessage().contains("1 of 3"), failed.getMessage());
        assertTrue(failed.getMessage().contains("entry big is 1001 bytes, more than the 1000 a message may hold"), failed.getMessage());
    }

    @Test
    void tenThirtyKilobyteMessagesReachElasticMqWhoseBatchLimitTheyExceedTogether() throws Exception {
        EmbeddedSqs elasticMq = EmbeddedSqs.shared();
        String queueUrl = elasticMq.createQueue("large-" + UUID.randomUUID());
        List<BatchEnqueuer.Entry> large = IntStream.range(0, 10)
                .mapToObj(i -> new BatchEnqueuer.Entry("e" + i, (char) ('a' + i) + "x".repeat(30 * 1024))).toList();
        // the control: counted by entries alone, the ten go in one call, which ElasticMQ refuses whole
        assertThrows(SqsException.class, () -> elasticMq.client().sendMessageBatch(b -> b.queueUrl(queueUrl).entries(large.stream()
                .map(e -> software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry.builder().id(e.id()).messageBody(e.body()).build())
                .toList())));

        new BatchEnqueuer(elasticMq.client(), noPause(), EmbeddedSqs.MAX_MESSAGE_CHARACTERS).enqueueAll(queueUrl, large);

        assertEquals(large.stream().map(BatchEnqueuer.Entry::body).sorted().toList(),
                elasticMq.drain(queueUrl).stream().map(software.amazon.awssdk.services.sqs.model.Message::body).sorted().toList());
    }

    /**
     * Calls that each run into their timeout, in a function that has 19 s left to answer: the first is bounded by the
     * client's 10 s, the second cut to the 9 s left, and no third begins. Before, three calls of up to 10 s ran past a
     * 20 s function's timeout, and API Gateway answered 502 instead of the SOAP fault.
     */
    @Test
    void callsAreCutToTheDeadlineAndNoAttemptBeginsWithoutTimeForIt() {
        TestClock clock = new TestClock(Instant.parse("2026-11-28T00:00:00Z"));
        Instant deadline = clock.instant().plusSeconds(19);
        List<Duration> callTimeouts = new CopyOnWriteArrayList<>();
        SqsClient timingOut = scripted(request -> {
            Duration timeout = request.overrideConfiguration().flatMap(o -> o.apiCallTimeout()).orElse(AwsClients.API_CALL_TIMEOUT);
            callTimeouts.add(timeout);
            clock.advance(timeout);
            throw ApiCallTimeoutException.create(timeout.toMillis());
        });

        EnqueueFailed failed = assertThrows(EnqueueFailed.class, () -> new BatchEnqueuer(timingOut, noPause(),
                BatchEnqueuer.SQS_MAX_PAYLOAD_BYTES, clock).enqueueAll("q", entries.subList(0, 1), deadline));

        assertEquals(List.of(AwsClients.API_CALL_TIMEOUT, Duration.ofSeconds(9)), callTimeouts);
        assertFalse(clock.instant().isAfter(deadline), "the calls ended by the deadline");
        assertFalse(failed.permanent());
        assertTrue(failed.getMessage().contains("1 of 1 messages could not be enqueued before the caller's deadline"), failed.getMessage());
        assertTrue(failed.getMessage().contains("ApiCallTimeoutException"), failed.getMessage());
    }

    @Test
    void withoutTheShortestAttemptsTimeLeftNothingIsSent() {
        TestClock clock = new TestClock(Instant.parse("2026-11-28T00:00:00Z"));

        EnqueueFailed failed = assertThrows(EnqueueFailed.class, () -> new BatchEnqueuer(scripted(this::never), noPause(),
                BatchEnqueuer.SQS_MAX_PAYLOAD_BYTES, clock).enqueueAll("q", entries, clock.instant().plus(BatchEnqueuer.SHORTEST_ATTEMPT).minusMillis(1)));

        assertTrue(failed.getMessage().startsWith("25 of 25 messages could not be enqueued before the caller's deadline"), failed.getMessage());
    }

    /** The ERP events route and the order worker give no deadline: every attempt, each call bounded by the client alone. */
    @Test
    void withoutADeadlineEveryAttemptIsMadeWithTheClientsOwnTimeout() {
        List<Boolean> overridden = new CopyOnWriteArrayList<>();
        SqsClient timingOut = scripted(request -> {
            overridden.add(request.overrideConfiguration().flatMap(o -> o.apiCallTimeout()).isPresent());
            throw ApiCallTimeoutException.create(10_000);
        });

        assertThrows(EnqueueFailed.class, () -> new BatchEnqueuer(timingOut, noPause()).enqueueAll("q", entries.subList(0, 1)));

        assertEquals(List.of(false, false, false), overridden);
    }

    @Test
    void aLimitAboveWhatSqsTakesIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new BatchEnqueuer(scripted(this::never), noPause(), BatchEnqueuer.SQS_MAX_PAYLOAD_BYTES + 1));
    }

    private SendMessageBatchResponse never(SendMessageBatchRequest request) {
        throw new AssertionError("not called");
    }

    private Retry noPause() {
        return new Retry(3, BackoffStrategy.retryImmediately(), pauses::add);
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

    /** A queue whose every call fails with the service error of {@code status} and {@code code}, counted in {@code calls}. */
    private static SqsClient failingEveryCall(AtomicInteger calls, int status, String code) {
        return scripted(request -> {
            calls.incrementAndGet();
            throw serviceError(status, code);
        });
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
