package dev.sfbridge.callback;

/**
 * The outcome of one callback and why. For {@link CallbackOutcome#DEAD_LETTERED} the reason goes onto the dead
 * letter: it is Salesforce's error or sfbridge's own words, never a credential.
 */
record Verdict(CallbackOutcome outcome, String reason) {
    static final Verdict WRITTEN = new Verdict(CallbackOutcome.WRITTEN, null);

    static Verdict stale(String reason) {
        return new Verdict(CallbackOutcome.STALE, reason);
    }

    static Verdict deadLetter(String reason) {
        return new Verdict(CallbackOutcome.DEAD_LETTERED, reason);
    }

    static Verdict retryLater(String reason) {
        return new Verdict(CallbackOutcome.RETRY_LATER, reason);
    }
}
