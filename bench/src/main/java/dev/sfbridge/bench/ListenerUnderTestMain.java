package dev.sfbridge.bench;

import dev.sfbridge.testing.EmulatorClients;
import java.net.URI;
import java.util.Locale;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * One process of `./dev bench listeners`, alone in a fresh JVM, so that the harness can read that process's CPU
 * time and nothing else's: a listener (a function at its invocations URL, or CXF's server), or the local API
 * Gateway in front of a function. It logs nothing (its stdout is the harness's READY line).
 *
 * <p>Arguments: sfbridge | naive | cxf, the SQS endpoint, the queue URL; or gateway, the function's invocations URL.
 */
public final class ListenerUnderTestMain {
    static final String GATEWAY = "gateway";

    private ListenerUnderTestMain() {}

    public static void main(String[] args) throws Exception {
        ListenerKind.Served served;
        if (args.length == 2 && args[0].equals(GATEWAY)) {
            served = ListenerKind.gateway(URI.create(args[1]));
        } else if (args.length == 3) {
            SqsClient sqs = EmulatorClients.sqs(URI.create(args[1]));
            served = ListenerKind.valueOf(args[0].toUpperCase(Locale.ROOT)).serveAlone(sqs, args[2]);
        } else {
            throw new IllegalArgumentException("usage: ListenerUnderTestMain sfbridge|naive|cxf SQS_ENDPOINT QUEUE_URL"
                    + " | gateway INVOCATIONS_URL");
        }
        JavaChild.serve(served, served.endpoint());
    }
}
