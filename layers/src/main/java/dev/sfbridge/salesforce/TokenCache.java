package dev.sfbridge.salesforce;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The OAuth access token, kept for the life of the container and shared by every call, until a 401 says
 * otherwise. A replacement is fetched once per failure, not once per caller: callers that saw the same
 * token refused wait for the one request already on its way and share its answer, or its failure; a
 * caller whose refused token was replaced meanwhile gets the replacement without asking again.
 */
public final class TokenCache {
    private final TokenSource source;
    // a ReentrantLock, not synchronized: callers are virtual threads, which synchronized pins on Java 21
    private final ReentrantLock lock = new ReentrantLock();
    private AccessToken current;
    private CompletableFuture<AccessToken> inFlight;

    public TokenCache(TokenSource source) {
        this.source = source;
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
        CompletableFuture<AccessToken> flight;
        boolean mine = false;
        lock.lock();
        try {
            if (current != null && !current.equals(rejected)) {
                return current;
            }
            if (inFlight == null) {
                inFlight = new CompletableFuture<>();
                mine = true;
            }
            flight = inFlight;
        } finally {
            lock.unlock();
        }
        if (mine) {
            fetchInto(flight);
        }
        return await(flight);
    }

    private void fetchInto(CompletableFuture<AccessToken> flight) {
        AccessToken fetched = null;
        Throwable failure = null;
        try {
            fetched = source.fetch();
        } catch (SalesforceException | RuntimeException e) {
            failure = e;
        }
        lock.lock();
        try {
            if (fetched != null) {
                current = fetched;
            }
            inFlight = null;
        } finally {
            lock.unlock();
        }
        if (failure == null) {
            flight.complete(fetched);
        } else {
            flight.completeExceptionally(failure);
        }
    }

    private static AccessToken await(CompletableFuture<AccessToken> flight) throws SalesforceException {
        try {
            return flight.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SalesforceException(SalesforceException.Kind.RETRYABLE, 0, "interrupted while waiting for a token");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof SalesforceException failure) {
                // a copy per waiter: the one failure is thrown in many threads, each with its own stack
                throw new SalesforceException(failure.kind(), failure.status(), failure.getMessage());
            }
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
    }
}
