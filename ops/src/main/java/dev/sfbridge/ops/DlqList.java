package dev.sfbridge.ops;

import java.io.PrintStream;
import java.util.Set;

/** {@code dlq list}: every message of a dead-letter queue with why it is there; the queue is left as it was. */
final class DlqList implements Command {
    static final int DEFAULT_MAX = 1000;

    @Override
    public String name() {
        return "dlq list";
    }

    @Override
    public String usage() {
        return """
                sfbridge-ops dlq list --queue URL|NAME [--max N]
                  Lists the dead-letter queue's messages: message ID, receives, when and why sfbridge dead-lettered it
                  (sfbridge-failure-reason, sfbridge-failed-at, sfbridge-source-message-id), and the notification ID,
                  org, record and order number read from the body. Never the body itself: it holds a session ID.
                  Messages the redrive policy moved have no reason attached: "moved after maxReceiveCount". One whose
                  reason is more than 5 minutes older than its enqueue was dead-lettered before, sent back, and then
                  moved after maxReceiveCount: "moved after maxReceiveCount …; earlier reason: …".
                  The messages stay in the queue (received, then made visible again at once). One pass hides each
                  message for 5 minutes and stops receiving after 4, so it always ends and shows each message once.
                  --max N   look at no more than N messages (default 1000)""";
    }

    @Override
    public Set<String> options() {
        return Set.of("--queue", "--max");
    }

    @Override
    public void run(Arguments arguments, Connection connection, PrintStream out) {
        int max = max(arguments);
        String queueUrl = connection.queues().url(arguments.required("--queue"));
        DeadLetterQueueBrowser browser = connection.browser();
        DeadLetterQueueBrowser.Pass pass = browser.look(queueUrl, max, message -> out.println(DeadLetter.of(message).describe()));
        out.printf("%d message(s) in %s%s%n", pass.seen(), queueUrl, pass.end().note);
    }

    private static int max(Arguments arguments) {
        String value = arguments.option("--max").orElse(String.valueOf(DEFAULT_MAX));
        int max;
        try {
            max = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            max = 0;
        }
        if (max < 1) {
            throw OpsFailure.usage("--max must be a whole number above 0, not " + value);
        }
        return max;
    }
}
