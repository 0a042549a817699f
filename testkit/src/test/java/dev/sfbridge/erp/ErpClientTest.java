package dev.sfbridge.erp;

import dev.sfbridge.testing.ErpSimulator;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;

/**
 * What a test of one of {@link HttpErpClient}'s calls works against: the simulated ERP with an API key, and a client
 * of it that never waits between tries.
 */
abstract class ErpClientTest {
    final ErpSimulator erp;
    final HttpErpClient client;

    ErpClientTest(String apiKey) {
        erp = ErpSimulator.withApiKey(apiKey);
        client = new HttpErpClient(erp.baseUri(), ErpCredentials.fixed(erp.secret()),
                HttpErpClient.Settings.defaults().withTimeouts(Duration.ofSeconds(3), Duration.ofSeconds(3)).withPause(d -> { }));
    }

    @AfterEach
    void close() {
        client.close();
        erp.close();
    }
}
