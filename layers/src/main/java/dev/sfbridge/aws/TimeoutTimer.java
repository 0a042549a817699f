package dev.sfbridge.aws;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;

/**
 * The timer the SDK's call and attempt timeouts run on, one for every client in the JVM. The SDK's own (five
 * threads per client) keeps a cancelled timeout queued until the moment it would have fired, so each call
 * leaves two tasks behind that its timer thread must wake for and throw away; this one drops a timeout as soon
 * as its call ends. Its one daemon thread starts with the first call, and never keeps the JVM alive.
 */
public final class TimeoutTimer {
    private static final ScheduledExecutorService SHARED = create();

    private TimeoutTimer() {}

    public static ScheduledExecutorService shared() {
        return SHARED;
    }

    private static ScheduledExecutorService create() {
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, task -> {
            Thread thread = new Thread(task, "sfbridge-sdk-timeouts");
            thread.setDaemon(true);
            return thread;
        });
        timer.setRemoveOnCancelPolicy(true);
        return timer;
    }
}
