package dev.sfbridge.salesforce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.sfbridge.model.InstanceUrl;
import dev.sfbridge.model.SessionId;
import dev.sfbridge.retry.Retry;
import dev.sfbridge.testing.SalesforceSimulator;
import dev.sfbridge.testing.TestIds;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.retries.api.BackoffStrategy;

/** Whose a session is, as the instance asked says: identity, refusal, or a failure to retry that never holds the session. */
class UserInfoEndpointTest {
    private final SalesforceSimulator salesforce = new SalesforceSimulator();
    private final InstanceUrl instance = InstanceUrl.of(salesforce.instanceUrl().toString()).orElseThrow();
    private final UserInfoEndpoint endpoint = endpoint(Duration.ofSeconds(5));

    @AfterEach
    void stop() {
        salesforce.close();
    }

    @Test
    void aLiveSessionIsItsUsersOfItsOrg() throws Exception {
        SessionId session = new SessionId(salesforce.newSession());

        UserInfoEndpoint.Answer answer = endpoint.ask(instance, session);

        assertEquals(new UserInfoEndpoint.Identity(TestIds.ORG, TestIds.id("005", 1)), answer);
        assertEquals(1, salesforce.userInfoRequests());
    }

    @Test
    void anExpiredOrUnknownSessionIsRefused() throws Exception {
        String session = salesforce.newSession();
        salesforce.expire(session);

        assertEquals(new UserInfoEndpoint.Refused(403), endpoint.ask(instance, new SessionId(session)));
        assertEquals(new UserInfoEndpoint.Refused(403), endpoint.ask(instance, new SessionId(TestIds.ORG.substring(0, 15) + "!AQunknown")));
    }

    @Test
    void fiveHundredsAreRetriedThenThrownAsRetryableWithoutTheSession() {
        String session = salesforce.newSession();
        salesforce.failNextUserInfo(3, 503);

        SalesforceException failure = assertThrows(SalesforceException.class, () -> endpoint.ask(instance, new SessionId(session)));

        assertEquals(SalesforceException.Kind.RETRYABLE, failure.kind());
        assertEquals(503, failure.status());
        assertEquals(3, salesforce.userInfoRequests());
        assertFalse(failure.getMessage().contains(session));
    }

    @Test
    void oneFiveHundredThenAnAnswerIsAnIdentity() throws Exception {
        String session = salesforce.newSession();
        salesforce.failNextUserInfo(1, 502);

        assertEquals(TestIds.ORG, ((UserInfoEndpoint.Identity) endpoint.ask(instance, new SessionId(session))).organizationId());
        assertEquals(2, salesforce.userInfoRequests());
    }

    @Test
    void noAnswerInTimeIsRetryable() {
        String session = salesforce.newSession();
        salesforce.delayUserInfo(Duration.ofSeconds(3));

        SalesforceException failure = assertThrows(SalesforceException.class,
                () -> endpoint(Duration.ofMillis(300)).ask(instance, new SessionId(session)));

        assertEquals(SalesforceException.Kind.RETRYABLE, failure.kind());
        assertEquals(0, failure.status());
        assertFalse(failure.getMessage().contains(session));
    }

    private static UserInfoEndpoint endpoint(Duration requestTimeout) {
        return new UserInfoEndpoint(SalesforceHttp.create(Duration.ofSeconds(2), requestTimeout,
                new Retry(3, BackoffStrategy.retryImmediately(), d -> { })));
    }
}
