package dev.sfbridge.local;

import dev.sfbridge.model.QueueJson;
import dev.sfbridge.testing.CallbackSampleEvents;
import dev.sfbridge.testing.ErpSimulator;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * The ERP's side of its status events in a chaos run: once it has created the order of a record the plan picks, it
 * moves the order on through {@link ErpSimulator#ORDER_STATUSES} at once, racing the order worker's callback of the
 * creation, and posts each status, HMAC-signed, to the stack's {@code POST /erp/order-events}, as docs/callbacks.md
 * tells an ERP to: what the route does not take (202) is sent again, a bounded number of times with backoff and
 * jitter. The org must end with each order's last status, and never go back to an earlier one on the way.
 */
final class ErpStatusEvents implements AutoCloseable {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final int ATTEMPTS = 5;
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(200);

    private final URI endpoint;
    private final String signingSecret;
    private final String organizationId;
    private final ErpSimulator erp;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    private final ExecutorService posting = Executors.newVirtualThreadPerTaskExecutor();
    private final List<Future<?>> posts = new ArrayList<>();
    private final AtomicInteger accepted = new AtomicInteger();
    private final AtomicInteger notDelivered = new AtomicInteger();

    /** @param movesOn whether the ERP moves on the order of this record */
    ErpStatusEvents(URI endpoint, String signingSecret, String organizationId, ErpSimulator erp, Predicate<String> movesOn) {
        this.endpoint = endpoint;
        this.signingSecret = signingSecret;
        this.organizationId = organizationId;
        this.erp = erp;
        erp.whenCreated(recordId -> {
            if (movesOn.test(recordId)) {
                synchronized (posts) {
                    posts.add(posting.submit(() -> moveOn(recordId)));
                }
            }
        });
    }

    private void moveOn(String recordId) {
        for (var change = erp.moveOn(recordId); change.isPresent(); change = erp.moveOn(recordId)) {
            post(change.get());
        }
    }

    private void post(ErpSimulator.StatusChange change) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("orderNumber", change.orderNumber());
        event.put("salesforceRecordId", change.recordId());
        event.put("organizationId", organizationId);
        event.put("status", change.status());
        event.put("changedAt", change.changedAt().toString());
        String body = QueueJson.write(event);
        Duration backoff = FIRST_BACKOFF;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            try {
                HttpResponse<Void> answer = http.send(HttpRequest.newBuilder(endpoint).timeout(TIMEOUT)
                        .header("Content-Type", "application/json")
                        .header("X-Sfbridge-Signature", CallbackSampleEvents.erpSignature(signingSecret,
                                Instant.now().getEpochSecond(), body))
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.discarding());
                if (answer.statusCode() == 202) {
                    accepted.incrementAndGet();
                    return;
                }
            } catch (IOException e) {
                // the route did not answer: sent again, as a 503
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            try {
                Thread.sleep(backoff.plusMillis(ThreadLocalRandom.current().nextLong(backoff.toMillis() + 1)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            backoff = backoff.multipliedBy(2);
        }
        notDelivered.incrementAndGet();
    }

    /** Returns once every status change the ERP has made so far is posted, or given up. */
    void awaitPosted() throws InterruptedException {
        while (true) {
            List<Future<?>> pending;
            synchronized (posts) {
                pending = posts.stream().filter(post -> !post.isDone()).toList();
            }
            if (pending.isEmpty()) {
                return;
            }
            for (Future<?> post : pending) {
                try {
                    post.get();
                } catch (ExecutionException e) {
                    throw new IllegalStateException("posting an ERP status event failed", e.getCause());
                }
            }
        }
    }

    /** Status events the route took (202). */
    int accepted() {
        return accepted.get();
    }

    /** Status events the route did not take in {@value #ATTEMPTS} attempts. */
    int notDelivered() {
        return notDelivered.get();
    }

    @Override
    public void close() {
        posting.shutdownNow();
        http.close();
    }
}
