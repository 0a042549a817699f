package dev.sfbridge.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Predicate;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;

/**
 * A real SQS client ({@link #client()}) with injected {@code SendMessageBatch} entry failures: the chosen entries come back
 * in {@code Failed[]} (HTTP 200, as SQS does) for their first {@code times} sends; the rest reach the queue.
 */
public final class FaultInjectingSqs {
    private final SqsClient client;
    private final Predicate<SendMessageBatchRequestEntry> failing;
    private final int times;
    private final boolean senderFault;
    private final Map<String, AtomicInteger> failuresByBody = new ConcurrentHashMap<>();
    private final AtomicInteger batchCalls = new AtomicInteger();

    public FaultInjectingSqs(SqsClient delegate, Predicate<SendMessageBatchRequestEntry> failing, int times,
                             boolean senderFault) {
        this.failing = failing;
        this.times = times;
        this.senderFault = senderFault;
        this.client = Intercepted.of(SqsClient.class, delegate).around(SendMessageBatchRequest.class, this::sendMessageBatch).client();
    }

    /** The client whose batch sends fail as chosen. */
    public SqsClient client() {
        return client;
    }

    /** Passes everything through and counts calls. */
    public static FaultInjectingSqs recording(SqsClient delegate) {
        return new FaultInjectingSqs(delegate, entry -> false, 0, false);
    }

    public int batchCalls() {
        return batchCalls.get();
    }

    private SendMessageBatchResponse sendMessageBatch(SendMessageBatchRequest request,
                                                      Function<SendMessageBatchRequest, SendMessageBatchResponse> real) {
        batchCalls.incrementAndGet();
        List<SendMessageBatchRequestEntry> pass = new ArrayList<>();
        List<BatchResultErrorEntry> failed = new ArrayList<>();
        for (SendMessageBatchRequestEntry entry : request.entries()) {
            if (failing.test(entry)
                    && failuresByBody.computeIfAbsent(entry.messageBody(), b -> new AtomicInteger()).getAndIncrement() < times) {
                failed.add(BatchResultErrorEntry.builder().id(entry.id()).code("InternalError")
                        .message("injected").senderFault(senderFault).build());
            } else {
                pass.add(entry);
            }
        }
        SendMessageBatchResponse passed = pass.isEmpty()
                ? SendMessageBatchResponse.builder().successful(List.of()).failed(List.of()).build()
                : real.apply(request.toBuilder().entries(pass).build());
        return passed.toBuilder().failed(concat(passed.failed(), failed)).build();
    }

    private static <T> List<T> concat(List<T> a, List<T> b) {
        List<T> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
