package dev.sfbridge.bench;

import dev.sfbridge.testing.SqsEventSourceMapping;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** A queue drained by several pollers at once, as that many concurrent invocations of an event source mapping would. */
final class ConcurrentPollers {
    private ConcurrentPollers() {}

    /** Polls with {@code pollers} until each finds the queue empty, then once more alone; returns the time it took. */
    static Duration drain(SqsEventSourceMapping mapping, int pollers) throws Exception {
        long started = System.nanoTime();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> running = new ArrayList<>();
            for (int i = 0; i < pollers; i++) {
                running.add(threads.submit(() -> {
                    while (mapping.pollOnce().received() > 0) {
                        // each poll is one invocation; a poller stops when the queue answers empty
                    }
                }));
            }
            for (Future<?> poller : running) {
                poller.get();
            }
        }
        mapping.drain(10);
        return Duration.ofNanos(System.nanoTime() - started);
    }
}
