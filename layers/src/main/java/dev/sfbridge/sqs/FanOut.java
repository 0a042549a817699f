package dev.sfbridge.sqs;

import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * One task per item, each on its own virtual thread (the work waits on the network, not the CPU), joined
 * before it returns. An exception fails only its own item; an {@link Error} means the process is going down,
 * so it is rethrown, as a crash would end the invocation.
 */
public final class FanOut {
    private FanOut() {}

    /** What became of one item's task: its value, or the exception it threw. */
    public sealed interface Attempt<R> {
        record Succeeded<R>(R value) implements Attempt<R> {}

        record Failed<R>(Exception error) implements Attempt<R> {}
    }

    /** The attempts in the order of {@code items}, once every task has finished. */
    public static <T, R> List<Attempt<R>> apply(List<T> items, Function<? super T, ? extends R> task) {
        List<Future<R>> futures;
        // close() waits for every task, even when interrupted (it then interrupts them and keeps waiting)
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            futures = items.stream().map(item -> threads.<R>submit(() -> task.apply(item))).toList();
        }
        return futures.stream().map(FanOut::attemptOf).toList();
    }

    private static <R> Attempt<R> attemptOf(Future<R> future) {
        return switch (future.state()) {
            case SUCCESS -> new Attempt.Succeeded<>(future.resultNow());
            case FAILED -> {
                Throwable thrown = future.exceptionNow();
                if (thrown instanceof Error error) {
                    throw error;
                }
                yield new Attempt.Failed<>((Exception) thrown);
            }
            case CANCELLED, RUNNING -> new Attempt.Failed<>(new CancellationException("the task did not finish"));
        };
    }
}
