package dev.sfbridge.listener;

import dev.sfbridge.model.InstanceUrl;
import dev.sfbridge.retry.Retry;
import dev.sfbridge.salesforce.SalesforceHttp;
import dev.sfbridge.salesforce.UserInfoEndpoint;
import dev.sfbridge.testing.OutboundMessages;
import dev.sfbridge.testing.SalesforceSimulator;
import dev.sfbridge.testing.TestIds;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import software.amazon.awssdk.retries.api.BackoffStrategy;

/**
 * The Salesforce instances test messages name, each served by a simulated org on the loopback: the UserInfo
 * call meant for {@code https://sfbridge-dev.my.salesforce.com} (the messages' default) goes to the allowed
 * org's simulator, the one for {@value #OTHER_HOST} to another org's. The messages keep their real host names,
 * so the listener's host check runs as in production; only where the call lands differs.
 */
final class SimulatedInstances implements AutoCloseable {
    static final String HOST = "sfbridge-dev.my.salesforce.com";
    static final String OTHER_HOST = "other-org.my.salesforce.com";

    /** The allowed org, {@link TestIds#ORG}: it takes the test messages' session. */
    final SalesforceSimulator org = new SalesforceSimulator(TestIds.ORG, Clock.systemUTC());
    /** Another org, {@link TestIds#OTHER_ORG}, on {@value #OTHER_HOST}. */
    final SalesforceSimulator otherOrg = new SalesforceSimulator(TestIds.OTHER_ORG, Clock.systemUTC());

    SimulatedInstances() {
        org.acceptBearer(OutboundMessages.SESSION_ID);
    }

    /** A session check as the listener builds it, calling the simulators, retries without pauses. */
    SessionCheck sessionCheck(SenderUserAllowlist senderUsers, Duration requestTimeout, Duration verdictTtl, Clock clock) {
        UserInfoEndpoint endpoint = new UserInfoEndpoint(SalesforceHttp.create(Duration.ofSeconds(2), requestTimeout,
                new Retry(SenderVerification.ATTEMPTS, BackoffStrategy.retryImmediately(), d -> { })));
        return new SessionCheck((instance, session) -> endpoint.ask(served(instance), session), senderUsers, verdictTtl, clock);
    }

    /** Any user of an org may send, as without ALLOWED_SENDER_USER_IDS. */
    SessionCheck sessionCheck(Duration requestTimeout, Duration verdictTtl, Clock clock) {
        return sessionCheck(SenderUserAllowlist.ANY_USER, requestTimeout, verdictTtl, clock);
    }

    SessionCheck sessionCheck(SenderUserAllowlist senderUsers) {
        return sessionCheck(senderUsers, Duration.ofSeconds(2), SenderVerification.DEFAULT_SESSION_VERDICT_TTL, Clock.systemUTC());
    }

    SessionCheck sessionCheck() {
        return sessionCheck(SenderUserAllowlist.ANY_USER);
    }

    private InstanceUrl served(InstanceUrl named) {
        SalesforceSimulator simulator = Map.of(HOST, org, OTHER_HOST, otherOrg).get(named.host());
        if (simulator == null) {
            throw new AssertionError("the listener asked " + named.host() + ", which no simulator serves");
        }
        return InstanceUrl.of(simulator.instanceUrl().toString()).orElseThrow();
    }

    @Override
    public void close() {
        try (org; otherOrg) {
            // both stopped, the second even when the first fails
        }
    }
}
