package dev.sfbridge.ops;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.ListMessageMoveTasksResultEntry;
import software.amazon.awssdk.services.sqs.model.StartMessageMoveTaskResponse;
import software.amazon.awssdk.services.sqs.model.UnsupportedOperationException;

/**
 * {@code dlq redrive}: every message of a dead-letter queue back to its source queue, with SQS's own
 * {@code StartMessageMoveTask} (SQS and ElasticMQ both have it). An endpoint that answers the API is unsupported
 * (an emulator without it) gets the same done by hand: receive, send to the destination, delete.
 */
final class DlqRedrive implements Command {
    /** Error codes of an endpoint that does not know the action at all. */
    private static final Set<String> UNSUPPORTED = Set.of("UnsupportedOperation", "AWS.SimpleQueueService.UnsupportedOperation",
            "InvalidAction", "UnknownOperationException");
    /** How long the command follows its task before leaving it to run on in SQS. */
    private static final Duration FOLLOW_FOR = Duration.ofMinutes(15);
    /** ListMessageMoveTasks' largest page: the queue's most recent tasks. */
    private static final int LISTED = 10;
    /** Polls that may not list the task just started (SQS may list it a moment later) before the command gives up on it. */
    private static final int UNLISTED_POLLS = 5;

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
                  15 minutes it is left to run on in SQS: `dlq list` shows what is left). Where the endpoint answers that
                  it does not support that API (an emulator without it), the messages are received, sent to SOURCE and
                  deleted, one by one.
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
            long newestBefore = tasks(connection.sqs(), sourceArn).stream().mapToLong(DlqRedrive::started).max().orElse(Long.MIN_VALUE);
            StartMessageMoveTaskResponse task = connection.sqs().startMessageMoveTask(b -> b
                    .sourceArn(sourceArn).destinationArn(queues.arn(destination)));
            out.printf("started message move task %s: about %d message(s) from %s to %s%n", task.taskHandle(), depth,
                    deadLetterQueue, destination);
            follow(connection.sqs(), sourceArn, new StartedTask(task.taskHandle(), newestBefore), out);
        } catch (AwsServiceException e) {
            if (!unsupported(e)) {
                throw e;
            }
            out.printf("the endpoint does not support StartMessageMoveTask (%s): moving the messages one by one%n",
                    e.awsErrorDetails() == null ? e.getClass().getSimpleName() : e.awsErrorDetails().errorCode());
            DeadLetterQueueBrowser.Pass pass = moveOneByOne(connection.browser(), deadLetterQueue, destination, depth);
            out.printf("moved %d message(s) from %s to %s%s%n", pass.moved(), deadLetterQueue, destination, pass.note());
        }
    }

    /**
     * The task this command started, among the queue's listed ones. SQS lists a task's handle only while it is
     * {@code RUNNING}; after that it is known by when it started: a queue runs one task at a time, so the earliest
     * task started after the newest one listed before the start is this one, even when another has started since.
     *
     * @param newestBefore the newest {@code StartedTimestamp} listed before the start (epoch ms)
     */
    record StartedTask(String handle, long newestBefore) {
        Optional<ListMessageMoveTasksResultEntry> in(List<ListMessageMoveTasksResultEntry> tasks) {
            return tasks.stream().filter(task -> handle != null && handle.equals(task.taskHandle())).findFirst()
                    .or(() -> tasks.stream().filter(task -> !"RUNNING".equals(task.status()) && started(task) > newestBefore)
                            .min(Comparator.comparingLong(DlqRedrive::started)));
        }
    }

    /** Until the task this command started ends, or {@link #FOLLOW_FOR} has passed: it runs on in SQS either way. */
    private void follow(SqsClient sqs, String sourceArn, StartedTask started, PrintStream out) {
        long polls = Math.max(1, FOLLOW_FOR.dividedBy(pollInterval));
        int unlisted = 0;
        for (long poll = 0; poll < polls; poll++) {
            Optional<ListMessageMoveTasksResultEntry> listed = started.in(tasks(sqs, sourceArn));
            if (listed.isEmpty()) {
                if (++unlisted == UNLISTED_POLLS) {
                    throw OpsFailure.aws("SQS does not list the move task " + started.handle() + " this command started on "
                            + sourceArn + ": it may still run; follow it with `dlq list`");
                }
                pause();
                continue;
            }
            ListMessageMoveTasksResultEntry task = listed.get();
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

    private static List<ListMessageMoveTasksResultEntry> tasks(SqsClient sqs, String sourceArn) {
        return sqs.listMessageMoveTasks(b -> b.sourceArn(sourceArn).maxResults(LISTED)).results();
    }

    private static long started(ListMessageMoveTasksResultEntry task) {
        return task.startedTimestamp() == null ? Long.MIN_VALUE : task.startedTimestamp();
    }

    static boolean unsupported(AwsServiceException e) {
        return e instanceof UnsupportedOperationException
                || (e.awsErrorDetails() != null && UNSUPPORTED.contains(e.awsErrorDetails().errorCode()));
    }

    /**
     * At most the messages there were at the start, and none sent after it began: one that fails again and comes back
     * while this runs is neither moved a second time nor counted in place of another. Each is moved as it is received,
     * within the pass's time limit.
     */
    private static DeadLetterQueueBrowser.Pass moveOneByOne(DeadLetterQueueBrowser browser, String deadLetterQueue, String destination, int depth) {
        return browser.pass(deadLetterQueue, Math.max(depth, 1), message -> true, destination);
    }
}
