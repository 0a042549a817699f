package dev.sfbridge.testing;

import dev.sfbridge.model.Notification;
import dev.sfbridge.model.NotificationPack;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * ElasticMQ in this JVM on a free loopback port: the real SQS wire protocol, no Docker. Start it once
 * per test JVM ({@link #shared()}); each test makes its own queues.
 */
public final class EmbeddedSqs implements AutoCloseable {
    /** ElasticMQ's limit of one message and of the sum of a batch's messages, in characters: SQS's limit before 2025. */
    public static final int MAX_MESSAGE_CHARACTERS = 256 * 1024;

    private static final OnePerJvm<EmbeddedSqs> SHARED = new OnePerJvm<>(EmbeddedSqs::new, EmbeddedSqs::close);

    private final SQSRestServer server;
    private final URI endpoint;
    private final SqsClient client;

    public EmbeddedSqs() {
        this(0);
    }

    /** @param requestedPort 0 picks a free one */
    public EmbeddedSqs(int requestedPort) {
        server = SQSRestServerBuilder.withInterface("127.0.0.1").withPort(requestedPort).start();
        int port = server.waitUntilStarted().localAddress().getPort();
        endpoint = URI.create("http://127.0.0.1:" + port);
        client = EmulatorClients.sqs(endpoint);
    }

    /** One instance for the whole test JVM, stopped when the JVM exits. */
    public static EmbeddedSqs shared() {
        return SHARED.get();
    }

    public URI endpoint() {
        return endpoint;
    }

    public SqsClient client() {
        return client;
    }

    public String createQueue(String name) {
        return createQueue(client, name);
    }

    /** A queue on any ElasticMQ, this one or one in another JVM, that keeps a received message for 5 minutes. */
    public static String createQueue(SqsClient client, String name) {
        return client.createQueue(b -> b.queueName(name)
                .attributes(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "300"))).queueUrl();
    }

    /** Receives until the queue answers empty; with nothing in flight that is every message it holds. */
    public List<Message> drain(String queueUrl) {
        List<Message> all = new ArrayList<>();
        while (true) {
            List<Message> batch = client.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10)
                    .waitTimeSeconds(0)).messages();
            if (batch.isEmpty()) {
                return all;
            }
            all.addAll(batch);
        }
    }

    /** The notifications of every message on the queue, each pack's in its order ({@link NotificationPack}); it is left empty. */
    public List<Notification> drainNotifications(String queueUrl) {
        return drain(queueUrl).stream().flatMap(m -> NotificationPack.notifications(m.body()).stream()).toList();
    }

    @Override
    public void close() {
        client.close();
        server.stopAndWait();
    }
}
