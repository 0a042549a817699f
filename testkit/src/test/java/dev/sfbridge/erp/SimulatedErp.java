package dev.sfbridge.erp;

import dev.sfbridge.testing.ErpSimulator;
import java.time.Duration;

/**
 * What a test of one of {@link HttpErpClient}'s calls works against: the simulated ERP with an API key, and a
 * client of it that never waits between tries. A test holds one in an {@code @AutoClose} field: a fresh one each test.
 */
final class SimulatedErp implements AutoCloseable {
    final ErpSimulator erp;
    final HttpErpClient client;

    SimulatedErp(String apiKey) {
        erp = ErpSimulator.withApiKey(apiKey);
        client = new HttpErpClient(erp.baseUri(), ErpCredentials.fixed(erp.secret()),
                HttpErpClient.Settings.defaults().withTimeouts(Duration.ofSeconds(3), Duration.ofSeconds(3)).withPause(d -> { }));
    }

    @Override
    public void close() {
        client.close();
        erp.close();
    }
}
