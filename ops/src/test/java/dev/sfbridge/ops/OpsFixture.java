package dev.sfbridge.ops;

import dev.sfbridge.model.QueueJson;
import dev.sfbridge.queue.DeadLetterQueue;
import dev.sfbridge.testing.EmbeddedSqs;
import dev.sfbridge.testing.OutboundMessages;
import dev.sfbridge.testing.RecordingMetrics;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.ListMessageMoveTasksResponse;
import software.amazon.awssdk.services.sqs.model.ListMessageMoveTasksResultEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.UnsupportedOperationException;

/**
 * A notifications queue and its dead-letter queue in ElasticMQ, dead letters put there as sfbridge and a
 * redrive policy put them, and sfbridge-ops run against them with its output captured.
 */
final class OpsFixture {
    final EmbeddedSqs sqs = EmbeddedSqs.shared();
    final String suffix = UUID.randomUUID().toString();
    final String deadLetterQueueName = "notifications-dlq-" + suffix;
    final String deadLetterQueueUrl = sqs.createQueue(deadLetterQueueName);
    final String sourceUrl = sqs.client().createQueue(b -> b.queueName("notifications-" + suffix).attributes(Map.of(
            QueueAttributeName.REDRIVE_POLICY, "{\"maxReceiveCount\":\"5\",\"deadLetterTargetArn\":\"" + arn(deadLetterQueueUrl) + "\"}")))
            .queueUrl();
    private final DeadLetterQueue deadLetters = new DeadLetterQueue(sqs.client(), deadLetterQueueUrl, Clock.systemUTC(), new RecordingMetrics());

    /** What one run printed, and how it ended. */
    record Run(int exitCode, String out, String err) {
        List<String> outLines() {
            return out.lines().toList();
        }
    }

    /** Notification {@code n} as the listener queues it: with the outbound message's session ID. */
    static String notificationBody(int n) {
        return QueueJson.write(OutboundMessages.message().queued(OutboundMessages.opportunity(n), Instant.parse("2026-11-23T11:59:00Z")));
    }

    /** Dead-lettered by sfbridge, with its reason attached. */
    void deadLetter(int n, String reason) {
        deadLetters.send(notificationBody(n), reason, "source-message-" + n);
    }

    /** Dead-lettered by sfbridge at {@code failedAt}, with its reason attached. */
    void deadLetter(int n, String reason, Instant failedAt) {
        new DeadLetterQueue(sqs.client(), deadLetterQueueUrl, Clock.fixed(failedAt, ZoneOffset.UTC), new RecordingMetrics())
                .send(notificationBody(n), reason, "source-message-" + n);
    }

    /** Every message of the source queue received until the redrive policy moves it: as a consumer that always fails. */
    void failUntilMovedByRedrivePolicy() {
        for (int receives = 0; receives < 100; receives++) {
            if (sqs.client().receiveMessage(b -> b.queueUrl(sourceUrl).maxNumberOfMessages(10).visibilityTimeout(0)).messages().isEmpty()) {
                return;
            }
        }
        throw new IllegalStateException("the redrive policy moved nothing after 100 receives");
    }

    /** Moved by the redrive policy: no attributes. */
    void movedByRedrivePolicy(int n) {
        movedByRedrivePolicy(notificationBody(n));
    }

    /** {@code body} moved by the redrive policy: no attributes. */
    void movedByRedrivePolicy(String body) {
        sqs.client().sendMessage(b -> b.queueUrl(deadLetterQueueUrl).messageBody(body));
    }

    Run ops(String... args) {
        return run(connectedTo(sqs.client()), args);
    }

    /** Every StartMessageMoveTask answered as by an endpoint that does not know it. */
    Run opsWithoutMoveTasks(String... args) {
        return run(connectedTo(intercepting(sqs.client(), "startMessageMoveTask", UnsupportedOperationException.builder()
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("UnsupportedOperation").errorMessage("not supported").build())
                .statusCode(400).build())), args);
    }

    /** Every ListMessageMoveTasks answered with {@code tasks}: as SQS answers before it lists a task just started. */
    Run opsListingMoveTasks(List<ListMessageMoveTasksResultEntry> tasks, String... args) {
        return run(connectedTo(intercepting(sqs.client(), "listMessageMoveTasks",
                ListMessageMoveTasksResponse.builder().results(tasks).build())), args);
    }

    /** sfbridge-ops, run as from the command line, its output captured. */
    static Run run(SqsConnector connector, String... args) {
        return run(connector, Clock.systemUTC(), args);
    }

    /** @param clock what a dead-letter pass times itself by */
    static Run run(SqsConnector connector, Clock clock, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exitCode = new OpsMain(connector, 0, Duration.ofMillis(20), clock, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8)).run(args);
        return new Run(exitCode, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** The SDK's settings as an operator would have them for the local stack. */
    static AwsAccess localAccess() {
        return new AwsAccess(() -> Region.US_EAST_1, StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")));
    }

    /** The shared emulator's client, which outlives the command: closing it is a no-op. */
    private static SqsConnector connectedTo(SqsClient client) {
        return (region, endpoint) -> intercepting(client, "close", null);
    }

    /** {@code client}, except that {@code methodName} throws {@code answer} if it is a Throwable, else returns it. */
    private static SqsClient intercepting(SqsClient client, String methodName, Object answer) {
        return (SqsClient) Proxy.newProxyInstance(SqsClient.class.getClassLoader(), new Class<?>[] {SqsClient.class},
                (proxy, method, arguments) -> {
                    if (method.getName().equals(methodName)) {
                        if (answer instanceof Throwable thrown) {
                            throw thrown;
                        }
                        return answer;
                    }
                    try {
                        return method.invoke(client, arguments);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    List<Message> drain(String queueUrl) {
        return sqs.drain(queueUrl);
    }

    private String arn(String url) {
        return sqs.client().getQueueAttributes(b -> b.queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
    }

    private static SqsClient uncloseable(SqsClient client) {
        return (SqsClient) Proxy.newProxyInstance(SqsClient.class.getClassLoader(), new Class<?>[] {SqsClient.class},
                (proxy, method, arguments) -> {
                    if (method.getName().equals("close")) {
                        return null; // the shared emulator's client outlives the command
                    }
                    try {
                        return method.invoke(client, arguments);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
