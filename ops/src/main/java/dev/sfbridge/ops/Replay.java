package dev.sfbridge.ops;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * {@code replay}: the dead letter of one notification back to its source queue, the rest left where they are.
 * The worker is idempotent by notification ID, and a permanent failure released its claim: the replay is
 * processed afresh, and a replay of a notification already applied is dropped as a duplicate.
 */
final class Replay implements Command {
    @Override
    public String name() {
        return "replay";
    }

    @Override
    public String usage() {
        return """
                sfbridge-ops replay --queue DLQ --notification-id ID [--to SOURCE] [--dry-run]
                  Moves the message(s) of notification ID (04l...) from the dead-letter queue DLQ back to SOURCE
                  (default: the one queue whose redrive policy names DLQ). A notification dead-lettered twice has two
                  messages: both move, and the worker applies it once. Other messages stay in DLQ, untouched.
                  --dry-run   say what would move, move nothing""";
    }

    @Override
    public Set<String> options() {
        return Set.of("--queue", "--notification-id", "--to", "--dry-run");
    }

    @Override
    public void run(Arguments arguments, Connection connection, PrintStream out) {
        String notificationId = arguments.required("--notification-id");
        Queues queues = connection.queues();
        String deadLetterQueue = queues.url(arguments.required("--queue"));
        String destination = queues.destination(deadLetterQueue, arguments.option("--to").orElse(null));
        DeadLetterQueueBrowser browser = connection.browser();
        List<Message> received = browser.receive(deadLetterQueue, Integer.MAX_VALUE);
        List<Message> matching = new ArrayList<>();
        List<Message> others = new ArrayList<>();
        for (Message message : received) {
            (notificationId.equals(DeadLetter.of(message).notificationId()) ? matching : others).add(message);
        }
        try {
            if (matching.isEmpty()) {
                throw OpsFailure.aws("no message of notification " + notificationId + " among the " + received.size()
                        + " in " + deadLetterQueue);
            }
            for (Message message : matching) {
                out.println((arguments.has("--dry-run") ? "dry run: would move " : "moving ") + DeadLetter.of(message).describe());
                if (!arguments.has("--dry-run")) {
                    browser.move(deadLetterQueue, message, destination);
                }
            }
            out.printf("%s %d message(s) of notification %s to %s%n", arguments.has("--dry-run") ? "would move" : "moved",
                    matching.size(), notificationId, destination);
        } finally {
            browser.release(deadLetterQueue, arguments.has("--dry-run") ? received : others);
        }
    }
}
