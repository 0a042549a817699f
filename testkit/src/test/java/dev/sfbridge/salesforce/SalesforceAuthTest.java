package dev.sfbridge.salesforce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sfbridge.model.SessionId;
import dev.sfbridge.observability.JsonLog;
import dev.sfbridge.retry.Retry;
import dev.sfbridge.salesforce.SalesforceException.Kind;
import dev.sfbridge.testing.RecordingMetrics;
import dev.sfbridge.testing.SalesforceSimulator;
import dev.sfbridge.testing.StaticSecretsManager;
import dev.sfbridge.testing.TestIds;
import dev.sfbridge.testing.TestKeys;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.retries.api.BackoffStrategy;

class SalesforceAuthTest {
    private final SalesforceSimulator salesforce = new SalesforceSimulator();
    private final SalesforceHttp http = SalesforceHttp.create(Duration.ofSeconds(2), Duration.ofSeconds(5),
            new Retry(3, BackoffStrategy.retryImmediately(), d -> { }));
    private final HttpSalesforceClient client = new HttpSalesforceClient(http, "62.0");
    private final SalesforceAuth auth;
    private final String recordId = TestIds.id("006", 1);
    private final RecordUpdate update = new RecordUpdate("Opportunity", recordId, Map.of("ERP_Order_Number__c", "SO-1"));

    SalesforceAuthTest() throws Exception {
        salesforce.trustJwtBearer(TokenEndpointTest.CONSUMER_KEY, TokenEndpointTest.USERNAME, TestKeys.publicKey(TestKeys.connectedApp()));
        StaticSecretsManager secrets = new StaticSecretsManager().put("sf", TokenEndpointTest.jwtSecret(TokenEndpointTest.CONSUMER_KEY,
                TokenEndpointTest.USERNAME, TestKeys.pkcs8Pem(TestKeys.connectedApp().getPrivate())));
        TokenEndpoint endpoint = new TokenEndpoint(http, salesforce.loginUrl(), OAuthFlow.JWT_BEARER,
                ConnectedAppSecret.fromSecretsManager(secrets, "sf"), new JsonLog(line -> { }, Clock.systemUTC()),
                new RecordingMetrics(), Clock.systemUTC());
        auth = new SalesforceAuth(TestIds.ORG.substring(0, 15), new TokenCache(endpoint));
        salesforce.addRecord("Opportunity", recordId);
    }

    @AfterEach
    void stop() {
        salesforce.close();
    }

    private WriteResult write(String org, SessionId session, String instanceUrl) throws SalesforceException {
        return auth.call(org, session, instanceUrl, token -> client.updateRecord(token, update));
    }

    /** The org's own session (or none) with the org's own instance URL, as the org's messages carry them. */
    private void writeToTheOrgsInstance(SessionId session) throws SalesforceException {
        write(TestIds.ORG, session, salesforce.instanceUrl().toString());
    }

    /** What the org's simulator saw: token requests, API calls, and the API calls it refused. */
    private void assertSalesforceSaw(int tokenRequests, int apiCalls, int refusedCalls, String why) {
        assertEquals(List.of(tokenRequests, apiCalls, refusedCalls),
                List.of(salesforce.tokenRequests(), salesforce.apiCalls(), salesforce.refusedCalls()),
                "token requests, API calls, refused calls: " + why);
    }

    private void assertTheRecordWasWritten() {
        assertEquals("SO-1", salesforce.fields(recordId).get("ERP_Order_Number__c"));
    }

    @Test
    void aLiveSessionIsUsedAndNoTokenIsRequested() throws Exception {
        writeToTheOrgsInstance(new SessionId(salesforce.newSession()));

        assertSalesforceSaw(0, 1, 0, "the session's call alone");
    }

    @Test
    void anExpiredSessionCostsOneTokenRequestAndIsNotTriedAgain() throws Exception {
        SessionId expired = new SessionId(salesforce.newSession());
        salesforce.expire(expired.reveal());

        writeToTheOrgsInstance(expired);
        writeToTheOrgsInstance(expired);

        assertSalesforceSaw(1, 3, 1, "the second write went straight to the cached token");
        assertTheRecordWasWritten();
    }

    @Test
    void withoutASessionTheTokenIsUsedAgainstTheInstanceUrlThatCameWithIt() throws Exception {
        write(TestIds.ORG, null, null);
        write(TestIds.ORG, null, null);

        assertSalesforceSaw(1, 2, 0, "one token for both writes");
    }

    @Test
    void anOAuthTokenNeverGoesToTheInstanceUrlAMessageNamed() throws Exception {
        try (SalesforceSimulator elsewhere = new SalesforceSimulator()) {
            SessionId foreign = new SessionId("00D000000000001!AQforeign");

            write(TestIds.ORG, foreign, elsewhere.instanceUrl().toString());

            assertEquals(1, elsewhere.apiCalls(), "only the message's own session went there");
            assertEquals(List.of(), elsewhere.issuedTokens());
            assertEquals(1, salesforce.apiCalls());
            assertTheRecordWasWritten();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"00D000000000001!AQ\r\nX-Injected: 1", "00D000000000001!AQ s", "00D000000000001!AQ\u00e9"})
    void aSessionThatCannotBeSentCountsAsRefusedAndTheCallGoesWithOAuth(String unsendable) throws Exception {
        SessionId session = new SessionId(unsendable);

        assertFalse(auth.usable(TestIds.ORG, session, salesforce.instanceUrl().toString()));
        writeToTheOrgsInstance(session);

        assertSalesforceSaw(1, 1, 0, "only the call with the token");
        assertTheRecordWasWritten();
    }

    @Test
    void aSessionOfAnotherOrgIsNeverSent() throws Exception {
        try (SalesforceSimulator elsewhere = new SalesforceSimulator(TestIds.OTHER_ORG, Clock.systemUTC())) {
            SessionId otherOrgs = new SessionId(elsewhere.newSession());

            assertFalse(auth.usable(TestIds.ORG, otherOrgs, elsewhere.instanceUrl().toString()));
            write(TestIds.ORG, otherOrgs, elsewhere.instanceUrl().toString());

            assertEquals(0, elsewhere.apiCalls());
            assertEquals(1, salesforce.apiCalls(), "the OAuth token's call, to the org's own instance");
            assertTrue(auth.usable(TestIds.OTHER_ORG, otherOrgs, elsewhere.instanceUrl().toString()), "it is that org's own");
        }
    }

    @Test
    void aTokenRefusedAgainAfterItsReplacementReachesTheCaller() throws Exception {
        write(TestIds.ORG, null, null);
        salesforce.expireTokens();

        write(TestIds.ORG, null, null);
        assertEquals(2, salesforce.tokenRequests(), "the refused token was replaced once");

        salesforce.failNextCalls(2, 401, "INVALID_SESSION_ID");
        SalesforceException e = assertThrows(SalesforceException.class, () -> write(TestIds.ORG, null, null));
        assertEquals(Kind.SESSION_INVALID, e.kind());
        assertEquals(3, salesforce.tokenRequests(), "one replacement per failure, not a loop");
    }

    @Test
    void anotherOrgWithoutAUsableSessionCannotUseTheseOAuthCredentials() {
        SalesforceException e = assertThrows(SalesforceException.class, () -> write(TestIds.OTHER_ORG, null, null));

        assertEquals(Kind.PERMANENT, e.kind());
        assertSalesforceSaw(0, 0, 0, "no call at all");
    }
}
