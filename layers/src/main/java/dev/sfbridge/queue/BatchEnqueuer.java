package dev.sfbridge.queue;

import dev.sfbridge.aws.AwsClients;
import dev.sfbridge.retry.Retry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.stream.Collectors;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;

/**
 * Puts many messages on a queue with {@code SendMessageBatch}: chunks of at most ten entries and at most
 * {@code maxPayloadBytes} in all, sent concurrently, every entry's result checked (a batch call can succeed
 * while entries in it fail), failed entries sent again a bounded number of times with jittered backoff.
 * Returns only when every entry is in, or throws. An entry larger than one message may be is refused before
 * anything is sent, as a permanent failure: it can never be queued. Given a deadline (the caller's function
 * timeout), every call is cut to end by it and no attempt is begun with less than {@link #SHORTEST_ATTEMPT} left, so the
 * caller still has the time to answer.
 */
public final class BatchEnqueuer {
    /** SQS's limit of entries in one {@code SendMessageBatch}. */
    public static final int MAX_BATCH = 10;
    /**
     * SQS's limit of one message's size and of the sum of a {@code SendMessageBatch}'s messages, in bytes,
     * since 2025 (it was 256 KiB); a queue's {@code MaximumMessageSize} may set a lower one.
     */
    public static final int SQS_MAX_PAYLOAD_BYTES = 1024 * 1024;
    /** An attempt is not begun with less time than this before the deadline: one SQS call's attempt timeout. */
    public static final Duration SHORTEST_ATTEMPT = Duration.ofSeconds(3);

    /** @param id unique within one call, at most 80 characters of {@code [A-Za-z0-9_-]} */
    public record Entry(String id, String body) {
        /** What SQS counts: the body's UTF-8 bytes (these entries carry no message attributes). */
        int bytes() {
            return body.getBytes(StandardCharsets.UTF_8).length;
        }
    }

    private final SqsClient sqs;
    private final Retry retry;
    private final int maxPayloadBytes;
    private final Clock clock;

    /**
     * @param maxPayloadBytes the largest message and the largest sum of one batch's messages: the queue's
     *                        {@code MaximumMessageSize}, at most {@link #SQS_MAX_PAYLOAD_BYTES}
     * @param clock           what a deadline is compared with
     */
    public BatchEnqueuer(SqsClient sqs, Retry retry, int maxPayloadBytes, Clock clock) {
        if (maxPayloadBytes < 1 || maxPayloadBytes > SQS_MAX_PAYLOAD_BYTES) {
            throw new IllegalArgumentException("a batch holds 1 to " + SQS_MAX_PAYLOAD_BYTES + " bytes, not " + maxPayloadBytes);
        }
        this.sqs = sqs;
        this.retry = retry;
        this.maxPayloadBytes = maxPayloadBytes;
        this.clock = clock;
    }

    public BatchEnqueuer(SqsClient sqs, Retry retry, int maxPayloadBytes) {
        this(sqs, retry, maxPayloadBytes, Clock.systemUTC());
    }

    /** For a queue that takes messages of SQS's largest size. */
    public BatchEnqueuer(SqsClient sqs, Retry retry) {
        this(sqs, retry, SQS_MAX_PAYLOAD_BYTES);
    }

    /** Full-jitter backoff from 50 ms up to 1 s between attempts: well inside Salesforce's wait for the ack. */
    public static BatchEnqueuer withBackoff(SqsClient sqs, int maxAttempts) {
        return withBackoff(sqs, maxAttempts, SQS_MAX_PAYLOAD_BYTES);
    }

    public static BatchEnqueuer withBackoff(SqsClient sqs, int maxAttempts, int maxPayloadBytes) {
        return withBackoff(sqs, maxAttempts, maxPayloadBytes, Clock.systemUTC());
    }

    /** @param clock what a deadline is compared with: the caller's, whose deadlines it takes */
    public static BatchEnqueuer withBackoff(SqsClient sqs, int maxAttempts, int maxPayloadBytes, Clock clock) {
        return new BatchEnqueuer(sqs, Retry.withJitter(maxAttempts, Duration.ofMillis(50), Duration.ofSeconds(1)), maxPayloadBytes, clock);
    }

    /** Without a deadline: each call is bounded by the client's own timeouts alone. */
    public void enqueueAll(String queueUrl, List<Entry> entries) throws EnqueueFailed {
        enqueueAll(queueUrl, entries, null);
    }

    /**
     * @param deadline when the caller must have its answer, or null for none: each call is cut to end by then, and no
     *                 attempt is begun with less than {@link #SHORTEST_ATTEMPT} left ({@link EnqueueFailed}, not permanent)
     */
    public void enqueueAll(String queueUrl, List<Entry> entries, Instant deadline) throws EnqueueFailed {
        refuseOversized(entries);
        List<Entry> pending = entries;
        List<String> lastErrors = List.of();
        try (ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int attempt = 1; !pending.isEmpty(); attempt++) {
                if (attempt > 1) {
                    pauseBefore(attempt, pending.size(), entries.size(), lastErrors);
                }
                Duration timeLeft = deadline == null ? null : Duration.between(clock.instant(), deadline);
                if (timeLeft != null && timeLeft.compareTo(SHORTEST_ATTEMPT) < 0) {
                    throw EnqueueFailed.outOfTime(pending.size(), entries.size(), lastErrors);
                }
                List<Future<ChunkResult>> sent = new ArrayList<>();
                for (List<Entry> chunk : chunks(pending)) {
                    sent.add(senders.submit(() -> send(queueUrl, chunk, timeLeft)));
                }
                List<Entry> resend = new ArrayList<>();
                List<String> errors = new ArrayList<>();
                for (Future<ChunkResult> chunk : sent) {
                    ChunkResult result = join(chunk);
                    if (!result.permanentErrors().isEmpty()) {
                        throw new EnqueueFailed(result.failed().size(), entries.size(), true, result.permanentErrors());
                    }
                    resend.addAll(result.failed());
                    errors.addAll(result.errors());
                }
                if (!resend.isEmpty() && attempt == retry.maxAttempts()) {
                    throw new EnqueueFailed(resend.size(), entries.size(), false, errors);
                }
                pending = resend;
                lastErrors = errors;
            }
        }
    }

    /** Refuses the whole call when one entry could never be queued, so nothing is sent without the rest. */
    private void refuseOversized(List<Entry> entries) throws EnqueueFailed {
        List<String> oversized = entries.stream().filter(e -> e.bytes() > maxPayloadBytes)
                .map(e -> "entry " + e.id() + " is " + e.bytes() + " bytes, more than the " + maxPayloadBytes + " a message may hold")
                .toList();
        if (!oversized.isEmpty()) {
            throw new EnqueueFailed(oversized.size(), entries.size(), true, oversized);
        }
    }

    /** In order, each chunk as full as both limits allow: ten entries, and {@code maxPayloadBytes} in all. */
    private List<List<Entry>> chunks(List<Entry> entries) {
        List<List<Entry>> chunks = new ArrayList<>();
        List<Entry> chunk = new ArrayList<>();
        long chunkBytes = 0;
        for (Entry entry : entries) {
            int bytes = entry.bytes();
            if (chunk.size() == MAX_BATCH || chunkBytes + bytes > maxPayloadBytes) {
                chunks.add(chunk);
                chunk = new ArrayList<>();
                chunkBytes = 0;
            }
            chunk.add(entry);
            chunkBytes += bytes;
        }
        if (!chunk.isEmpty()) {
            chunks.add(chunk);
        }
        return chunks;
    }

    private void pauseBefore(int attempt, int pending, int total, List<String> errors) throws EnqueueFailed {
        try {
            retry.pauseBefore(attempt);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EnqueueFailed(pending, total, false, errors);
        }
    }

    /** @param timeLeft the call's timeout, when shorter than the client's own; null for the client's */
    private ChunkResult send(String queueUrl, List<Entry> chunk, Duration timeLeft) {
        Map<String, Entry> byId = chunk.stream().collect(Collectors.toMap(Entry::id, Function.identity()));
        SendMessageBatchResponse response;
        try {
            response = sqs.sendMessageBatch(b -> {
                b.queueUrl(queueUrl).entries(chunk.stream()
                        .map(e -> SendMessageBatchRequestEntry.builder().id(e.id()).messageBody(e.body()).build())
                        .toList());
                if (timeLeft != null && timeLeft.compareTo(AwsClients.API_CALL_TIMEOUT) < 0) {
                    b.overrideConfiguration(o -> o.apiCallTimeout(timeLeft));
                }
            });
        } catch (SdkException e) {
            String error = describe(e);
            return retryable(e) ? new ChunkResult(chunk, List.of(error), List.of()) : new ChunkResult(chunk, List.of(), List.of(error));
        }
        List<Entry> failed = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        List<String> permanent = new ArrayList<>();
        for (BatchResultErrorEntry error : response.failed()) {
            failed.add(byId.get(error.id()));
            (Boolean.TRUE.equals(error.senderFault()) ? permanent : errors).add("SQS " + error.code());
        }
        // An entry neither in Successful nor in Failed was not confirmed: send it again.
        response.successful().forEach(ok -> byId.remove(ok.id()));
        response.failed().forEach(ko -> byId.remove(ko.id()));
        failed.addAll(byId.values());
        return new ChunkResult(failed, errors, permanent);
    }

    /** Client-side trouble (timeouts, connections), throttling and 5xx are worth another try; the rest is not. */
    private static boolean retryable(SdkException e) {
        if (e instanceof AwsServiceException service) {
            return service.isThrottlingException() || service.statusCode() >= 500;
        }
        return e instanceof SdkClientException;
    }

    private static String describe(SdkException e) {
        return e instanceof AwsServiceException service && service.awsErrorDetails() != null
                ? "SQS " + service.awsErrorDetails().errorCode()
                : e.getClass().getSimpleName();
    }

    private static ChunkResult join(Future<ChunkResult> chunk) {
        try {
            return chunk.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while enqueuing", e);
        } catch (ExecutionException e) {
            // a sender thread's failure is the caller's, an Error included: never turned into a handled one
            switch (e.getCause()) {
                case RuntimeException r -> throw r;
                case Error error -> throw error;
                default -> throw new IllegalStateException(e.getCause());
            }
        }
    }

    /**
     * What became of one {@code SendMessageBatch}: the entries not confirmed, the errors worth another try,
     * and those that are not (the sender's fault).
     */
    private record ChunkResult(List<Entry> failed, List<String> errors, List<String> permanentErrors) {}
}
