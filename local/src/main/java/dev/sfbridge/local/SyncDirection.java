package dev.sfbridge.local;

import java.time.Instant;
import java.util.Optional;

/**
 * One direction of the batch sync as the local scenario plays it ({@link SyncScenario}): changes made at its source
 * over a few rounds while the Closed Won scenario runs, then the check that its target holds what the source holds.
 * Each sync job is one class of this; {@code LocalPipeline} lists them.
 */
interface SyncDirection {
    /** The sync job that carries the changes: its item in the control table. */
    String syncJob();

    /**
     * Makes the changes of round {@code round} (from 0 to {@link SyncScenario#ROUNDS} - 1) at the source.
     *
     * @return the modification time of the last change made, empty when the round made none
     */
    Optional<Instant> change(int round);

    /** Whether the target holds what the source holds now: every record, with the source's values, none extra or twice. */
    SyncReconciliation reconcile();
}
