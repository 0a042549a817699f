package dev.sfbridge.bulk;

/**
 * What Salesforce says of one Bulk API 2.0 query job ({@code GET /jobs/query/{id}}).
 *
 * @param apiVersion   the version the job was created with: its results can only be read with the same one (409 otherwise)
 * @param errorMessage why a {@code Failed} job failed, as Salesforce puts it; null otherwise
 */
public record QueryJob(String id, State state, String apiVersion, long recordsProcessed, String errorMessage) {
    /** A query job's lifecycle: created {@code UploadComplete}, processed, then one of the three ends. */
    public enum State {
        UploadComplete, InProgress, JobComplete, Failed, Aborted;

        /** Salesforce processes it no further. */
        public boolean ended() {
            return this == JobComplete || this == Failed || this == Aborted;
        }
    }
}
