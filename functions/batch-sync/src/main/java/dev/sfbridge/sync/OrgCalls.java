package dev.sfbridge.sync;

import dev.sfbridge.retry.Pause;
import dev.sfbridge.salesforce.AccessToken;
import dev.sfbridge.salesforce.SalesforceAuth;
import dev.sfbridge.salesforce.SalesforceException;
import dev.sfbridge.sync.SyncJob.Interrupted;
import dev.sfbridge.sync.SyncJob.Stop;
import dev.sfbridge.sync.SyncJob.SyncFailed;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import software.amazon.awssdk.retries.api.BackoffStrategy;

/**
 * The sync's calls to the org's Bulk API, each through {@link SalesforceAuth} (a refused token is replaced once and
 * the call made again) and its failures sorted for the run: the org unavailable, its quota used up or a token not to
 * be had is {@link Interrupted}; a request Salesforce refuses as such is {@link SyncFailed}.
 */
final class OrgCalls {
    /** One call with a token. */
    @FunctionalInterface
    interface Step<T> {
        T apply(AccessToken token) throws SalesforceException;
    }

    private final SalesforceAuth auth;
    private final String organizationId;
    private final BackoffStrategy pollBackoff;
    private final Pause pause;

    /** @param pollBackoff the waits between two looks at a job in progress: short at first, longer for long jobs */
    OrgCalls(SalesforceAuth auth, String organizationId, BackoffStrategy pollBackoff, Pause pause) {
        this.auth = auth;
        this.organizationId = organizationId;
        this.pollBackoff = pollBackoff;
        this.pause = pause;
    }

    <T> T call(String what, Step<T> step) throws Stop {
        try {
            return auth.call(organizationId, null, null, step::apply);
        } catch (SalesforceException e) {
            throw sorted(what, e);
        }
    }

    /** {@link #call}, but null when Salesforce no longer has what it is about (404: a job deleted or expired). */
    <T> T callUnlessGone(String what, Step<T> step) throws Stop {
        try {
            return auth.call(organizationId, null, null, step::apply);
        } catch (SalesforceException e) {
            if (e.status() == 404) {
                return null;
            }
            throw sorted(what, e);
        }
    }

    /**
     * Looks at a job with {@code look}, with growing waits, until {@code ended} says it has, {@code stop} says to
     * stop, or Salesforce no longer has it; returns it as last seen, null when it is gone. {@code stop} is asked
     * after each wait, right before the next look: the caller's own look at the time covers the first.
     */
    <J> J await(String what, Step<J> look, Predicate<J> ended, BooleanSupplier stop) throws Stop {
        for (int round = 1; ; round++) {
            J job = callUnlessGone(what, look);
            if (job == null || ended.test(job)) {
                return job;
            }
            try {
                pause.pause(pollBackoff.computeDelay(round));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new Interrupted("interrupted while waiting to " + what);
            }
            if (stop.getAsBoolean()) {
                return job;
            }
        }
    }

    private static Stop sorted(String what, SalesforceException e) {
        return switch (e.kind()) {
            case PERMANENT, CONFIGURATION -> new SyncFailed("Salesforce refused to " + what + ": " + e.getMessage());
            default -> new Interrupted("could not " + what + ": " + e.getMessage());
        };
    }
}
