package dev.sfbridge.sync;

import dev.sfbridge.sync.SyncControlTable.LeaseLost;

/**
 * One direction of the batch sync, e.g. the ERP's invoices into Salesforce ({@link InvoiceSync}). The
 * {@link SyncRunner} gives it a run over a window, with the lease held; the job does the work from the run's
 * restart point and checkpoints through {@link SyncRun#checkpoint} after every step a crash must not repeat.
 */
public interface SyncJob {
    /** Its item's key in the control table and its errors' partition in the error table. */
    String name();

    /**
     * Syncs the rest of the run's window. Returns {@link Progress#DONE} when all of it is synced, or
     * {@link Progress#PAUSED} once {@link SyncRun#nearDeadline()} said to stop, with a checkpoint written.
     *
     * @throws Stop {@link SyncFailed} when the run cannot succeed: the runner records it failed, the watermark
     *              unchanged; {@link Interrupted} when a peer is unavailable for now: the run resumes from its last
     *              checkpoint later
     */
    Progress resume(SyncRun run) throws Stop, LeaseLost;

    enum Progress { DONE, PAUSED }

    /** Why a run stops before its window is synced; the message is safe to log and to show an operator. */
    abstract sealed class Stop extends Exception permits SyncFailed, Interrupted {
        Stop(String message) {
            super(message);
        }
    }

    /** The run is given up. */
    final class SyncFailed extends Stop {
        public SyncFailed(String message) {
            super(message);
        }
    }

    /** A peer could not be reached or refused for now. */
    final class Interrupted extends Stop {
        public Interrupted(String message) {
            super(message);
        }
    }
}
