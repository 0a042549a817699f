package dev.sfbridge.queue;

import dev.sfbridge.retry.Retry;
import java.time.Duration;
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
 * Puts many messages on a queue with {@code SendMessageBatch}: chunks of ten sent concurrently, every
 * entry's result checked (a batch call can succeed while entries in it fail), failed entries sent again a
 * bounded number of times with jittered backoff. Returns only when every entry is in, or throws.
 */
public final class BatchEnqueuer {
    /** SQS's limit of entries in one {@code SendMessageBatch}. */
    public static final int MAX_BATCH = 10;

    /** @param id unique within one call, at most 80 characters of {@code [A-Za-z0-9_-]} */
    public record Entry(String id, String body) {}

    private final SqsClient sqs;
    private final Retry retry;

    public BatchEnqueuer(SqsClient sqs, Retry retry) {
        this.sqs = sqs;
        this.retry = retry;
    }

    /** Full-jitter backoff from 50 ms up to 1 s between attempts: well inside Salesforce's wait for the ack. */
    public static BatchEnqueuer withBackoff(SqsClient sqs, int maxAttempts) {
        return new BatchEnqueuer(sqs, Retry.withJitter(maxAttempts, Duration.ofMillis(50), Duration.ofSeconds(1)));
    }

    public void enqueueAll(String queueUrl, List<Entry> entries) throws EnqueueFailed {
        List<Entry> pending = entries;
        List<String> lastErrors = List.of();
        try (ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int attempt = 1; !pending.isEmpty(); attempt++) {
                if (attempt > 1) {
                    pauseBefore(attempt, pending.size(), entries.size(), lastErrors);
                }
                List<Future<Outcome>> chunks = new ArrayList<>();
                for (int from = 0; from < pending.size(); from += MAX_BATCH) {
                    List<Entry> chunk = pending.subList(from, Math.min(from + MAX_BATCH, pending.size()));
                    chunks.add(senders.submit(() -> send(queueUrl, chunk)));
                }
                List<Entry> resend = new ArrayList<>();
                List<String> errors = new ArrayList<>();
                for (Future<Outcome> chunk : chunks) {
                    Outcome outcome = join(chunk);
                    if (!outcome.permanentErrors().isEmpty()) {
                        throw new EnqueueFailed(outcome.failed().size(), entries.size(), true, outcome.permanentErrors());
                    }
                    resend.addAll(outcome.failed());
                    errors.addAll(outcome.errors());
                }
                if (!resend.isEmpty() && attempt == retry.maxAttempts()) {
                    throw new EnqueueFailed(resend.size(), entries.size(), false, errors);
                }
                pending = resend;
                lastErrors = errors;
            }
        }
    }

    private void pauseBefore(int attempt, int pending, int total, List<String> errors) throws EnqueueFailed {
        try {
            retry.pauseBefore(attempt);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EnqueueFailed(pending, total, false, errors);
        }
    }

    private Outcome send(String queueUrl, List<Entry> chunk) {
        Map<String, Entry> byId = chunk.stream().collect(Collectors.toMap(Entry::id, Function.identity()));
        SendMessageBatchResponse response;
        try {
            response = sqs.sendMessageBatch(b -> b.queueUrl(queueUrl).entries(chunk.stream()
                    .map(e -> SendMessageBatchRequestEntry.builder().id(e.id()).messageBody(e.body()).build())
                    .toList()));
        } catch (SdkException e) {
            String error = describe(e);
            return retryable(e) ? new Outcome(chunk, List.of(error), List.of()) : new Outcome(chunk, List.of(), List.of(error));
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
        return new Outcome(failed, errors, permanent);
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

    private static Outcome join(Future<Outcome> chunk) {
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

    private record Outcome(List<Entry> failed, List<String> errors, List<String> permanentErrors) {}
}
