package dev.sfbridge.bulk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.sfbridge.retry.Retry;
import dev.sfbridge.salesforce.AccessToken;
import dev.sfbridge.salesforce.SalesforceException;
import dev.sfbridge.salesforce.SalesforceHttp;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.retries.api.BackoffStrategy;

/**
 * A results body that stalls after its headers and part of its bytes: java.net.http's request timeout ended with the
 * headers, so the download bounds the body's progress itself, and fails (retryable) within about the timeout per
 * attempt instead of waiting until Lambda ends the invocation.
 */
class StalledDownloadTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(1);

    @TempDir
    Path dir;

    @Test
    void aBodyThatStallsAfterItsHeadersFailsWithinTheTimeoutEachAttempt() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger attempts = new AtomicInteger();
        HttpServer org = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        ExecutorService handlers = Executors.newCachedThreadPool();
        org.setExecutor(handlers);
        org.createContext("/", exchange -> {
            attempts.incrementAndGet();
            byte[] part = "Id,SystemModstamp,IsDeleted,Name\n001000000000001AAA,2026-11-27T08:00:00.000Z,false,Acme\n"
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Sforce-Locator", "null");
            exchange.sendResponseHeaders(200, part.length * 100L);
            OutputStream body = exchange.getResponseBody();
            body.write(part);
            body.flush();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
        });
        org.start();
        try {
            AccessToken token = new AccessToken(URI.create("http://127.0.0.1:" + org.getAddress().getPort()), "00D!token",
                    AccessToken.Source.OAUTH);
            SalesforceHttp http = new SalesforceHttp(HttpClient.newHttpClient(), TIMEOUT,
                    new Retry(2, BackoffStrategy.exponentialDelay(Duration.ofMillis(10), Duration.ofMillis(100)), pause -> { }));
            BulkQueryClient client = new BulkQueryClient(http, "62.0");

            long start = System.nanoTime();
            // without a bound on the body, the download would wait for the latch this test releases only at its end
            SalesforceException e = assertTimeoutPreemptively(TIMEOUT.multipliedBy(10), () -> assertThrows(SalesforceException.class,
                    () -> client.download(token, "750000000000001AAA", "62.0", null, 1000, dir.resolve("results.csv"))));
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            assertEquals(SalesforceException.Kind.RETRYABLE, e.kind(), e.getMessage());
            assertEquals(2, attempts.get(), "each attempt stalled and was given up");
            assertTrue(took.compareTo(TIMEOUT.multipliedBy(2 * 2)) < 0, "two attempts of at most about the timeout, took " + took);
            assertTrue(took.compareTo(TIMEOUT.multipliedBy(2)) >= 0, "each attempt waited its timeout, took " + took);
        } finally {
            release.countDown();
            org.stop(0);
            handlers.shutdownNow();
            assertTrue(handlers.awaitTermination(5, TimeUnit.SECONDS));
        }
    }
}
