package dev.sfbridge.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/** The mapping settles a batch as Lambda does, even when a message of it was received again meanwhile. */
class SqsEventSourceMappingTest {
    private static final EmbeddedSqs SQS = EmbeddedSqs.shared();

    @Test
    void aMessageReceivedAgainDuringTheInvocationIsLeftToItsNewerReceiveAndTheOthersAreSettled() {
        String queueUrl = SQS.createQueue("received-again");
        try (SqsClient sqs = EmulatorClients.sqs(SQS.endpoint())) {
            sqs.sendMessage(b -> b.queueUrl(queueUrl).messageBody("first"));
            sqs.sendMessage(b -> b.queueUrl(queueUrl).messageBody("second"));
            AtomicReference<Message> again = new AtomicReference<>();
            SqsEventSourceMapping mapping = new SqsEventSourceMapping(sqs, queueUrl, 10, event -> {
                // the first message's visibility runs out mid-invocation, and another poll receives it again
                sqs.changeMessageVisibility(b -> b.queueUrl(queueUrl).receiptHandle(event.getRecords().getFirst().getReceiptHandle())
                        .visibilityTimeout(0));
                again.set(sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(1)).messages().getFirst());
                return new SQSBatchResponse(List.of());
            });

            SqsEventSourceMapping.Poll poll = mapping.pollOnce();

            assertEquals(new SqsEventSourceMapping.Poll(2, 0, null), poll);
            sqs.changeMessageVisibility(b -> b.queueUrl(queueUrl).receiptHandle(again.get().receiptHandle()).visibilityTimeout(0));
            assertEquals(List.of(again.get().body()), SQS.drain(queueUrl).stream().map(Message::body).toList(),
                    "the one received again is its newer receive's to settle; the other is deleted");
        }
    }

    @Test
    void aDrainRunsWhatComesBetweenPollsAfterEachPollThatReceivedBeforeTheNext() {
        String queueUrl = SQS.createQueue("between-polls");
        try (SqsClient sqs = EmulatorClients.sqs(SQS.endpoint())) {
            sqs.sendMessage(b -> b.queueUrl(queueUrl).messageBody("failing until time passes"));
            AtomicInteger between = new AtomicInteger();
            SqsEventSourceMapping mapping = new SqsEventSourceMapping(sqs, queueUrl, 10, event -> new SQSBatchResponse(
                    between.get() < 2 ? List.of(new SQSBatchResponse.BatchItemFailure(event.getRecords().getFirst().getMessageId())) : List.of()));

            assertEquals(4, mapping.drain(5, between::incrementAndGet), "failed twice, settled, then found the queue empty");
            assertEquals(3, between.get(), "once after each poll that received, none after the empty one");
        }
    }
}
