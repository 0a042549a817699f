package dev.sfbridge.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sfbridge.testing.EmbeddedSqs;
import dev.sfbridge.testing.EmulatorClients;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.utils.ScheduledExecutorUtils;

/**
 * The functions' clients time their calls on {@link TimeoutTimer}: a call that ends takes its timeouts off it at
 * once (the SDK's own timer keeps two per call queued for up to ten seconds), and a peer that never answers is
 * still cut off by the call timeout.
 */
class TimeoutTimerTest {
    private static final EmbeddedSqs SQS = EmbeddedSqs.shared();

    @Test
    void everyClientTimesItsCallsOnTheSharedTimerAndClosingOneLeavesItRunning() {
        // AwsClients.configured is what every client of the functions, the emulators and the operator's tool is built on
        try (SqsClient sqs = EmulatorClients.sqs(SQS.endpoint()); DynamoDbClient dynamoDb = EmulatorClients.dynamoDb(SQS.endpoint())) {
            assertSame(TimeoutTimer.shared(), timerOf(sqs.serviceClientConfiguration().overrideConfiguration()));
            assertSame(TimeoutTimer.shared(), timerOf(dynamoDb.serviceClientConfiguration().overrideConfiguration()));
        }
        assertFalse(TimeoutTimer.shared().isShutdown(), "a client closed shut down the timer every other client shares");
    }

    private static ScheduledExecutorService timerOf(ClientOverrideConfiguration configuration) {
        return ScheduledExecutorUtils.unwrapUnmanagedScheduledExecutor(configuration.scheduledExecutorService().orElseThrow());
    }

    @Test
    void aCallThatEndsLeavesNoTimeoutQueued() throws Exception {
        ScheduledThreadPoolExecutor timer = assertInstanceOf(ScheduledThreadPoolExecutor.class, TimeoutTimer.shared());
        String queueUrl = SQS.createQueue("timeout-timer");
        int calls = 50;
        try (SqsClient sqs = EmulatorClients.sqs(SQS.endpoint())) {
            for (int i = 0; i < calls; i++) {
                int n = i;
                sqs.sendMessage(b -> b.queueUrl(queueUrl).messageBody("m" + n));
            }
            // two timeouts per call (the call's and its attempt's) would still be queued here on the SDK's own timer;
            // only calls other tests have in flight at this moment may be
            assertTrue(timer.getQueue().size() < calls, "timeouts left queued: " + timer.getQueue().size());
        }
        assertEquals(calls, SQS.drain(queueUrl).size());
    }

    @Test
    void aPeerThatNeverAnswersIsCutOffByTheCallTimeout() throws Exception {
        try (SilentPeer peer = new SilentPeer(); SqsClient sqs = EmulatorClients.sqs(peer.endpoint())) {
            long start = System.nanoTime();
            assertThrows(ApiCallTimeoutException.class, () -> sqs.sendMessage(b -> b.queueUrl(peer.endpoint() + "/q").messageBody("m")));
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            // the call timeout is ten seconds; the read timeout alone would allow three attempts of five
            assertTrue(took.compareTo(Duration.ofSeconds(9)) > 0 && took.compareTo(Duration.ofSeconds(14)) < 0, took.toString());
            assertTrue(peer.connections() >= 1, "the client never reached the peer");
        }
    }

    /** Accepts connections and reads what comes, never answering. */
    private static final class SilentPeer implements AutoCloseable {
        private final ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        private final List<Socket> accepted = new ArrayList<>();
        private final Thread acceptor = Thread.ofPlatform().daemon().start(this::accept);

        SilentPeer() throws IOException {}

        URI endpoint() {
            return URI.create("http://127.0.0.1:" + server.getLocalPort());
        }

        synchronized int connections() {
            return accepted.size();
        }

        private void accept() {
            while (!server.isClosed()) {
                try {
                    Socket socket = server.accept();
                    synchronized (this) {
                        accepted.add(socket);
                    }
                    Thread.ofVirtual().start(() -> drain(socket));
                } catch (IOException closed) {
                    return;
                }
            }
        }

        private static void drain(Socket socket) {
            try (InputStream in = socket.getInputStream()) {
                in.transferTo(OutputStream.nullOutputStream());
            } catch (IOException closed) {
                // the client gave up, or the peer was closed
            }
        }

        @Override
        public void close() throws Exception {
            server.close();
            acceptor.join();
            synchronized (this) {
                for (Socket socket : accepted) {
                    socket.close();
                }
            }
        }
    }
}
