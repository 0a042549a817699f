package dev.sfbridge.listener;

import dev.sfbridge.model.SalesforceIds;
import java.util.Set;
import java.util.TreeSet;

/**
 * The Salesforce users whose sessions may send ({@code ALLOWED_SENDER_USER_IDS}): an outbound message carries
 * the session of its "User to send as", so listing those users keeps out every other API user of an allowed
 * org, who could otherwise post a message of their own making with their own session. A user ID is unique
 * across orgs, so one flat list serves every org. Unset, any user of an allowed org may send.
 */
public final class SenderUserAllowlist {
    static final String SETTING = "ALLOWED_SENDER_USER_IDS";
    /** Every user's ID starts with the User object's key prefix. */
    private static final String USER_KEY_PREFIX = "005";

    /** No list: any user of an allowed org may send. */
    public static final SenderUserAllowlist ANY_USER = new SenderUserAllowlist(Set.of());

    private final Set<String> users;

    private SenderUserAllowlist(Set<String> users) {
        this.users = users;
    }

    /** @param commaSeparated user IDs, 15 or 18 characters each; blank for {@link #ANY_USER} */
    public static SenderUserAllowlist parse(String commaSeparated) {
        return new SenderUserAllowlist(SalesforceIdList.parse(SETTING, commaSeparated, "user", USER_KEY_PREFIX));
    }

    /** False when any user may send. */
    public boolean isSet() {
        return !users.isEmpty();
    }

    /** @param userId the session's user as UserInfo named it; null when it named none */
    public boolean allows(String userId) {
        return !isSet() || SalesforceIds.isValid(userId) && users.contains(SalesforceIds.to18(userId));
    }

    /** The listed IDs in their 18-character form, sorted: user IDs are no secret, and the start's log line names them. */
    Set<String> ids() {
        return new TreeSet<>(users);
    }
}
