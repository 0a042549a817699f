package dev.sfbridge.cache;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * One value fetched from a remote source (a token, a secret) and shared by every caller of a warm
 * function, with the four rules each of sfbridge's caches needs:
 * <ul>
 *   <li><b>A time to live</b>, counted from when the fetch started, so a value is never kept longer
 *       than its source meant; {@link Lifetime#UNTIL_REJECTED} keeps it until a peer refuses it.</li>
 *   <li><b>One fetch in flight.</b> Callers that find no fresh value while a fetch is on its way wait
 *       for that fetch and share its answer or its failure; only one of them calls the source.</li>
 *   <li><b>Invalidation of a rejected value</b> ({@link #invalidate}), only while that value is still the
 *       one held: a late 401 for a value already replaced changes nothing. A fetch started before the
 *       invalidation answers the callers that were waiting for it, but its value is not kept: it may be
 *       the one just refused.</li>
 *   <li><b>The held value served while a refresh fails</b>, for the {@link Lifetime#servedStaleFor}
 *       each value allows after it expires; past that, or with nothing held, or after the value was
 *       rejected, the failure reaches the caller.</li>
 * </ul>
 *
 * <p>No monitor is held while the source is called, nor at all: state changes are compare-and-set on an
 * immutable snapshot, and waiting is on a {@link CompletableFuture}. Callers are virtual threads, and on
 * Java 21 (Lambda's {@code java21} runtime) a virtual thread blocked inside {@code synchronized} pins its
 * carrier thread (JEP 444); that is only fixed from JDK 24 (JEP 491). See docs/erp-api.md, "Caches".
 *
 * @param <T> the value; {@link Object#equals} says whether a rejected value is the one held
 * @param <E> the checked failure of the source, handed to callers as it is
 */
public final class Cached<T, E extends Exception> {
    /** Where a new value comes from. Called by one caller at a time, never under a lock. */
    @FunctionalInterface
    public interface Source<T, E extends Exception> {
        T fetch() throws E, InterruptedException;
    }

    /**
     * How long one value is used.
     *
     * @param freshFor       from the start of the fetch that got it, how long it is used without asking again
     * @param servedStaleFor after that, how long it is still used while fetching a replacement fails
     */
    public record Lifetime(Duration freshFor, Duration servedStaleFor) {
        /** Fresh until a peer refuses it; never stale, so never served stale either. */
        public static final Lifetime UNTIL_REJECTED = new Lifetime(null, Duration.ZERO);

        public Lifetime {
            Objects.requireNonNull(servedStaleFor, "servedStaleFor");
        }
    }

    private record Held<T>(T value, Instant staleAt, Instant unusableAt) {}

    private record Flight<T>(CompletableFuture<Held<T>> answer, Thread fetcher) {}

    /** What is known at one moment; replaced whole, never changed. */
    private record State<T>(Held<T> held, Flight<T> inFlight) {}

    private final Source<T, E> source;
    private final Class<E> failureType;
    private final Function<? super T, Lifetime> lifetime;
    private final Clock clock;
    private final AtomicReference<State<T>> state = new AtomicReference<>(new State<>(null, null));

    /**
     * @param failureType the source's checked failure, so it reaches every waiting caller with its own type
     * @param lifetime    how long each value is used; it may depend on the value (a token's {@code expires_in})
     */
    public Cached(Source<T, E> source, Class<E> failureType, Function<? super T, Lifetime> lifetime, Clock clock) {
        this.source = Objects.requireNonNull(source, "source");
        this.failureType = Objects.requireNonNull(failureType, "failureType");
        this.lifetime = Objects.requireNonNull(lifetime, "lifetime");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Every value for the same time: {@code ttl} fresh, then up to {@code servedStaleFor} while a refresh fails. */
    public static <T, E extends Exception> Cached<T, E> expiring(Source<T, E> source, Class<E> failureType,
                                                                 Duration ttl, Duration servedStaleFor, Clock clock) {
        Lifetime each = new Lifetime(ttl, servedStaleFor);
        return new Cached<>(source, failureType, value -> each, clock);
    }

    /** Every value until a peer refuses it. */
    public static <T, E extends Exception> Cached<T, E> untilRejected(Source<T, E> source, Class<E> failureType) {
        return new Cached<>(source, failureType, value -> Lifetime.UNTIL_REJECTED, Clock.systemUTC());
    }

    /**
     * The value held if it is fresh; otherwise the answer of the fetch in flight, which the first caller
     * to get here starts. When that fetch fails, the held value if it may still be served stale.
     *
     * @throws E the source's failure, when there is no value that may be served
     */
    public T get() throws E, InterruptedException {
        while (true) {
            State<T> seen = state.get();
            Instant now = clock.instant();
            if (seen.held() != null && now.isBefore(seen.held().staleAt())) {
                return seen.held().value();
            }
            Flight<T> flight = seen.inFlight();
            if (flight == null) {
                flight = new Flight<>(new CompletableFuture<>(), Thread.currentThread());
                if (!state.compareAndSet(seen, new State<>(seen.held(), flight))) {
                    continue; // someone else changed the state first: look again
                }
                fetch(flight, now);
            }
            try {
                return flight.answer().get().value();
            } catch (ExecutionException e) {
                if (e.getCause() instanceof InterruptedException && flight.fetcher() != Thread.currentThread()) {
                    continue; // the caller who fetched was interrupted, not this one: fetch again
                }
                T stale = stale(e.getCause());
                if (stale != null) {
                    return stale;
                }
                throw rethrown(e.getCause());
            }
        }
    }

    /**
     * A peer refused {@code rejected}: if it is still the value held, it is dropped, never served again
     * (not even stale), and the next {@link #get()} fetches anew; a fetch already on its way is not kept.
     * If another value is held by now, nothing changes.
     */
    public void invalidate(T rejected) {
        state.updateAndGet(s -> s.held() != null && s.held().value().equals(rejected) ? new State<>(null, null) : s);
    }

    private void fetch(Flight<T> flight, Instant startedAt) throws InterruptedException {
        Held<T> fetched;
        try {
            T value = Objects.requireNonNull(source.fetch(), "the source answered null");
            fetched = held(value, startedAt);
        } catch (Exception | Error e) {
            // the flight ends before its callers hear of it, so a caller who looks again starts a new one
            state.updateAndGet(s -> s.inFlight() == flight ? new State<>(s.held(), null) : s);
            flight.answer().completeExceptionally(e);
            if (e instanceof InterruptedException) {
                throw (InterruptedException) e;
            }
            return;
        }
        // kept only if no invalidation dropped this flight meanwhile: its value may be the refused one
        state.updateAndGet(s -> s.inFlight() == flight ? new State<>(fetched, null) : s);
        flight.answer().complete(fetched);
    }

    private Held<T> held(T value, Instant fetchedFrom) {
        Lifetime life = lifetime.apply(value);
        if (life.freshFor() == null) {
            return new Held<>(value, Instant.MAX, Instant.MAX);
        }
        Instant staleAt = plus(fetchedFrom, life.freshFor());
        return new Held<>(value, staleAt, plus(staleAt, life.servedStaleFor()));
    }

    /** The held value when the source failed with its own failure and the value may still be served. */
    private T stale(Throwable failure) {
        Held<T> held = state.get().held();
        boolean servable = failureType.isInstance(failure) && held != null && clock.instant().isBefore(held.unusableAt());
        return servable ? held.value() : null;
    }

    private E rethrown(Throwable failure) {
        if (failureType.isInstance(failure)) {
            return failureType.cast(failure);
        }
        if (failure instanceof RuntimeException runtime) {
            throw runtime;
        }
        if (failure instanceof Error error) {
            throw error;
        }
        throw new IllegalStateException("the source failed with an undeclared exception", failure);
    }

    private static Instant plus(Instant instant, Duration duration) {
        return Duration.between(instant, Instant.MAX).compareTo(duration) <= 0 ? Instant.MAX : instant.plus(duration);
    }
}
