package dev.sfbridge.callback;

/**
 * The outcome of one callback and why. For {@link Outcome#DEAD_LETTERED} the reason goes onto the dead
 * letter: it is Salesforce's error or sfbridge's own words, never a credential.
 */
record Verdict(Outcome outcome, String reason) {
    static final Verdict WRITTEN = new Verdict(Outcome.WRITTEN, null);

    static Verdict stale(String reason) {
        return new Verdict(Outcome.STALE, reason);
    }

    static Verdict deadLetter(String reason) {
        return new Verdict(Outcome.DEAD_LETTERED, reason);
    }

    static Verdict retryLater(String reason) {
        return new Verdict(Outcome.RETRY_LATER, reason);
    }
}
