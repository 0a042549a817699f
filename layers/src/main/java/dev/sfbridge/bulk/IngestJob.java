package dev.sfbridge.bulk;

/**
 * What Salesforce says of one Bulk API 2.0 ingest job ({@code GET /jobs/ingest/{id}}).
 *
 * @param apiVersion   the version the job was created with: its results are read with the same one
 * @param errorMessage why a {@code Failed} job failed, as Salesforce puts it; null otherwise
 */
public record IngestJob(String id, State state, String apiVersion, long recordsProcessed, long recordsFailed,
                        String errorMessage) {
    /** The job's lifecycle: Open until uploaded and closed, then processed to one of the three ends. */
    public enum State {
        Open, UploadComplete, InProgress, JobComplete, Failed, Aborted;

        /** Salesforce processes it no further. */
        public boolean ended() {
            return this == JobComplete || this == Failed || this == Aborted;
        }
    }
}
