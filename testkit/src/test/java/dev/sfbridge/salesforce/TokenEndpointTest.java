package dev.sfbridge.salesforce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sfbridge.testing.EchoingEndpoint;
import dev.sfbridge.observability.JsonLog;
import dev.sfbridge.retry.Retry;
import dev.sfbridge.salesforce.SalesforceException.Kind;
import dev.sfbridge.testing.LogScrubbing;
import dev.sfbridge.testing.RecordingMetrics;
import dev.sfbridge.testing.SalesforceSimulator;
import dev.sfbridge.testing.StaticSecretsManager;
import dev.sfbridge.testing.TestKeys;
import java.net.URI;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.retries.api.BackoffStrategy;

class TokenEndpointTest {
    static final String CONSUMER_KEY = "3MVG9sfbridgeTestConsumerKey";
    static final String USERNAME = "integration@sfbridge.example";

    private final SalesforceSimulator salesforce = new SalesforceSimulator();
    private final KeyPair key = TestKeys.connectedApp();
    private final StaticSecretsManager secrets = new StaticSecretsManager();
    private final List<String> logLines = new CopyOnWriteArrayList<>();
    private final RecordingMetrics metrics = new RecordingMetrics();

    @AfterEach
    void stop() {
        salesforce.close();
    }

    static String jwtSecret(String consumerKey, String username, String privateKeyPem) throws Exception {
        return new ObjectMapper().writeValueAsString(Map.of("consumerKey", consumerKey, "username", username, "privateKey", privateKeyPem));
    }

    private TokenEndpoint endpoint(OAuthFlow flow, URI loginUrl, Clock clock) {
        SalesforceHttp http = SalesforceHttp.create(Duration.ofSeconds(2), Duration.ofSeconds(5),
                new Retry(3, BackoffStrategy.retryImmediately(), d -> { }));
        return new TokenEndpoint(http, loginUrl, flow, ConnectedAppSecret.fromSecretsManager(secrets, "sfbridge/salesforce"),
                new JsonLog(logLines::add, clock), metrics, clock);
    }

    private TokenEndpoint jwtEndpoint() {
        return endpoint(OAuthFlow.JWT_BEARER, salesforce.loginUrl(), Clock.systemUTC());
    }

    @Test
    void theJwtBearerFlowGetsATokenForTheInstanceSalesforceNames() throws Exception {
        salesforce.trustJwtBearer(CONSUMER_KEY, USERNAME, TestKeys.publicKey(key));
        secrets.put("sfbridge/salesforce", jwtSecret(CONSUMER_KEY, USERNAME, TestKeys.pkcs8Pem(key.getPrivate())));

        AccessToken token = jwtEndpoint().fetch();

        assertEquals(AccessToken.Source.OAUTH, token.source());
        assertEquals(salesforce.instanceUrl(), token.instanceUrl());
        assertEquals(salesforce.issuedTokens(), List.of(token.reveal()));
        assertEquals(1, secrets.reads());
        assertTrue(logLines.getFirst().contains("\"outcome\":\"issued\""), logLines.getFirst());
        metrics.flush();
        assertEquals(Map.of("TokenRefreshes", 1L), metrics.emitted());
        LogScrubbing.of().accessToken(token.reveal()).privateKeyPem(TestKeys.pkcs8Pem(key.getPrivate())).assertNoneIn(logLines);
    }

    @Test
    void anAssertionSignedWithAnotherKeyIsRefused() throws Exception {
        salesforce.trustJwtBearer(CONSUMER_KEY, USERNAME, TestKeys.publicKey(key));
        secrets.put("sfbridge/salesforce", jwtSecret(CONSUMER_KEY, USERNAME, TestKeys.pkcs8Pem(TestKeys.generate().getPrivate())));

        SalesforceException e = assertThrows(SalesforceException.class, () -> jwtEndpoint().fetch());

        assertEquals(Kind.RETRYABLE, e.kind(), "an administrator fixes the app; the callbacks wait");
        assertEquals(400, e.status());
        assertEquals("the token endpoint refused the jwt-bearer request: invalid_grant invalid assertion", e.getMessage());
        assertTrue(salesforce.issuedTokens().isEmpty());
    }

    @Test
    void theSimulatorChecksEveryClaimSoTheAssertionIsRightInEach() throws Exception {
        salesforce.trustJwtBearer(CONSUMER_KEY, USERNAME, TestKeys.publicKey(key));
        String pem = TestKeys.pkcs8Pem(key.getPrivate());

        secrets.put("sfbridge/salesforce", jwtSecret(CONSUMER_KEY, "someone.else@sfbridge.example", pem));
        assertTrue(assertThrows(SalesforceException.class, () -> jwtEndpoint().fetch()).getMessage().contains("user hasn't approved"));

        secrets.put("sfbridge/salesforce", jwtSecret("3MVG9unknown", USERNAME, pem));
        assertTrue(assertThrows(SalesforceException.class, () -> jwtEndpoint().fetch()).getMessage().contains("invalid_client_id"));

        secrets.put("sfbridge/salesforce", jwtSecret(CONSUMER_KEY, USERNAME, pem));
        URI wrongAudience = URI.create("http://localhost:" + salesforce.loginUrl().getPort());
        assertTrue(assertThrows(SalesforceException.class, () -> endpoint(OAuthFlow.JWT_BEARER, wrongAudience, Clock.systemUTC()).fetch())
                .getMessage().contains("audience is invalid"));

        Clock slow = Clock.fixed(Instant.now().minus(Duration.ofMinutes(5)), ZoneOffset.UTC);
        assertTrue(assertThrows(SalesforceException.class, () -> endpoint(OAuthFlow.JWT_BEARER, salesforce.loginUrl(), slow).fetch())
                .getMessage().contains("exp"), "an assertion already expired by Salesforce's clock");

        Clock fast = Clock.fixed(Instant.now().plus(Duration.ofMinutes(2)), ZoneOffset.UTC);
        assertTrue(assertThrows(SalesforceException.class, () -> endpoint(OAuthFlow.JWT_BEARER, salesforce.loginUrl(), fast).fetch())
                .getMessage().contains("exp"), "an exp more than 3 minutes ahead");

        assertEquals(5, salesforce.tokenRequests());
        assertTrue(salesforce.issuedTokens().isEmpty());
    }

    @Test
    void theClientCredentialsFlowSendsTheConsumerKeyAndSecret() throws Exception {
        salesforce.trustClientCredentials(CONSUMER_KEY, "consumer-secret-for-tests");
        secrets.put("sfbridge/salesforce", "{\"consumerKey\":\"" + CONSUMER_KEY + "\",\"consumerSecret\":\"consumer-secret-for-tests\"}");

        AccessToken token = endpoint(OAuthFlow.CLIENT_CREDENTIALS, salesforce.loginUrl(), Clock.systemUTC()).fetch();

        assertEquals(salesforce.issuedTokens(), List.of(token.reveal()));
    }

    @Test
    void aTokenEndpointEchoingTheFormEncodedSecretIsLoggedAndThrownWithoutIt() {
        String secret = "consumer+secret/with=chars&more";
        secrets.put("sfbridge/salesforce", "{\"consumerKey\":\"" + CONSUMER_KEY + "\",\"consumerSecret\":\"" + secret + "\"}");
        try (EchoingEndpoint echoing = new EchoingEndpoint(400, "invalid_request")) {
            TokenEndpoint endpoint = endpoint(OAuthFlow.CLIENT_CREDENTIALS, echoing.uri("/"), Clock.systemUTC());

            SalesforceException e = assertThrows(SalesforceException.class, endpoint::fetch);

            assertTrue(e.getMessage().contains("client_secret=***"), e.getMessage());
            assertTrue(logLines.stream().anyMatch(line -> line.contains("client_secret=***")), logLines.toString());
            LogScrubbing.of().clientSecret(CONSUMER_KEY, secret).assertNoneIn(logLines);
            LogScrubbing.of().clientSecret(CONSUMER_KEY, secret).assertNoneIn(List.of(e.getMessage()));
        }
    }

    @Test
    void aSecretThatIsMissingOrMalformedIsNamedButNeverQuoted() {
        TokenEndpoint endpoint = jwtEndpoint();
        assertEquals("Secrets Manager answered ResourceNotFoundException for the Salesforce secret",
                assertThrows(SalesforceException.class, endpoint::fetch).getMessage());

        secrets.put("sfbridge/salesforce", "consumerKey=leaked-secret-value");
        assertEquals("the Salesforce secret is not a JSON object", assertThrows(SalesforceException.class, endpoint::fetch).getMessage());

        secrets.put("sfbridge/salesforce", "{\"consumerKey\":\"" + CONSUMER_KEY + "\",\"username\":\"" + USERNAME + "\"}");
        assertEquals("the Salesforce secret has no \"privateKey\"", assertThrows(SalesforceException.class, endpoint::fetch).getMessage());

        secrets.put("sfbridge/salesforce", "{\"consumerKey\":\"k\",\"username\":\"u\",\"privateKey\":\"-----BEGIN RSA PRIVATE KEY-----\\nMIIEleaked\\n\"}");
        assertTrue(assertThrows(SalesforceException.class, endpoint::fetch).getMessage().contains("openssl pkcs8 -topk8 -nocrypt"));

        secrets.put("sfbridge/salesforce", "{\"consumerKey\":\"k\",\"username\":\"u\",\"privateKey\":\"-----BEGIN PRIVATE KEY-----\\nMIIEleaked\\n\"}");
        assertEquals("the secret's privateKey is not an RSA private key in PKCS#8 PEM",
                assertThrows(SalesforceException.class, endpoint::fetch).getMessage());

        assertEquals(0, salesforce.tokenRequests(), "nothing was sent without a usable secret");
        logLines.forEach(line -> assertFalse(line.contains("leaked"), line));
    }
}
