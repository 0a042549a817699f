package dev.sfbridge.sqs;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What the consumer does with one SQS message once it is handled: delete it ({@link Done}) or hand it back to
 * the queue ({@link Retry}, {@link RetryAfter}), which delivers it again once the consumer's backoff has passed.
 */
public sealed interface Disposition {
    Disposition DONE = new Done();
    Disposition RETRY = new Retry();

    /**
     * One message's disposition from its parts' ({@link SqsBatchConsumer#processEachPart}): done when every part is;
     * else retried, after the longest wait a part asked for.
     */
    static Disposition together(List<Disposition> parts) {
        Duration longest = null;
        boolean retry = false;
        for (Disposition part : parts) {
            switch (part) {
                case Done done -> { }
                case Retry r -> retry = true;
                case RetryAfter after -> longest = longest == null || after.atLeast().compareTo(longest) > 0 ? after.atLeast() : longest;
            }
        }
        return longest != null ? new RetryAfter(longest) : retry ? RETRY : DONE;
    }

    /** Handled for good (applied, skipped, or dead-lettered): SQS deletes it. */
    record Done() implements Disposition {}

    /** Not handled yet: reported in {@code batchItemFailures}, and hidden for the backoff its receive count earns. */
    record Retry() implements Disposition {}

    /**
     * Not handled yet, and the handler knows it cannot be before {@code atLeast} (a peer's {@code Retry-After},
     * an open circuit's cool-down): hidden for that or the backoff, whichever is longer.
     */
    record RetryAfter(Duration atLeast) implements Disposition {
        public RetryAfter {
            Objects.requireNonNull(atLeast, "atLeast");
        }
    }
}
