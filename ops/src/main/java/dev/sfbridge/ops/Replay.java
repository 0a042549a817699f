package dev.sfbridge.ops;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code replay}: the dead letter of one notification back to its source queue, the rest left where they are.
 * The worker is idempotent by notification ID and change time, and a permanent failure released its claim: the
 * replay is processed afresh, and a replay of a change already applied is dropped as a duplicate. An ID-only
 * message's change time is its record's as read, so a replay after the record changed is applied again, with the
 * latest data (one more upsert and callback).
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
                  messages: both move, and the worker applies it once. A pack of notifications holding it (moved by
                  the redrive policy) moves whole; the worker meets its others again as duplicates. Other messages
                  stay in DLQ, untouched.
                  One pass: each message is moved as soon as it is received (sent to SOURCE, then deleted), the others
                  are hidden for 5 minutes and made visible again at the end; receiving stops after 4 minutes, so the
                  pass always ends and sees each message once. Messages sent to DLQ after the pass began (the
                  notification failing again) are left there. Killed part-way, run it again after 5 minutes.
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
        boolean dryRun = arguments.has("--dry-run");
        List<DeadLetter> matching = new ArrayList<>();
        DeadLetterQueueBrowser.Pass pass = connection.browser().pass(deadLetterQueue, Integer.MAX_VALUE, message -> {
            DeadLetter deadLetter = DeadLetter.of(message);
            if (!deadLetter.carries(notificationId)) {
                return false;
            }
            out.println((dryRun ? "dry run: would move " : "moving ") + deadLetter.describe());
            matching.add(deadLetter);
            return !dryRun;
        }, destination);
        if (matching.isEmpty()) {
            throw OpsFailure.aws("no message of notification " + notificationId + " among the " + pass.seen() + " in "
                    + deadLetterQueue + pass.note());
        }
        out.printf("%s %d message(s) of notification %s to %s%s%n", dryRun ? "would move" : "moved",
                dryRun ? matching.size() : pass.moved(), notificationId, destination, pass.note());
    }
}
