package dev.sfbridge.erp;

import static dev.sfbridge.testing.TestOrders.order;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.sfbridge.erp.ErpException.Kind;
import dev.sfbridge.testing.EchoingEndpoint;
import dev.sfbridge.testing.ErpSimulator;
import dev.sfbridge.testing.LogScrubbing;
import dev.sfbridge.testing.TestClock;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The client authenticated by OAuth 2.0 client credentials: tokens reused, renewed before expiry, replaced once when refused. */
class HttpErpClientOAuthTest {
    private static final String CLIENT_ID = "sfbridge";
    private static final String CLIENT_SECRET = "client-secret-9b8e7d";
    private static final Duration TOKEN_LIFETIME = Duration.ofMinutes(10);

    private final List<Duration> pauses = new CopyOnWriteArrayList<>();
    private final TestClock clock = new TestClock(Instant.parse("2026-11-23T10:00:00Z"));
    private final ErpSimulator erp = ErpSimulator.withOAuth(CLIENT_ID, CLIENT_SECRET, TOKEN_LIFETIME);
    private final SwitchingCredentials credentials = new SwitchingCredentials(erp.secret(), erp.secret());
    private final HttpErpClient client = client(credentials);

    @AfterEach
    void close() {
        client.close();
        erp.close();
    }

    @Test
    void oneTokenServesManyOrders() throws Exception {
        for (int n = 1; n <= 5; n++) {
            client.upsertOrder(order(n));
        }

        assertEquals(1, erp.tokensIssued());
        assertEquals(5, erp.ordersCreated());
    }

    @Test
    void aTokenIsRenewedShortlyBeforeItExpires() throws Exception {
        client.upsertOrder(order(1));
        clock.advance(TOKEN_LIFETIME.minusSeconds(31));
        client.upsertOrder(order(2));
        assertEquals(1, erp.tokensIssued(), "still well inside its lifetime");

        clock.advance(Duration.ofSeconds(2));
        client.upsertOrder(order(3));

        assertEquals(2, erp.tokensIssued(), "renewed 30 s before expiry");
        assertEquals(List.of(201, 201, 201), erp.statuses());
    }

    @Test
    void aRevokedTokenCausesExactlyOneRefresh() throws Exception {
        client.upsertOrder(order(1));
        erp.revokeTokens();

        assertEquals("SO-000002", client.upsertOrder(order(2)).orderNumber());

        assertEquals(List.of(201, 401, 201), erp.statuses());
        assertEquals(2, erp.tokensIssued());
        assertEquals(1, credentials.reloads());
        assertTrue(pauses.isEmpty());
    }

    @Test
    void aClientSecretRefusedAgainAfterReloadingIsRetryableAndNeverQuoted() {
        ErpSecret.OAuthClientCredentials right = (ErpSecret.OAuthClientCredentials) erp.secret();
        String wrong = "wrong-secret-0000";
        ErpSecret wrongSecret = new ErpSecret.OAuthClientCredentials(right.tokenUrl(), CLIENT_ID, wrong);
        SwitchingCredentials stillWrong = new SwitchingCredentials(wrongSecret, wrongSecret);

        try (HttpErpClient refused = client(stillWrong)) {
            ErpException e = assertThrows(ErpException.class, () -> refused.upsertOrder(order(1)));

            assertEquals(Kind.RETRYABLE, e.kind());
            assertEquals(401, e.status());
            assertTrue(e.getMessage().contains("ERP token endpoint answered 401: invalid_client"), e.getMessage());
            assertEquals(1, stillWrong.reloads());
            assertEquals(0, erp.requests(), "no order was sent without a token");
            SecretLeaks.assertNoneIn(e, wrong, CLIENT_SECRET);
        }
    }

    @Test
    void aRotatedClientSecretIsPickedUpByTheReload() throws Exception {
        ErpSecret.OAuthClientCredentials right = (ErpSecret.OAuthClientCredentials) erp.secret();
        ErpSecret old = new ErpSecret.OAuthClientCredentials(right.tokenUrl(), CLIENT_ID, "old-secret-1111");
        SwitchingCredentials rotated = new SwitchingCredentials(old, right);

        try (HttpErpClient afterRotation = client(rotated)) {
            assertEquals("SO-000001", afterRotation.upsertOrder(order(1)).orderNumber());
        }

        assertEquals(1, rotated.reloads());
        assertEquals(1, erp.tokensIssued());
    }

    @Test
    void aTokenEndpointThatIsNotThereIsRetryable() {
        URI nowhere = URI.create("http://127.0.0.1:" + erp.baseUri().getPort() + "/no-such-token-endpoint");
        ErpSecret unreachable = new ErpSecret.OAuthClientCredentials(nowhere, CLIENT_ID, CLIENT_SECRET);

        try (HttpErpClient lost = client(ErpCredentials.fixed(unreachable))) {
            ErpException e = assertThrows(ErpException.class, () -> lost.upsertOrder(order(1)));

            assertEquals(Kind.RETRYABLE, e.kind());
            assertEquals(404, e.status());
            assertTrue(e.getMessage().contains("in 3 attempts"), e.getMessage());
            assertEquals(0, erp.requests());
            SecretLeaks.assertNoneIn(e, CLIENT_SECRET);
        }
    }

    @Test
    void aTokenThatCannotGoInAHeaderIsNeitherSentNorQuoted() throws Exception {
        HttpServer oddTokenEndpoint = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        oddTokenEndpoint.createContext("/token", exchange -> {
            byte[] body = "{\"access_token\": \"tok-4e1a\\r\\nX-Other: 1\", \"expires_in\": 60}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            try (exchange) {
                exchange.getResponseBody().write(body);
            }
        });
        oddTokenEndpoint.start();
        URI tokenUrl = URI.create("http://127.0.0.1:" + oddTokenEndpoint.getAddress().getPort() + "/token");

        try (HttpErpClient odd = client(ErpCredentials.fixed(new ErpSecret.OAuthClientCredentials(tokenUrl, CLIENT_ID, CLIENT_SECRET)))) {
            ErpException e = assertThrows(ErpException.class, () -> odd.upsertOrder(order(1)));

            assertEquals(Kind.RETRYABLE, e.kind());
            assertTrue(e.getMessage().contains("without a usable access_token"), e.getMessage());
            SecretLeaks.assertNoneIn(e, "tok-4e1a");
            assertEquals(0, erp.requests());
        } finally {
            oddTokenEndpoint.stop(0);
        }
    }

    @Test
    void aTokenEndpointEchoingTheBasicHeaderIsQuotedWithoutIt() {
        String secret = "s3cr+t/with=chars&more";
        try (EchoingEndpoint echoing = new EchoingEndpoint(401, "invalid_client");
             HttpErpClient refused = client(ErpCredentials.fixed(new ErpSecret.OAuthClientCredentials(echoing.uri("/token"),
                     CLIENT_ID, secret)))) {
            ErpException e = assertThrows(ErpException.class, () -> refused.upsertOrder(order(1)));

            assertTrue(e.getMessage().contains("ERP token endpoint answered 401: invalid_client: you sent Authorization: Basic ***"),
                    e.getMessage());
            // what the worker logs of it
            LogScrubbing.of().clientSecret(CLIENT_ID, secret).assertNoneIn(List.of(e.getMessage(), e.toString()));
        }
    }

    private HttpErpClient client(ErpCredentials with) {
        return new HttpErpClient(erp.baseUri(), with, HttpErpClient.Settings.defaults()
                .withPause(pauses::add).withClock(clock));
    }
}
