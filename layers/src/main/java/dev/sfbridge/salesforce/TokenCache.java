package dev.sfbridge.salesforce;

import dev.sfbridge.cache.Cached;

/**
 * The OAuth access token, kept for the life of the container and shared by every call, until a 401 says
 * otherwise. A replacement is fetched once per failure, not once per caller: callers that saw the same
 * token refused wait for the one request already on its way and share its answer, or its failure; a
 * caller whose refused token was replaced meanwhile gets the replacement without asking again.
 */
public final class TokenCache {
    private final Cached<AccessToken, SalesforceException> token;

    public TokenCache(TokenSource source) {
        this.token = Cached.untilRejected(source::fetch, SalesforceException.class);
    }

    /** The cached token, fetched first if there is none yet. */
    public AccessToken current() throws SalesforceException {
        return replacing(null);
    }

    /**
     * A token other than {@code rejected}: the cached one unless it is the one refused (or there is none),
     * else a new one from the request in flight, which the first caller to get here starts.
     */
    public AccessToken replacing(AccessToken rejected) throws SalesforceException {
        if (rejected != null) {
            token.invalidate(rejected);
        }
        try {
            return token.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SalesforceException(SalesforceException.Kind.RETRYABLE, 0, "interrupted while waiting for a token");
        }
    }
}
