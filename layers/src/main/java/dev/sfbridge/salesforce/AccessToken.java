package dev.sfbridge.salesforce;

import dev.sfbridge.model.SessionId;
import java.net.URI;
import java.util.Objects;

/**
 * A bearer credential and the instance it is good for: an outbound message's session ID, or an OAuth
 * access token with the {@code instance_url} that came with it. A live credential: {@link #toString()}
 * never shows it, so it cannot reach a log line or an exception message by accident.
 */
public final class AccessToken {
    /** Where the credential came from: decides what a 401 means for it. */
    public enum Source { SESSION_ID, OAUTH }

    private final URI instanceUrl;
    private final String value;
    private final Source source;

    public AccessToken(URI instanceUrl, String value, Source source) {
        this.instanceUrl = Objects.requireNonNull(instanceUrl, "instanceUrl");
        if (!canBeSent(value)) {
            throw new IllegalArgumentException("an access token is visible ASCII, at least one character");
        }
        this.value = value;
        this.source = Objects.requireNonNull(source, "source");
    }

    /**
     * Whether {@code value} can follow {@code Bearer } in an Authorization header: visible ASCII and nothing
     * else (RFC 9110 §5.5 field values; Salesforce's session IDs and tokens are letters, digits and {@code !._}).
     * A CR, LF, space or non-ASCII character would make the request unsendable, or split it.
     */
    public static boolean canBeSent(String value) {
        return value != null && !value.isEmpty() && value.chars().allMatch(c -> c > 0x20 && c < 0x7F);
    }

    public static AccessToken ofSession(URI instanceUrl, SessionId session) {
        return new AccessToken(instanceUrl, session.reveal(), Source.SESSION_ID);
    }

    public URI instanceUrl() {
        return instanceUrl;
    }

    public Source source() {
        return source;
    }

    /** The value, for the Authorization header and nothing else. */
    public String reveal() {
        return value;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AccessToken other && value.equals(other.value) && instanceUrl.equals(other.instanceUrl)
                && source == other.source;
    }

    @Override
    public int hashCode() {
        return Objects.hash(value, instanceUrl, source);
    }

    @Override
    public String toString() {
        return "AccessToken[" + source + " for " + instanceUrl + ", redacted]";
    }
}
