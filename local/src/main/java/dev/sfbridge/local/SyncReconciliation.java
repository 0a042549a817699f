package dev.sfbridge.local;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one direction of the batch sync ended with ({@link SyncDirection#reconcile()}): the counts that say so, in
 * the report's order, and each mismatch named; one is enough to fail.
 *
 * @param counts  a label and a count per line of the report, in order
 * @param lastRun the sync job's item in the control table, in a line: state, watermark, the last run's counts
 */
record SyncReconciliation(String syncJob, Map<String, Integer> counts, String lastRun, List<String> mismatches) {
    SyncReconciliation {
        counts = Collections.unmodifiableMap(new LinkedHashMap<>(counts));
        mismatches = List.copyOf(mismatches);
    }

    /** The same, with what the control table says of the job and the mismatches found waiting for it. */
    SyncReconciliation withRun(String run, List<String> more) {
        List<String> all = new ArrayList<>(mismatches);
        all.addAll(more);
        return new SyncReconciliation(syncJob, counts, run, all);
    }

    boolean passed() {
        return mismatches.isEmpty();
    }

    String report() {
        StringBuilder report = new StringBuilder("Sync %s: %s%n".formatted(syncJob, passed() ? "PASSED" : "FAILED"));
        counts.forEach((label, count) -> report.append("  %-34s %d%n".formatted(label, count)));
        report.append("  last run: ").append(lastRun).append('\n');
        Reconciliation.list(mismatches, report);
        return report.toString();
    }
}
