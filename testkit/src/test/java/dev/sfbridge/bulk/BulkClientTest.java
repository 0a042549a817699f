package dev.sfbridge.bulk;

import dev.sfbridge.retry.Retry;
import dev.sfbridge.salesforce.AccessToken;
import dev.sfbridge.salesforce.SalesforceHttp;
import dev.sfbridge.testing.BulkApiSimulator;
import dev.sfbridge.testing.SalesforceSimulator;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.retries.api.BackoffStrategy;

/**
 * What a test of a Bulk API 2.0 client works against: the simulated org with its Bulk API, a token the org takes, the
 * HTTP the clients call through (its retries' pauses recorded, never waited) and a folder for the files they write.
 */
abstract class BulkClientTest {
    final SalesforceSimulator org = new SalesforceSimulator();
    final BulkApiSimulator bulk = new BulkApiSimulator(org);
    final List<Duration> pauses = new CopyOnWriteArrayList<>();
    final AccessToken token;

    @TempDir
    Path dir;

    /** @param bearer the token's value, which the org takes */
    BulkClientTest(String bearer) {
        org.acceptBearer(bearer);
        token = new AccessToken(org.instanceUrl(), bearer, AccessToken.Source.OAUTH);
    }

    @AfterEach
    void close() {
        org.close();
    }

    /** What a client calls through: a 5 s timeout and three tries. */
    SalesforceHttp http() {
        return new SalesforceHttp(HttpClient.newHttpClient(), Duration.ofSeconds(5),
                new Retry(3, BackoffStrategy.exponentialDelay(Duration.ofMillis(10), Duration.ofMillis(100)), pauses::add));
    }
}
