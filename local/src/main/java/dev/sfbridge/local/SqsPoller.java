package dev.sfbridge.local;

import dev.sfbridge.testing.SqsEventSourceMapping;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Lambda's pollers for one SQS event source mapping: {@code concurrency} loops, each receiving a batch and
 * invoking the function with it, as concurrent executions do. An empty receive pauses the loop briefly,
 * as Lambda's long polls do, rather than spinning on the emulator.
 */
final class SqsPoller implements AutoCloseable {
    private static final Duration IDLE = Duration.ofMillis(100);
    /** Longer than any invocation of the functions takes here. */
    private static final Duration FINISH_AT_MOST = Duration.ofSeconds(30);

    private final String name;
    private final SqsEventSourceMapping mapping;
    private final PrintStream problems;
    private final List<Thread> threads = new ArrayList<>();
    private final AtomicInteger crashes = new AtomicInteger();
    private volatile boolean running = true;

    SqsPoller(String name, SqsEventSourceMapping mapping, int concurrency, PrintStream problems) {
        this.name = name;
        this.mapping = mapping;
        this.problems = problems;
        for (int i = 0; i < concurrency; i++) {
            threads.add(Thread.ofPlatform().name(name + "-poller-" + i).daemon().start(this::poll));
        }
    }

    private void poll() {
        while (running) {
            try {
                SqsEventSourceMapping.Poll poll = mapping.pollOnce();
                if (poll.received() == 0) {
                    Thread.sleep(IDLE);
                    continue;
                }
                if (poll.crashed() != null && crashes.incrementAndGet() <= 3) {
                    // Lambda would log the stack trace and retry the batch; say so once or thrice, not per batch
                    problems.println(name + ": the function failed a batch of " + poll.received() + ": " + poll.crashed());
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                if (running) {
                    problems.println(name + ": polling failed: " + e);
                    pause();
                }
            }
        }
    }

    private void pause() {
        try {
            Thread.sleep(IDLE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    /**
     * Lets each loop finish the invocation it is in: interrupting one inside an SDK call would leave its
     * connection to the emulator open, and the emulator then waits a minute for it before it stops.
     */
    @Override
    public void close() {
        running = false;
        for (Thread thread : threads) {
            try {
                if (!thread.join(FINISH_AT_MOST)) {
                    thread.interrupt();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
