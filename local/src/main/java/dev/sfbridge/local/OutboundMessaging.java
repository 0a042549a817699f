package dev.sfbridge.local;

import dev.sfbridge.testing.OutboundMessages;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Salesforce's side of outbound messaging for the simulated org, as Salesforce documents it: notifications
 * go out in SOAP messages of up to 100; a message that is not acknowledged is sent again, unchanged (the same
 * notification IDs), after intervals that grow exponentially up to two hours apart, until it is 24 hours old;
 * a message acknowledged is never sent again. Each attempt waits at most 60 seconds for the answer. The
 * intervals and the 24 hours run on the {@link TimeScale}. "Unchanged" but for the data: when a record changed while
 * its notification waited, the notification sent again carries its latest data under the same ID (the worker's claim
 * is the notification with its change time); a {@link Queued} message can model that, its first ack lost on the way.
 */
final class OutboundMessaging implements AutoCloseable {
    static final int MAX_NOTIFICATIONS_PER_MESSAGE = 100;

    /** Salesforce does not publish its first interval; 15 s doubling reaches the two-hour cap after ten tries. */
    private static final Duration FIRST_RETRY = Duration.ofSeconds(15);
    private static final Duration LONGEST_RETRY = Duration.ofHours(2);
    private static final Duration GIVE_UP_AFTER = Duration.ofHours(24);
    private static final Duration RESPONSE_TIMEOUT = Duration.ofSeconds(60);
    private static final String ACK = "<Ack>true</Ack>";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final URI endpoint;
    private final TimeScale time;
    private final int closeRate;
    private final AtomicInteger posts = new AtomicInteger();
    private final AtomicInteger retries = new AtomicInteger();
    private final AtomicInteger acked = new AtomicInteger();
    private final AtomicInteger notificationsAcked = new AtomicInteger();
    private final AtomicInteger dropped = new AtomicInteger();
    private final AtomicInteger answersLost = new AtomicInteger();

    /**
     * A message the org queues; with {@code resent}, the answer to its first attempt is lost (the listener acked, the
     * connection broke before Salesforce read it) and its records change meanwhile: from its second attempt on it
     * carries the same notification IDs with their records' newer data.
     */
    record Queued(OutboundMessages message, OutboundMessages resent) {
        static Queued of(OutboundMessages message) {
            return new Queued(message, null);
        }
    }

    private static final class Pending {
        final Queued queued;
        final Instant queuedAt;
        int attempts;
        Instant due;

        Pending(Queued queued, Instant queuedAt) {
            this.queued = queued;
            this.queuedAt = queuedAt;
            this.due = queuedAt;
        }

        OutboundMessages message() {
            return attempts > 0 && queued.resent() != null ? queued.resent() : queued.message();
        }
    }

    /** @param closeRate notifications the org queues per second, its records closing at that pace; 0: all at once */
    OutboundMessaging(URI endpoint, TimeScale time, int closeRate) {
        this.endpoint = endpoint;
        this.time = time;
        this.closeRate = closeRate;
    }

    /**
     * Sends every message until each is acknowledged or 24 hours (scaled) old; returns then. Each is queued when the
     * last of its records closes ({@link #queuedAfter}), and sent then at the earliest.
     */
    void deliver(List<Queued> messages) throws InterruptedException {
        PriorityQueue<Pending> queue = new PriorityQueue<>((a, b) -> a.due.compareTo(b.due));
        Instant start = Instant.now();
        List<Duration> offsets = queuedAfter(messages.stream().map(m -> m.message().notifications().size()).toList(), closeRate);
        for (int i = 0; i < messages.size(); i++) {
            queue.add(new Pending(messages.get(i), start.plus(offsets.get(i))));
        }
        while (!queue.isEmpty()) {
            Pending next = queue.poll();
            Duration wait = Duration.between(Instant.now(), next.due);
            if (wait.isPositive()) {
                Thread.sleep(wait);
            }
            if (send(next)) {
                acked.incrementAndGet();
                notificationsAcked.addAndGet(next.queued.message().notifications().size());
            } else if (Duration.between(next.queuedAt, Instant.now()).compareTo(time.compress(GIVE_UP_AFTER)) >= 0) {
                dropped.incrementAndGet();
            } else {
                next.due = Instant.now().plus(time.compress(retryInterval(next.attempts)));
                queue.add(next);
            }
        }
    }

    int posts() {
        return posts.get();
    }

    int retries() {
        return retries.get();
    }

    int acked() {
        return acked.get();
    }

    int notificationsAcked() {
        return notificationsAcked.get();
    }

    int dropped() {
        return dropped.get();
    }

    /** First attempts of {@link Queued} messages with a resend whose answer was lost. */
    int answersLost() {
        return answersLost.get();
    }

    /**
     * When each message is queued, from the start, for messages of these many notifications in this order: at
     * {@code closeRate} notifications per second, a message is queued once its last notification's record has closed.
     * Real time, not scaled: the rate is the load offered to the pipeline.
     */
    static List<Duration> queuedAfter(List<Integer> notifications, int closeRate) {
        List<Duration> offsets = new ArrayList<>();
        long closed = 0;
        for (int count : notifications) {
            closed += count;
            offsets.add(closeRate == 0 ? Duration.ZERO : Duration.ofNanos(closed * 1_000_000_000L / closeRate));
        }
        return offsets;
    }

    /** After the n-th failed attempt: 15 s, 30 s, 60 s, ... at most two hours. */
    static Duration retryInterval(int failedAttempts) {
        Duration interval = FIRST_RETRY.multipliedBy(1L << Math.min(failedAttempts - 1, 20));
        return interval.compareTo(LONGEST_RETRY) > 0 ? LONGEST_RETRY : interval;
    }

    @Override
    public void close() {
        http.close();
    }

    private boolean send(Pending pending) throws InterruptedException {
        posts.incrementAndGet();
        OutboundMessages message = pending.message();
        boolean answerLost = pending.attempts == 0 && pending.queued.resent() != null;
        if (pending.attempts++ > 0) {
            retries.incrementAndGet();
        }
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(endpoint)
                    .timeout(RESPONSE_TIMEOUT)
                    .header("Content-Type", "text/xml; charset=utf-8")
                    .header("SOAPAction", "\"\"")
                    .POST(HttpRequest.BodyPublishers.ofString(message.xml()))
                    .build(), HttpResponse.BodyHandlers.ofString());
            if (answerLost) {
                answersLost.incrementAndGet();
                return false;
            }
            return response.statusCode() == 200 && response.body().contains(ACK);
        } catch (IOException e) {
            return false;
        }
    }
}
