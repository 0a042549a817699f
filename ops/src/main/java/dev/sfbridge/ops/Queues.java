package dev.sfbridge.ops;

import java.util.List;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;

/** Queues as an operator names them: a URL or a name; and what the commands need to know of them. */
final class Queues {
    private final SqsClient sqs;

    Queues(SqsClient sqs) {
        this.sqs = sqs;
    }

    /** The queue's URL, checked to exist. */
    String url(String urlOrName) {
        try {
            if (urlOrName.startsWith("https://") || urlOrName.startsWith("http://")) {
                arn(urlOrName);
                return urlOrName;
            }
            return sqs.getQueueUrl(b -> b.queueName(urlOrName)).queueUrl();
        } catch (QueueDoesNotExistException e) {
            throw OpsFailure.aws("no queue " + urlOrName + " here (check the region, the account and the name)");
        }
    }

    String arn(String url) {
        return sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
    }

    /** Messages ready to receive; SQS's figure is approximate. */
    int approximateDepth(String url) {
        return Integer.parseInt(sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                .attributes().get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES));
    }

    /** True when some queue's redrive policy names this one as its dead-letter queue. */
    boolean isDeadLetterQueue(String url) {
        return !sqs.listDeadLetterSourceQueues(b -> b.queueUrl(url)).queueUrls().isEmpty();
    }

    /**
     * Where a dead-letter queue's messages go back to: {@code --to} if given, else the one queue whose redrive
     * policy names it. sfbridge's own dead letters were sent, not moved, so SQS knows no source for them:
     * the destination is always named explicitly.
     */
    String destination(String deadLetterQueueUrl, String to) {
        if (to != null) {
            return url(to);
        }
        List<String> sources = sqs.listDeadLetterSourceQueues(b -> b.queueUrl(deadLetterQueueUrl)).queueUrls();
        if (sources.isEmpty()) {
            throw OpsFailure.aws(deadLetterQueueUrl + " is no queue's dead-letter queue: name where its messages go with --to");
        }
        if (sources.size() > 1) {
            throw OpsFailure.aws(deadLetterQueueUrl + " is the dead-letter queue of " + String.join(", ", sources)
                    + ": choose one with --to");
        }
        return sources.getFirst();
    }
}
