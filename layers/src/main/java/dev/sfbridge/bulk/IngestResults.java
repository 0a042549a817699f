package dev.sfbridge.bulk;

/** The three result files of an ingest job, each a CSV of the uploaded columns with Salesforce's own in front. */
public enum IngestResults {
    /** {@code sf__Id}, {@code sf__Created}, then the row as uploaded. */
    SUCCESSFUL("successfulResults"),
    /** {@code sf__Id}, {@code sf__Error}, then the row as uploaded. */
    FAILED("failedResults"),
    /** The rows of a failed or aborted job that Salesforce never got to, as uploaded. */
    UNPROCESSED("unprocessedrecords");

    public static final String ID = "sf__Id";
    public static final String CREATED = "sf__Created";
    public static final String ERROR = "sf__Error";

    private final String resource;

    IngestResults(String resource) {
        this.resource = resource;
    }

    /** The last segment of its path, {@code /jobs/ingest/{id}/<resource>}. */
    public String resource() {
        return resource;
    }
}
