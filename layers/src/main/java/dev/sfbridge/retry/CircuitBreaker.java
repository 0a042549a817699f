package dev.sfbridge.retry;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Stops calling a peer that keeps failing: {@code failureThreshold} failures in a row open the circuit, and
 * callers are refused at once for a cool-down; then one caller is let through as a probe (half-open), and its
 * success closes the circuit, its failure opens it again for twice the cool-down, up to {@code maxCoolDown}:
 * a peer down for a day sees a probe every few minutes, not every half minute. A probe that never reports back
 * (its item never reached the peer, its thread died) is replaced by another after a further cool-down.
 * Lock-free: the state is one immutable value swapped with compare-and-set, so no thread ever holds a lock while
 * another waits on the network (virtual threads would pin their carrier on {@code synchronized}).
 */
public final class CircuitBreaker {
    /** The circuit's states, as metrics and logs name them. */
    public enum Phase { CLOSED, OPEN, HALF_OPEN }

    /** Told of every change of phase, once, by the thread that made it. */
    @FunctionalInterface
    public interface Listener {
        void changed(String name, Phase from, Phase to);
    }

    private sealed interface State {
        Phase phase();
    }

    private record Closed(int failures) implements State {
        public Phase phase() {
            return Phase.CLOSED;
        }
    }

    /** {@code openings}: how often it opened since it was last closed, which sets the cool-down. */
    private record Open(Instant until, int openings) implements State {
        public Phase phase() {
            return Phase.OPEN;
        }
    }

    private record HalfOpen(Instant probeGivenUpAt, int openings) implements State {
        public Phase phase() {
            return Phase.HALF_OPEN;
        }
    }

    private static final Closed CLOSED = new Closed(0);

    private final String name;
    private final int failureThreshold;
    private final Duration coolDown;
    private final Duration maxCoolDown;
    private final Clock clock;
    private final Listener listener;
    private final AtomicReference<State> state = new AtomicReference<>(CLOSED);

    /**
     * @param name     what the circuit guards, for the listener: the peer's base URL
     * @param coolDown how long it stays open the first time; each failed probe doubles it, up to {@code maxCoolDown}
     */
    public CircuitBreaker(String name, int failureThreshold, Duration coolDown, Duration maxCoolDown, Clock clock, Listener listener) {
        if (failureThreshold < 1 || !coolDown.isPositive() || maxCoolDown.compareTo(coolDown) < 0) {
            throw new IllegalArgumentException("a circuit needs a failure threshold of at least 1 and 0 < coolDown <= maxCoolDown");
        }
        this.name = name;
        this.failureThreshold = failureThreshold;
        this.coolDown = coolDown;
        this.maxCoolDown = maxCoolDown;
        this.clock = clock;
        this.listener = listener;
    }

    public Phase phase() {
        return state.get().phase();
    }

    /**
     * Whether the caller may call the peer now. While open, no; once the cool-down has passed, yes for exactly
     * one caller, the probe, until it reports {@link #succeeded} or {@link #failed}.
     */
    public boolean tryAcquire() {
        while (true) {
            State current = state.get();
            Instant now = clock.instant();
            switch (current) {
                case Closed closed -> {
                    return true;
                }
                case Open open when now.isBefore(open.until()) -> {
                    return false;
                }
                case HalfOpen probing when now.isBefore(probing.probeGivenUpAt()) -> {
                    return false;
                }
                case Open expired -> {
                    if (move(current, new HalfOpen(now.plus(coolDown(expired.openings())), expired.openings()))) {
                        return true;
                    }
                }
                case HalfOpen lostProbe -> {
                    if (move(current, new HalfOpen(now.plus(coolDown(lostProbe.openings())), lostProbe.openings()))) {
                        return true;
                    }
                }
            }
        }
    }

    /**
     * A caller let through did not call the peer after all (its own time ran out first): if it was the probe, the
     * next caller is the probe at once, where the circuit would wait for it until the probe is given up, refusing
     * everyone meanwhile though the peer was never asked. A caller let through while the circuit was closed cannot
     * tell whether a probe is out now; if it is, a second one goes through, which is harmless: the first answer to
     * come back decides.
     */
    public void notCalled() {
        State current = state.get();
        if (current instanceof HalfOpen probing) {
            // a lost race means another caller moved the circuit on: nothing is left to give back
            move(current, new HalfOpen(clock.instant(), probing.openings()));
        }
    }

    /** How long callers are refused from now: empty unless the circuit is open. */
    public Optional<Duration> openFor() {
        if (state.get() instanceof Open open) {
            Duration left = Duration.between(clock.instant(), open.until());
            return left.isPositive() ? Optional.of(left) : Optional.empty();
        }
        return Optional.empty();
    }

    /** The peer answered: the failures in a row start again from none, and a probe closes the circuit. */
    public void succeeded() {
        while (true) {
            State current = state.get();
            if (current.equals(CLOSED) || move(current, CLOSED)) {
                return;
            }
        }
    }

    /** The peer failed: the threshold-th failure in a row, or a probe's, opens the circuit. */
    public void failed() {
        while (true) {
            State current = state.get();
            State next = switch (current) {
                case Closed closed when closed.failures() + 1 < failureThreshold -> new Closed(closed.failures() + 1);
                case Closed closed -> new Open(clock.instant().plus(coolDown(1)), 1);
                case HalfOpen probing -> new Open(clock.instant().plus(coolDown(probing.openings() + 1)), probing.openings() + 1);
                // callers let through before it opened report late: the cool-down already runs
                case Open open -> open;
            };
            if (next == current || move(current, next)) {
                return;
            }
        }
    }

    /** The cool-down of the circuit's {@code openings}-th opening since it was closed. */
    public Duration coolDown(int openings) {
        Duration grown = coolDown;
        for (int i = 1; i < openings && grown.compareTo(maxCoolDown) < 0; i++) {
            grown = grown.multipliedBy(2);
        }
        return grown.compareTo(maxCoolDown) > 0 ? maxCoolDown : grown;
    }

    private boolean move(State from, State to) {
        if (!state.compareAndSet(from, to)) {
            return false;
        }
        if (from.phase() != to.phase()) {
            listener.changed(name, from.phase(), to.phase());
        }
        return true;
    }
}
