package dev.sfbridge.local;

import dev.sfbridge.observability.JsonLog;
import dev.sfbridge.testing.EmbeddedSqs;
import dev.sfbridge.testing.OutboundMessages;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The pipeline on one machine, in one JVM, with nothing to install: ElasticMQ in-process for SQS, and
 * the functions' handlers behind local HTTP with API Gateway's event shapes.
 */
public final class LocalPipeline implements AutoCloseable {
    private final EmbeddedSqs sqs;
    private final String notificationsQueueUrl;
    private final ListenerServer listener;

    public LocalPipeline(LocalOptions options) throws IOException {
        sqs = new EmbeddedSqs();
        try {
            String dlqUrl = sqs.createQueue("sfbridge-notifications-dlq");
            String dlqArn = sqs.client().getQueueAttributes(b -> b.queueUrl(dlqUrl)
                    .attributeNames(QueueAttributeName.QUEUE_ARN)).attributes().get(QueueAttributeName.QUEUE_ARN);
            notificationsQueueUrl = sqs.client().createQueue(b -> b.queueName("sfbridge-notifications").attributes(Map.of(
                    QueueAttributeName.VISIBILITY_TIMEOUT, "180",
                    QueueAttributeName.REDRIVE_POLICY, "{\"maxReceiveCount\":\"5\",\"deadLetterTargetArn\":\"" + dlqArn + "\"}")))
                    .queueUrl();
            listener = new ListenerServer(options.port(), notificationsQueueUrl, options.organizationIds(),
                    sqs.client(), JsonLog.stdout());
        } catch (IOException | RuntimeException e) {
            sqs.close();
            throw e;
        }
    }

    public URI outboundMessagesEndpoint() {
        return listener.endpoint();
    }

    public EmbeddedSqs sqs() {
        return sqs;
    }

    public String notificationsQueueUrl() {
        return notificationsQueueUrl;
    }

    @Override
    public void close() {
        listener.close();
        sqs.close();
    }

    public static void main(String[] args) throws Exception {
        LocalOptions options = LocalOptions.parse(args);
        if (options.help()) {
            System.out.println(LocalOptions.HELP);
            return;
        }
        LocalPipeline pipeline = new LocalPipeline(options);
        Runtime.getRuntime().addShutdownHook(new Thread(pipeline::close));
        Path sample = Files.createTempFile("sfbridge-outbound-message-", ".xml");
        sample.toFile().deleteOnExit();
        Files.writeString(sample, OutboundMessages.closedWon(1, 3).xml());
        System.out.printf("""
                sfbridge local stack is up.
                  Outbound Message endpoint  %s   (POST, text/xml; allowed org IDs: %s)
                  SQS (ElasticMQ)            %s
                  notifications queue        %s
                Try:  curl -s -H 'Content-Type: text/xml' --data-binary @%s %s
                Ctrl-C stops it.
                """, pipeline.outboundMessagesEndpoint(), options.organizationIds(), pipeline.sqs().endpoint(),
                pipeline.notificationsQueueUrl(), sample, pipeline.outboundMessagesEndpoint());
        new QueueProgress(pipeline.sqs().client(), pipeline.notificationsQueueUrl(), System.out).runUntilInterrupted();
    }
}
