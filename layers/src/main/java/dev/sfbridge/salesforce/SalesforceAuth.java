package dev.sfbridge.salesforce;

import dev.sfbridge.model.InstanceUrl;
import dev.sfbridge.model.SalesforceIds;
import dev.sfbridge.model.SessionId;
import dev.sfbridge.salesforce.SalesforceException.Kind;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Which credential a call to an org runs with, and what a 401 changes. The outbound message's session ID
 * first, against the instance URL that came with it: it is the org's own, costs no token request, and runs
 * as the user the outbound message names. When there is none, or Salesforce answers 401
 * {@code INVALID_SESSION_ID}, an OAuth token from the {@link TokenCache}, against the {@code instance_url}
 * that came with the token (never the message's: the token goes only where Salesforce said). A cached
 * token refused with 401 is replaced once and the call made once more; a replacement refused too reaches
 * the caller. So a call is made at most three times: session, cached token, new token.
 *
 * <p>A session is tried only where it can be the org's: it can be sent (visible ASCII), begins with the org's
 * 15-character ID and {@code !} as Salesforce's session IDs do, and has an instance URL. One that cannot is
 * treated as refused: the call goes with OAuth, or fails as having no credential. Never an exception that
 * would fail, and retry, every other caller's records along with it.
 *
 * <p>The OAuth credentials belong to one org. A call for another org has only its session.
 */
public final class SalesforceAuth {
    /** Sessions seen refused are not tried again: every callback of one outbound message carries the same one. */
    private static final int REFUSED_SESSIONS_KEPT = 1024;

    private final String oauthOrganizationId;
    private final TokenCache tokens;
    private final Set<SessionId> refusedSessions = Collections.synchronizedSet(Collections.newSetFromMap(
            new LinkedHashMap<>() {
                @Override
                protected boolean removeEldestEntry(Map.Entry<SessionId, Boolean> eldest) {
                    return size() > REFUSED_SESSIONS_KEPT;
                }
            }));

    /** @param oauthOrganizationId the org the connected app's credentials log in to (15 or 18 characters) */
    public SalesforceAuth(String oauthOrganizationId, TokenCache tokens) {
        this.oauthOrganizationId = SalesforceIds.to18(oauthOrganizationId);
        this.tokens = tokens;
    }

    /** A call made with a credential; it throws {@link Kind#SESSION_INVALID} on a 401. */
    @FunctionalInterface
    public interface AuthenticatedCall<T> {
        T apply(AccessToken token) throws SalesforceException;
    }

    /**
     * @param session     the outbound message's session ID, or null
     * @param instanceUrl where that session is good ({@code https://host}, as the listener checked it), or null
     */
    public <T> T call(String organizationId, SessionId session, String instanceUrl, AuthenticatedCall<T> call)
            throws SalesforceException {
        AccessToken token = sessionToken(organizationId, session, instanceUrl);
        if (token == null) {
            token = oauthToken(organizationId, null);
        }
        boolean tokenReplaced = false;
        while (true) {
            try {
                return call.apply(token);
            } catch (SalesforceException e) {
                if (e.kind() != Kind.SESSION_INVALID || (token.source() == AccessToken.Source.OAUTH && tokenReplaced)) {
                    throw e;
                }
                if (token.source() == AccessToken.Source.SESSION_ID) {
                    refusedSessions.add(session);
                } else {
                    tokenReplaced = true;
                }
                token = oauthToken(organizationId, token);
            }
        }
    }

    /**
     * Whether {@link #call} would try this session first: not when there is none, Salesforce refused it here
     * already, it cannot be sent, it is not of {@code organizationId}, or it has no instance URL. A caller
     * can put the callbacks whose sessions are not usable with those that have none.
     */
    public boolean usable(String organizationId, SessionId session, String instanceUrl) {
        return sessionToken(organizationId, session, instanceUrl) != null;
    }

    private AccessToken sessionToken(String organizationId, SessionId session, String instanceUrl) {
        if (session == null || refusedSessions.contains(session) || !AccessToken.canBeSent(session.reveal())
                || !SalesforceIds.isValid(organizationId) || !session.reveal().startsWith(organizationId.substring(0, 15) + "!")) {
            return null;
        }
        InstanceUrl instance = instanceUrl == null ? null : InstanceUrl.fromQueue(instanceUrl);
        return instance == null ? null : AccessToken.ofSession(instance.uri(), session);
    }

    /** Whether the OAuth credentials log in to this org: a call for it can always go with a token. */
    public boolean hasOAuthFor(String organizationId) {
        return SalesforceIds.isValid(organizationId) && SalesforceIds.to18(organizationId).equals(oauthOrganizationId);
    }

    private AccessToken oauthToken(String organizationId, AccessToken rejected) throws SalesforceException {
        if (!hasOAuthFor(organizationId)) {
            throw new SalesforceException(Kind.PERMANENT, 0, "no valid session for organization " + organizationId
                    + ", and the OAuth credentials are for organization " + oauthOrganizationId);
        }
        return rejected == null ? tokens.current() : tokens.replacing(rejected);
    }
}
