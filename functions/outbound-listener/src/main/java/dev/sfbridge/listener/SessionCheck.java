package dev.sfbridge.listener;

import dev.sfbridge.cache.Cached;
import dev.sfbridge.contract.FaultCode;
import dev.sfbridge.contract.OutboundMessage;
import dev.sfbridge.contract.OutboundMessageRejected;
import dev.sfbridge.model.InstanceUrl;
import dev.sfbridge.model.SalesforceIds;
import dev.sfbridge.model.SessionId;
import dev.sfbridge.salesforce.SalesforceException;
import dev.sfbridge.salesforce.UserInfoEndpoint;
import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The sender is the org whose live session the message carries: the instance the message names is asked
 * whose session it is ({@link UserInfoEndpoint}), and the answer must be the message's org. Only Salesforce and
 * the session's holder have a live session of the org, and an instance answers only for sessions it took. When
 * {@code ALLOWED_SENDER_USER_IDS} is set, the session's user must be one of them as well: any API user of the
 * org holds a live session of it, and Salesforce sends as the outbound message's "User to send as" only.
 *
 * <p>The verdict is kept per (instance, session) for {@code verdictTtl}, a refusal as much as an identity, so a
 * session costs one call however many messages carry it; callers that meet a verification in flight wait for
 * it ({@link Cached}). What is kept is the identity, not the judgement: each message is judged against its own
 * org and the users allowed. A failure to reach Salesforce is not kept: the next delivery asks again.
 */
final class SessionCheck implements SenderCheck {
    /** Verdicts kept, least recently used dropped first: far more sessions than one org's users hold at once. */
    static final int VERDICTS_KEPT = 10_000;

    /** Whose a session is, as the instance asked says: {@link UserInfoEndpoint#ask} over HTTP. */
    @FunctionalInterface
    interface Identities {
        UserInfoEndpoint.Answer ask(InstanceUrl instance, SessionId session) throws SalesforceException;
    }

    private record Key(InstanceUrl instance, SessionId session) {}

    private final Identities userInfo;
    private final SenderUserAllowlist senderUsers;
    private final Duration verdictTtl;
    private final Clock clock;
    private final Map<Key, Cached<UserInfoEndpoint.Answer, SalesforceException>> verdicts = Collections.synchronizedMap(
            new LinkedHashMap<>(64, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<Key, Cached<UserInfoEndpoint.Answer, SalesforceException>> eldest) {
                    return size() > VERDICTS_KEPT;
                }
            });

    SessionCheck(Identities userInfo, SenderUserAllowlist senderUsers, Duration verdictTtl, Clock clock) {
        this.userInfo = userInfo;
        this.senderUsers = senderUsers;
        this.verdictTtl = verdictTtl;
        this.clock = clock;
    }

    @Override
    public void verify(OutboundMessage message, InstanceUrl instance, ListenerRequest request) throws OutboundMessageRejected {
        SessionId session = message.sessionId();
        if (session == null) {
            // Salesforce stopped sending sessions in outbound messages in February 2026 (docs/listener.md, "Who sent it"):
            // the fault says what the operator, not the org's admin, has to change
            throw new OutboundMessageRejected("missing_session", "the message carries no session ID, and this endpoint verifies "
                    + "the sender by its session (SENDER_VERIFICATION session); Salesforce no longer sends session IDs in outbound "
                    + "messages since February 2026: deploy with SenderVerification url-secret or mtls");
        }
        UserInfoEndpoint.Answer answer = verdict(instance, session);
        if (answer instanceof UserInfoEndpoint.Refused refused) {
            throw new OutboundMessageRejected("session_refused", "Salesforce at host " + instance.host()
                    + " refused the message's session (HTTP " + refused.status() + "): it is no live session of that instance");
        }
        UserInfoEndpoint.Identity identity = (UserInfoEndpoint.Identity) answer;
        if (!identity.organizationId().equals(SalesforceIds.to18(message.organizationId()))) {
            throw new OutboundMessageRejected("foreign_session", "the message's session belongs to organization "
                    + identity.organizationId() + ", not to " + message.organizationId() + " which the message names");
        }
        if (!senderUsers.allows(identity.userId())) {
            // only a valid ID goes into the fault: what else UserInfo said is no business of the sender's
            String user = SalesforceIds.isValid(identity.userId()) ? "user " + identity.userId() : "a user UserInfo did not name";
            throw new OutboundMessageRejected("sender_user_not_allowed", "the message's session belongs to " + user
                    + ", who is not in " + SenderUserAllowlist.SETTING + ": only the outbound message's User to send as may send");
        }
    }

    private UserInfoEndpoint.Answer verdict(InstanceUrl instance, SessionId session) throws OutboundMessageRejected {
        Cached<UserInfoEndpoint.Answer, SalesforceException> verdict = verdicts.computeIfAbsent(new Key(instance, session),
                key -> Cached.expiring(() -> userInfo.ask(instance, session), SalesforceException.class, verdictTtl, Duration.ZERO, clock));
        try {
            return verdict.get();
        } catch (SalesforceException e) {
            throw unverified(instance, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unverified(instance, "interrupted");
        }
    }

    private static OutboundMessageRejected unverified(InstanceUrl instance, String why) {
        return new OutboundMessageRejected(FaultCode.SERVER, "session_unverified", "the session could not be verified with Salesforce at host "
                + instance.host() + " (" + why + "); deliver again");
    }
}
