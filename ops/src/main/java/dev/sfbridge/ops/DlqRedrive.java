package dev.sfbridge.ops;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.ListMessageMoveTasksResultEntry;
import software.amazon.awssdk.services.sqs.model.StartMessageMoveTaskResponse;
import software.amazon.awssdk.services.sqs.model.UnsupportedOperationException;

/**
 * {@code dlq redrive}: every message of a dead-letter queue back to its source queue, with SQS's own
 * {@code StartMessageMoveTask}. An endpoint that answers the API is unsupported (an emulator) gets the same
 * done by hand: receive, send to the destination, delete.
 */
final class DlqRedrive implements Command {
    /** Error codes of an endpoint that does not know the action at all. */
    private static final Set<String> UNSUPPORTED = Set.of("UnsupportedOperation", "AWS.SimpleQueueService.UnsupportedOperation",
            "InvalidAction", "UnknownOperationException");
    /** How long the command follows its task before leaving it to run on in SQS. */
    private static final Duration FOLLOW_FOR = Duration.ofMinutes(15);

    private final Duration pollInterval;

    DlqRedrive(Duration pollInterval) {
        this.pollInterval = pollInterval;
    }

    @Override
    public String name() {
        return "dlq redrive";
    }

    @Override
    public String usage() {
        return """
                sfbridge-ops dlq redrive --queue DLQ [--to SOURCE] [--dry-run]
                  Moves every message of the dead-letter queue DLQ (URL or name) back to SOURCE: by default the one
                  queue whose redrive policy names DLQ. Uses StartMessageMoveTask and follows it until it ends (after
                  15 minutes it is left to run on in SQS: `dlq list` shows what is left). Where the endpoint does not support that API (ElasticMQ, the local stack), the
                  messages are received, sent to SOURCE and deleted, one by one.
                  Fix the cause first: a message that fails again comes back to DLQ.
                  --dry-run   say what would move, move nothing""";
    }

    @Override
    public Set<String> options() {
        return Set.of("--queue", "--to", "--dry-run");
    }

    @Override
    public void run(Arguments arguments, Connection connection, PrintStream out) {
        Queues queues = connection.queues();
        String deadLetterQueue = queues.url(arguments.required("--queue"));
        String destination = queues.destination(deadLetterQueue, arguments.option("--to").orElse(null));
        int depth = queues.approximateDepth(deadLetterQueue);
        if (arguments.has("--dry-run")) {
            out.printf("dry run: would move about %d message(s) from %s to %s%n", depth, deadLetterQueue, destination);
            return;
        }
        try {
            String sourceArn = queues.arn(deadLetterQueue);
            StartMessageMoveTaskResponse task = connection.sqs().startMessageMoveTask(b -> b
                    .sourceArn(sourceArn).destinationArn(queues.arn(destination)));
            out.printf("started message move task %s: about %d message(s) from %s to %s%n", task.taskHandle(), depth,
                    deadLetterQueue, destination);
            follow(connection.sqs(), sourceArn, out);
        } catch (AwsServiceException e) {
            if (!unsupported(e)) {
                throw e;
            }
            out.printf("the endpoint does not support StartMessageMoveTask (%s): moving the messages one by one%n",
                    e.awsErrorDetails() == null ? e.getClass().getSimpleName() : e.awsErrorDetails().errorCode());
            DeadLetterQueueBrowser.Pass pass = moveOneByOne(connection.browser(), deadLetterQueue, destination, depth);
            out.printf("moved %d message(s) from %s to %s%s%n", pass.moved(), deadLetterQueue, destination, pass.end().note);
        }
    }

    /** Until the task ends, or {@link #FOLLOW_FOR} has passed: it runs on in SQS either way. */
    private void follow(SqsClient sqs, String sourceArn, PrintStream out) {
        long polls = Math.max(1, FOLLOW_FOR.dividedBy(pollInterval));
        for (long poll = 0; poll < polls; poll++) {
            ListMessageMoveTasksResultEntry task = sqs.listMessageMoveTasks(b -> b.sourceArn(sourceArn).maxResults(1)).results().getFirst();
            switch (task.status()) {
                case "COMPLETED" -> {
                    out.printf("completed: %d message(s) moved%n", task.approximateNumberOfMessagesMoved());
                    return;
                }
                case "FAILED" -> throw OpsFailure.aws("the move task failed after " + task.approximateNumberOfMessagesMoved()
                        + " message(s): " + task.failureReason());
                case "CANCELLED" -> throw OpsFailure.aws("the move task was cancelled after " + task.approximateNumberOfMessagesMoved()
                        + " message(s)");
                default -> pause();
            }
        }
        out.println("still running after " + FOLLOW_FOR.toMinutes() + " minutes; it goes on in SQS: follow it with `dlq list`");
    }

    private void pause() {
        try {
            Thread.sleep(pollInterval);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw OpsFailure.usage("interrupted; the move task goes on in SQS: follow it with `dlq list`");
        }
    }

    static boolean unsupported(AwsServiceException e) {
        return e instanceof UnsupportedOperationException
                || (e.awsErrorDetails() != null && UNSUPPORTED.contains(e.awsErrorDetails().errorCode()));
    }

    /**
     * At most the messages there were at the start: one that fails again and comes back while this runs is
     * not moved a second time. Each is moved as it is received, within the pass's time limit.
     */
    private static DeadLetterQueueBrowser.Pass moveOneByOne(DeadLetterQueueBrowser browser, String deadLetterQueue, String destination, int depth) {
        return browser.pass(deadLetterQueue, Math.max(depth, 1), message -> true, destination);
    }
}
