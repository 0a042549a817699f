package dev.sfbridge.salesforce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.sfbridge.salesforce.SalesforceException.Kind;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class TokenCacheTest {
    private static final URI INSTANCE = URI.create("https://sfbridge-dev.my.salesforce.com");

    /** Hands out token-1, token-2, ...; once {@code gated}, each fetch waits for {@code release}. */
    private static final class GatedSource implements TokenSource {
        final AtomicInteger fetches = new AtomicInteger();
        final CountDownLatch waiting = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        volatile boolean gated;
        volatile boolean failing;

        @Override
        public AccessToken fetch() throws SalesforceException {
            int n = fetches.incrementAndGet();
            if (gated) {
                waiting.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }
            if (failing) {
                throw new SalesforceException(Kind.RETRYABLE, 400, "the token endpoint refused the jwt-bearer request: invalid_grant");
            }
            return new AccessToken(INSTANCE, "token-" + n, AccessToken.Source.OAUTH);
        }
    }

    @Test
    void fiftyCallersWhoseTokenWasRefusedShareOneFetch() throws Exception {
        GatedSource source = new GatedSource();
        TokenCache cache = new TokenCache(source);
        AccessToken refused = cache.current();
        source.gated = true;

        List<Future<AccessToken>> replacements = new ArrayList<>();
        CountDownLatch go = new CountDownLatch(1);
        try (ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 50; i++) {
                replacements.add(callers.submit(() -> {
                    go.await();
                    return cache.replacing(refused);
                }));
            }
            go.countDown();
            source.waiting.await();
            source.release.countDown();
            for (Future<AccessToken> replacement : replacements) {
                assertEquals("token-2", replacement.get().reveal());
            }
        }
        assertEquals(2, source.fetches.get(), "the first token, then one request for fifty refusals of it");
    }

    @Test
    void aCallerWhoseRefusedTokenWasAlreadyReplacedGetsTheReplacementWithoutAFetch() throws Exception {
        AtomicInteger fetches = new AtomicInteger();
        TokenCache cache = new TokenCache(() -> new AccessToken(INSTANCE, "token-" + fetches.incrementAndGet(), AccessToken.Source.OAUTH));
        AccessToken first = cache.current();

        AccessToken second = cache.replacing(first);
        AccessToken late = cache.replacing(first);

        assertSame(second, late);
        assertSame(second, cache.current());
        assertEquals(2, fetches.get());
    }

    @Test
    void aRefusedSessionIsReplacedByTheCachedTokenWithoutAFetch() throws Exception {
        AtomicInteger fetches = new AtomicInteger();
        TokenCache cache = new TokenCache(() -> new AccessToken(INSTANCE, "token-" + fetches.incrementAndGet(), AccessToken.Source.OAUTH));
        AccessToken token = cache.current();

        assertSame(token, cache.replacing(new AccessToken(INSTANCE, "00D!session", AccessToken.Source.SESSION_ID)));
        assertEquals(1, fetches.get());
    }

    @Test
    void aFailedFetchReachesItsCallersAndIsNotCached() throws Exception {
        GatedSource source = new GatedSource();
        source.failing = true;
        TokenCache cache = new TokenCache(source);

        SalesforceException e = assertThrows(SalesforceException.class, cache::current);
        assertEquals(Kind.RETRYABLE, e.kind());

        source.failing = false;
        assertEquals("token-2", cache.current().reveal());
    }
}
