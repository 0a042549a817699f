package dev.sfbridge.bench;

import dev.sfbridge.local.ListenerServer;
import dev.sfbridge.observability.JsonLog;
import dev.sfbridge.testing.EmulatorClients;
import dev.sfbridge.testing.TestIds;
import java.net.URI;

/**
 * The listener alone behind local HTTP on a free port, on an SQS elsewhere: the fresh JVM whose first
 * ack the cold-start benchmark times. It logs to stdout as in Lambda; the harness reads past those lines.
 *
 * <p>Arguments: the SQS endpoint, the queue URL.
 */
public final class ListenerServerMain {
    private ListenerServerMain() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            throw new IllegalArgumentException("usage: ListenerServerMain SQS_ENDPOINT QUEUE_URL");
        }
        ListenerServer server = new ListenerServer(0, args[1], TestIds.ORG, EmulatorClients.sqs(URI.create(args[0])), JsonLog.stdout());
        JavaChild.serve(server, server.endpoint());
    }
}
