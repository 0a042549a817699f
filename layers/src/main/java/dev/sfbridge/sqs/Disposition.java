package dev.sfbridge.sqs;

/**
 * What the consumer does with one SQS message once it is handled: delete it ({@link Done}) or hand it back to
 * the queue ({@link Retry}), which delivers it again after its visibility timeout. The type is sealed so that a
 * new answer (a retry after a delay of the handler's choosing) is one more case every switch over it must name.
 */
public sealed interface Disposition {
    Disposition DONE = new Done();
    Disposition RETRY = new Retry();

    /** Handled for good (applied, skipped, or dead-lettered): SQS deletes it. */
    record Done() implements Disposition {}

    /** Not handled yet: reported in {@code batchItemFailures}, so SQS delivers it again. */
    record Retry() implements Disposition {}
}
