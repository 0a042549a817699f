package dev.sfbridge.bench;

import dev.sfbridge.queue.BatchEnqueuer;

/**
 * The idle connections a harness's JVM keeps per host. A deployed function keeps
 * {@link BatchEnqueuer#MAX_BATCH} (template.yaml's {@code -Dhttp.maxConnections}), one per call it makes at
 * once; a harness that runs several invocations at once in one JVM keeps that many for each, as that many
 * Lambda instances would. The JDK reads the property once, when its first {@code HttpURLConnection} opens.
 */
final class ConnectionReuse {
    static final String PROPERTY = "http.maxConnections";

    private ConnectionReuse() {}

    /** @return what this JVM keeps, for the report; a value given on the command line wins */
    static String asInstances(int instances) {
        if (System.getProperty(PROPERTY) == null) {
            System.setProperty(PROPERTY, Integer.toString(instances * BatchEnqueuer.MAX_BATCH));
        }
        return PROPERTY + "=" + System.getProperty(PROPERTY);
    }

    /** The JVM flag for a child JVM that serves {@code instances} invocations at once. */
    static String flag(int instances) {
        return "-D" + PROPERTY + "=" + instances * BatchEnqueuer.MAX_BATCH;
    }
}
