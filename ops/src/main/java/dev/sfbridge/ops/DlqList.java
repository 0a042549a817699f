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
                sfbridge-ops dlq list --queue URL|NAME [--max N] [--force]
                  Lists the dead-letter queue's messages: message ID, receives, when and why sfbridge dead-lettered it
                  (sfbridge-failure-reason, sfbridge-failed-at, sfbridge-source-message-id), and the notification ID,
                  org, record and order number read from the body. Never the body itself: it holds a session ID.
                  Messages the redrive policy moved have no reason attached: "moved after maxReceiveCount". One whose
                  reason is more than 5 minutes older than its enqueue was dead-lettered before, sent back, and then
                  moved after maxReceiveCount: "moved after maxReceiveCount …; earlier reason: …".
                  The messages stay in the queue (received, then made visible again at once). One pass hides each
                  message for 5 minutes and stops receiving after 4, so it always ends and shows each message once.
                  --max N   look at no more than N messages (default 1000)
                  --force   list a queue that is no queue's dead-letter queue too: its consumers cannot receive what the
                            pass holds, and each message's receive count rises by one (toward its maxReceiveCount)""";
    }

    @Override
    public Set<String> options() {
        return Set.of("--queue", "--max", "--force");
    }

    @Override
    public void run(Arguments arguments, Connection connection, PrintStream out) {
        int max = max(arguments);
        Queues queues = connection.queues();
        String queueUrl = queues.url(arguments.required("--queue"));
        if (!arguments.has("--force") && !queues.isDeadLetterQueue(queueUrl)) {
            throw OpsFailure.aws(queueUrl + " is no queue's dead-letter queue: listing it would hide its messages from their"
                    + " consumer for up to 5 minutes and count a receive on each; --force lists it anyway");
        }
        DeadLetterQueueBrowser browser = connection.browser();
        DeadLetterQueueBrowser.Pass pass = browser.look(queueUrl, max, message -> out.println(DeadLetter.of(message).describe()));
        out.printf("%d message(s) in %s%s%n", pass.seen(), queueUrl, pass.note());
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
