package dev.sfbridge.bulk;

import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A body read that fails when no byte has come for {@code timeout}. The request's own timeout ends once the
 * answer's headers are in (java.net.http cancels its timer then), so a body that stalls half-way would otherwise
 * hold the caller until Lambda ends the invocation. The read is cancelled and the answer fails with an
 * {@link HttpTimeoutException}: a dropped answer, which {@code SalesforceHttp} retries like one.
 */
final class BodyProgressTimeout<T> implements HttpResponse.BodySubscriber<T> {
    /** One daemon thread for every watch: a look every quarter of a timeout costs nothing while bytes come. */
    private static final ScheduledExecutorService WATCH = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "bulk-body-progress");
        thread.setDaemon(true);
        return thread;
    });

    private final HttpResponse.BodySubscriber<T> body;
    private final long timeoutNanos;
    private final CompletableFuture<T> result = new CompletableFuture<>();
    private volatile long lastProgress = System.nanoTime();
    private volatile Flow.Subscription subscription;
    private volatile ScheduledFuture<?> watch;

    private BodyProgressTimeout(HttpResponse.BodySubscriber<T> body, Duration timeout) {
        this.body = body;
        this.timeoutNanos = timeout.toNanos();
    }

    /** {@code handler}'s body, failed when it makes no progress for {@code timeout}. */
    static <T> HttpResponse.BodyHandler<T> of(HttpResponse.BodyHandler<T> handler, Duration timeout) {
        return info -> new BodyProgressTimeout<>(handler.apply(info), timeout);
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        this.subscription = subscription;
        lastProgress = System.nanoTime();
        long period = Math.max(1, timeoutNanos / 4);
        watch = WATCH.scheduleWithFixedDelay(this::look, period, period, TimeUnit.NANOSECONDS);
        body.getBody().whenComplete((value, failure) -> {
            watch.cancel(false);
            if (failure == null) {
                result.complete(value);
            } else {
                result.completeExceptionally(failure);
            }
        });
        body.onSubscribe(subscription);
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
        lastProgress = System.nanoTime();
        body.onNext(buffers);
    }

    @Override
    public void onError(Throwable failure) {
        body.onError(failure);
    }

    @Override
    public void onComplete() {
        body.onComplete();
    }

    @Override
    public CompletionStage<T> getBody() {
        return result;
    }

    private void look() {
        long idle = System.nanoTime() - lastProgress;
        if (idle < timeoutNanos || result.isDone()) {
            return;
        }
        HttpTimeoutException stalled = new HttpTimeoutException("no byte of the answer's body for "
                + Duration.ofNanos(idle).toMillis() + " ms (at most " + Duration.ofNanos(timeoutNanos).toMillis() + " ms)");
        watch.cancel(false);
        subscription.cancel();
        // the wrapped subscriber closes what it holds (the file) and fails its body, which fails this one
        body.onError(stalled);
        result.completeExceptionally(stalled);
    }
}
