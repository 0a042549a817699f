package dev.sfbridge.local;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Map;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** Prints the queue's depth whenever it changes, so a person watching sees messages arrive. */
final class QueueProgress {
    private static final Duration EVERY = Duration.ofSeconds(2);

    private final SqsClient sqs;
    private final String queueUrl;
    private final PrintStream out;

    QueueProgress(SqsClient sqs, String queueUrl, PrintStream out) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.out = out;
    }

    void runUntilInterrupted() {
        String last = "";
        try {
            while (!Thread.currentThread().isInterrupted()) {
                Map<QueueAttributeName, String> attributes = sqs.getQueueAttributes(b -> b.queueUrl(queueUrl)
                        .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)).attributes();
                String now = "notifications queued: " + attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES);
                if (!now.equals(last)) {
                    out.println(now);
                    last = now;
                }
                Thread.sleep(EVERY);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            // the emulator stopped under us: the JVM is shutting down
        }
    }
}
