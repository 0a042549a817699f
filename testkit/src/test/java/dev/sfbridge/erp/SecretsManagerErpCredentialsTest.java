package dev.sfbridge.erp;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static dev.sfbridge.testing.TestOrders.order;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;
import dev.sfbridge.model.QueueJson;
import dev.sfbridge.testing.EmulatorClients;
import dev.sfbridge.testing.ErpSimulator;
import dev.sfbridge.testing.TestClock;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The secret read through a real {@link SecretsManagerClient} from a server that answers Secrets
 * Manager's JSON protocol ({@code X-Amz-Target: secretsmanager.GetSecretValue}): parsing, caching, failures.
 */
class SecretsManagerErpCredentialsTest {
    private static final String SECRET_ID = "sfbridge/erp";
    private static final String KEY = "k-51e0c3aa";
    private static final Duration TTL = Duration.ofMinutes(5);

    private static WireMockServer secretsManagerStandIn;
    private static SecretsManagerClient secretsManager;

    private final TestClock clock = new TestClock(Instant.parse("2026-11-23T10:00:00Z"));
    private final SecretsManagerErpCredentials credentials =
            new SecretsManagerErpCredentials(secretsManager, SECRET_ID, TTL, clock);

    @BeforeAll
    static void start() {
        secretsManagerStandIn = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        secretsManagerStandIn.start();
        secretsManager = EmulatorClients.secretsManager(URI.create(secretsManagerStandIn.baseUrl()));
    }

    @AfterAll
    static void stop() {
        secretsManager.close();
        secretsManagerStandIn.stop();
    }

    @BeforeEach
    void reset() {
        secretsManagerStandIn.resetAll();
    }

    @Test
    void readsTheSecretNamedByItsId() throws Exception {
        holds("{\"type\":\"api-key\",\"apiKey\":\"" + KEY + "\"}");

        assertEquals(new ErpSecret.ApiKey(KEY), credentials.current());
        assertEquals(1, getSecretValueCalls());
    }

    @Test
    void theSecretIsKeptForItsTimeToLive() throws Exception {
        holds("{\"type\":\"api-key\",\"apiKey\":\"" + KEY + "\"}");

        ErpSecret first = credentials.current();
        clock.advance(TTL.minusSeconds(1));
        assertSame(first, credentials.current());
        assertEquals(1, getSecretValueCalls());

        clock.advance(Duration.ofSeconds(1));
        credentials.current();
        assertEquals(2, getSecretValueCalls());
    }

    @Test
    void aReloadReadsARotatedSecretAtOnce() throws Exception {
        holds("{\"type\":\"api-key\",\"apiKey\":\"" + KEY + "\"}");
        credentials.current();
        holds("{\"type\":\"api-key\",\"apiKey\":\"rotated-key\"}");

        assertEquals(new ErpSecret.ApiKey("rotated-key"), credentials.reload(new ErpSecret.ApiKey(KEY)));
        assertEquals(new ErpSecret.ApiKey("rotated-key"), credentials.current());
        assertEquals(2, getSecretValueCalls());
    }

    @Test
    void aMissingSecretIsRetryableAndNamesSecretsManagersError() {
        secretsManagerStandIn.stubFor(post(urlEqualTo("/")).willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/x-amz-json-1.1")
                .withBody("{\"__type\":\"ResourceNotFoundException\",\"message\":\"Secrets Manager can't find the specified secret.\"}")));

        ErpException e = assertThrows(ErpException.class, credentials::current);

        assertEquals(ErpException.Kind.RETRYABLE, e.kind());
        assertTrue(e.getMessage().contains("'" + SECRET_ID + "'") && e.getMessage().contains("ResourceNotFoundException"),
                e.getMessage());
    }

    @Test
    void aMalformedSecretIsReportedWithoutQuotingIt() {
        holds("{\"type\":\"api-key\",\"apiKey\":" + KEY);

        ErpException e = assertThrows(ErpException.class, credentials::current);

        assertEquals(ErpException.Kind.RETRYABLE, e.kind());
        assertTrue(e.getMessage().contains("not valid JSON"), e.getMessage());
        SecretLeaks.assertNoneIn(e, KEY);
        assertTrue(credentials.toString().contains(SECRET_ID));
    }

    @Test
    void theSecretInHandOutlivesASecretsManagerOutage() throws Exception {
        holds("{\"type\":\"api-key\",\"apiKey\":\"" + KEY + "\"}");
        ErpSecret inHand = credentials.current();
        secretsManagerStandIn.resetAll();
        secretsManagerStandIn.stubFor(post(urlEqualTo("/")).willReturn(aResponse().withStatus(400)
                .withBody("{\"__type\":\"AccessDeniedException\",\"message\":\"denied\"}")));
        clock.advance(TTL);

        assertSame(inHand, credentials.current());
        assertThrows(ErpException.class, () -> credentials.reload(inHand), "a reload after a 401 must not pass off the old secret");
    }

    @Test
    void anErpClientAuthenticatesWithTheSecretFromSecretsManager() throws Exception {
        try (ErpSimulator erp = ErpSimulator.withOAuth("sfbridge", "cs-6f0d", Duration.ofHours(1))) {
            ErpSecret.OAuthClientCredentials oauth = (ErpSecret.OAuthClientCredentials) erp.secret();
            holds(QueueJson.write(Map.of("type", "oauth-client-credentials", "tokenUrl", oauth.tokenUrl().toString(),
                    "clientId", "sfbridge", "clientSecret", "cs-6f0d")));

            try (HttpErpClient client = new HttpErpClient(erp.baseUri(), credentials,
                    HttpErpClient.Settings.defaults().withPause(d -> {}).withClock(clock))) {
                for (int n = 1; n <= 3; n++) {
                    client.upsertOrder(order(n));
                }
            }

            assertEquals(3, erp.ordersCreated());
            assertEquals(1, erp.tokensIssued());
            assertEquals(1, getSecretValueCalls());
        }
    }

    private static void holds(String secretString) {
        secretsManagerStandIn.stubFor(post(urlEqualTo("/"))
                .withHeader("X-Amz-Target", equalTo("secretsmanager.GetSecretValue"))
                .withRequestBody(matchingJsonPath("$.SecretId", equalTo(SECRET_ID)))
                .willReturn(aResponse().withStatus(200)
                        .withHeader("Content-Type", "application/x-amz-json-1.1")
                        .withBody(QueueJson.write(Map.of(
                                "ARN", "arn:aws:secretsmanager:us-east-1:000000000000:secret:" + SECRET_ID + "-AbCdEf",
                                "Name", SECRET_ID,
                                "SecretString", secretString,
                                "VersionId", "v1",
                                "CreatedDate", 1.7637e9)))));
    }

    private static int getSecretValueCalls() {
        RequestPatternBuilder getSecretValue = postRequestedFor(urlEqualTo("/"))
                .withHeader("X-Amz-Target", equalTo("secretsmanager.GetSecretValue"));
        return secretsManagerStandIn.findAll(getSecretValue).size();
    }
}
