package dev.sfbridge.bench;

import dev.sfbridge.testing.EmulatorClients;
import java.net.URI;
import java.util.Locale;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * One of the listeners `./dev bench listeners` compares, alone in a fresh JVM, so that the harness can read
 * that process's CPU time and nothing else's. It logs nothing (its stdout is the harness's READY line).
 *
 * <p>Arguments: sfbridge | naive | cxf, the SQS endpoint, the queue URL.
 */
public final class ListenerUnderTestMain {
    private ListenerUnderTestMain() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            throw new IllegalArgumentException("usage: ListenerUnderTestMain sfbridge|naive|cxf SQS_ENDPOINT QUEUE_URL");
        }
        SqsClient sqs = EmulatorClients.sqs(URI.create(args[1]));
        ListenerKind.Served served = ListenerKind.valueOf(args[0].toUpperCase(Locale.ROOT)).serve(sqs, args[2]);
        JavaChild.serve(served, served.endpoint());
    }
}
