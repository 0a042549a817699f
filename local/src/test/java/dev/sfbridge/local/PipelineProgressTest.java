package dev.sfbridge.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.GetQueueAttributesRequest;
import software.amazon.awssdk.services.sqs.model.GetQueueAttributesResponse;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;

/** A queue that does not answer in time makes the progress unknown for a moment, never ends the run. */
class PipelineProgressTest {
    private final AtomicBoolean slow = new AtomicBoolean();

    /** Answers 3 visible, 2 in flight, 0 delayed; or, while {@link #slow}, the SDK's timeout. */
    private final SqsClient sqs = new SqsClient() {
        @Override
        public GetQueueAttributesResponse getQueueAttributes(Consumer<GetQueueAttributesRequest.Builder> request) {
            if (slow.get()) {
                throw ApiCallTimeoutException.create(10_000);
            }
            GetQueueAttributesRequest.Builder asked = GetQueueAttributesRequest.builder();
            request.accept(asked);
            if (asked.build().queueUrl().endsWith("/gone")) {
                throw QueueDoesNotExistException.builder().message("no such queue").build();
            }
            return GetQueueAttributesResponse.builder().attributes(Map.of(
                    QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, "3",
                    QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE, "2",
                    QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED, "0")).build();
        }

        @Override
        public String serviceName() {
            return "sqs";
        }

        @Override
        public void close() {
        }
    };

    @Test
    void aQueueThatAnswersLateIsUnknownAndNotSettledInsteadOfEndingTheRun() {
        try (SimulatedPeers peers = new SimulatedPeers()) {
            PipelineProgress progress = new PipelineProgress(sqs, null, List.of(), null, 0, peers, null);

            assertEquals(OptionalInt.of(5), progress.depthIfAnswered("queue"));
            slow.set(true);
            assertEquals(OptionalInt.empty(), progress.depthIfAnswered("queue"));
            // where the number itself is the verdict (dead letters left after a redrive) the timeout still ends it
            assertThrows(ApiCallTimeoutException.class, () -> progress.depth("queue"));
        }
    }

    @Test
    void aQueueThatIsGoneIsAnErrorNotAnUnknownDepth() {
        try (SimulatedPeers peers = new SimulatedPeers()) {
            PipelineProgress progress = new PipelineProgress(sqs, null, List.of(), null, 0, peers, null);

            assertThrows(QueueDoesNotExistException.class, () -> progress.depthIfAnswered("http://sqs/000/gone"));
        }
    }
}
