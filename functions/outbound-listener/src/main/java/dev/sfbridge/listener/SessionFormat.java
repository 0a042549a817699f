package dev.sfbridge.listener;

import dev.sfbridge.contract.OutboundMessageRejected;
import dev.sfbridge.model.SessionId;

/**
 * The shape of a session ID Salesforce issues: the org's 15-character ID, {@code !}, then the token
 * ({@code 00Dx0000000BV7z!AR8AQ…}: docs/listener.md "Sessions"). The callbacks send it as
 * {@code Authorization: Bearer <session>}, so it must also be a header value that cannot be split: visible
 * ASCII only, no space, bounded. A session that breaks either rule is refused here, before it is sent
 * anywhere, instead of failing every callback that carries it.
 */
final class SessionFormat {
    /** Salesforce's session IDs are about 110 characters; far longer is not one, and no server takes it as a header. */
    static final int MAX_LENGTH = 4096;

    private SessionFormat() {}

    static void check(SessionId session, String organizationId) throws OutboundMessageRejected {
        if (session == null) {
            return;
        }
        String value = session.reveal();
        if (value.length() > MAX_LENGTH || !value.chars().allMatch(c -> c > 0x20 && c < 0x7F)) {
            throw new OutboundMessageRejected("invalid_session", "the session ID is not a valid header value "
                    + "(visible ASCII, no space, at most " + MAX_LENGTH + " characters)");
        }
        String prefix = organizationId.substring(0, 15) + "!";
        if (!value.startsWith(prefix)) {
            throw new OutboundMessageRejected("session_org_mismatch", "the session ID does not begin with the message's org ID "
                    + organizationId.substring(0, 15) + " and '!', as every session of that org does");
        }
    }
}
