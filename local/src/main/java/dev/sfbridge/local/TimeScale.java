package dev.sfbridge.local;

import java.time.Duration;

/**
 * How much faster than real time the local stack runs the waits that are minutes long in AWS and Salesforce:
 * a failed message's visibility timeout, Salesforce's retry intervals. 1 is real time.
 */
record TimeScale(int factor) {
    TimeScale {
        if (factor < 1) {
            throw new IllegalArgumentException("the time scale is a factor of at least 1, not " + factor);
        }
    }

    Duration compress(Duration real) {
        return real.dividedBy(factor);
    }

    /** SQS counts visibility in whole seconds: a compressed timeout is at least one. */
    Duration compressToSeconds(Duration real) {
        return Duration.ofSeconds(Math.max(1, Math.round(real.toSeconds() / (double) factor)));
    }
}
