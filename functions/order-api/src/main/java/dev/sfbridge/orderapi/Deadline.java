package dev.sfbridge.orderapi;

import dev.sfbridge.erp.ErpCalls;
import dev.sfbridge.erp.ErpException;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * The time one request has left, from its arrival: calls to the ERP run on a virtual thread of their own and are
 * waited for only until the deadline, less {@link #RESERVE} for what follows them. A call that is still running
 * then is interrupted (the JDK's HTTP client cancels its exchange; a pause between attempts ends) and left behind:
 * the caller answers at once. Measured on {@link System#nanoTime()}, which no clock change moves.
 */
final class Deadline {
    /** Kept back from every ERP call for the steps after it: the idempotency key's completion, the answer. */
    static final Duration RESERVE = Duration.ofMillis(250);

    /** The deadline passed before the call answered. */
    static final class Expired extends Exception {
        private final boolean callStarted;

        Expired(boolean callStarted) {
            super(null, null, false, false);
            this.callStarted = callStarted;
        }

        /** False when the call never began, and never will: the peer was not asked. */
        boolean callStarted() {
            return callStarted;
        }
    }

    private final long endsAtNanos;

    private Deadline(long endsAtNanos) {
        this.endsAtNanos = endsAtNanos;
    }

    static Deadline in(Duration budget) {
        return new Deadline(System.nanoTime() + budget.toNanos());
    }

    Duration remaining() {
        return Duration.ofNanos(endsAtNanos - System.nanoTime());
    }

    /**
     * {@code task}'s result if it comes by the deadline, else {@code ifLate}: the task runs on a virtual thread and is
     * left to finish by itself (in Lambda, if the container is not frozen first) while the caller answers.
     */
    <T> T within(Supplier<T> task, T ifLate) {
        FutureTask<T> running = new FutureTask<>(task::get);
        Thread.ofVirtual().name("after-erp-call").start(running);
        try {
            return running.get(Math.max(0, remaining().toNanos()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            return ifLate;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ifLate;
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
        }
    }

    /**
     * {@code call}'s answer or failure, if it comes within the deadline less {@link #RESERVE}. Either the call begins
     * or the caller marks it as never to begin, never both: an {@link Expired} says which, so that a circuit's probe
     * slot taken for a call that was never made can be given back.
     */
    <T> T call(ErpCalls.Call<T> call) throws ErpException, Expired {
        long waitNanos = remaining().minus(RESERVE).toNanos();
        if (waitNanos <= 0) {
            throw new Expired(false);
        }
        AtomicBoolean begun = new AtomicBoolean();
        FutureTask<T> task = new FutureTask<>(() -> {
            if (!begun.compareAndSet(false, true)) {
                throw new CancellationException("the deadline passed before the call began");
            }
            return call.call();
        });
        Thread.ofVirtual().name("erp-call").start(task);
        try {
            return task.get(waitNanos, TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw expired(task, begun);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw expired(task, begun);
        } catch (ExecutionException e) {
            switch (e.getCause()) {
                case ErpException erp -> throw erp;
                case RuntimeException runtime -> throw runtime;
                case Error error -> throw error;
                default -> throw new IllegalStateException("an ERP call threw what it does not declare", e.getCause());
            }
        }
    }

    /** Interrupts the call if it is running, or keeps it from ever beginning. */
    private static Expired expired(FutureTask<?> task, AtomicBoolean begun) {
        boolean started = !begun.compareAndSet(false, true);
        task.cancel(true);
        return new Expired(started);
    }
}
