package dev.sfbridge.local;

import dev.sfbridge.testing.ErpOrderLedger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the ERP's ledger says of the writes a chaos run sent it. A change written more than once is a duplicate
 * unless an injected fault made the pipeline send it again, and each fault explains one repeat at most: an answer
 * the ERP lost (the worker never heard the write landed, so it writes again), a claim's completion that failed for
 * good after the write, throttled or timed out (the claim is released or left to expire, and the redelivery writes
 * again), or the change guard's read after the write failed for good (the same, for any change of that record, as the
 * read names none), a worker invocation killed after the write and before the claim's completion (the claim stays in
 * progress until its lease runs out, and the redelivery then takes it over and writes again: each change a killed
 * invocation had so written explains one repeat of that change), or a second change of the record in the same second
 * with other data (its time cannot tell the
 * two apart, so the worker sends the record as it is now under that time: once for the second change, and once
 * more when the first one's write meets it admitted after, {@code SameSecondChangesTest}). Nothing else repeats a write: the claims make every other redelivery, resend and crash a
 * duplicate suppressed. A change the ERP refused as older than the one it held (412) is the ERP's own guard at work;
 * the order worker relies on it only for an older change admitted before the newer one and still under way when
 * that was written, so each refused change must have reached the ERP before the newer one was first written.
 *
 * @param repeats    each cause's repeats, in the order they are tried; the unexplained ones last
 * @param staleUnderWay of {@code staleRefused}, the ones under way before the newer change was written
 */
record ErpWriteCheck(int changes, int writes, Map<String, Integer> repeats, int staleRefused, int staleUnderWay,
                     List<String> mismatches) {
    static final String LOST_ANSWER = "an answer the ERP lost";
    static final String FAILED_COMPLETION = "a completion failed for good";
    static final String FAILED_GUARD_READ = "a guard read failed for good";
    static final String KILLED_AFTER_WRITE = "a worker killed after the write";
    static final String SAME_SECOND = "a change in the same second";
    /** The writes a record's second change in one second may add: its own, and the first change's rewrite. */
    static final int SAME_SECOND_WRITES = 2;
    static final String UNEXPLAINED = "unjustified";

    /**
     * @param writes               each change the ERP wrote ({@link ErpOrderLedger#writes()})
     * @param refusals             its 412s ({@link ErpOrderLedger#staleRefusals()})
     * @param failed               the functions' DynamoDB steps that failed for good ({@link FailedItemCalls})
     * @param killedAfterWrite     each change a killed worker invocation had written without completing its claim, once
     *                             per kill ({@link InvocationKills})
     * @param recordOfNotification each notification ID's record, as the scenario sent them
     * @param sameSecond           the records the scenario changed twice in one second
     */
    static ErpWriteCheck of(List<ErpOrderLedger.Writes> writes, List<ErpOrderLedger.StaleRefusal> refusals,
                            List<FailedItemCalls.Call> failed, List<ErpOrderLedger.Change> killedAfterWrite,
                            Map<String, String> recordOfNotification, Set<String> sameSecond) {
        Map<ErpOrderLedger.Change, Integer> failedCompletions = new HashMap<>();
        Map<String, Integer> failedGuardReads = new HashMap<>();
        for (FailedItemCalls.Call call : failed) {
            String[] id = call.id() == null ? new String[0] : call.id().split("#", 3);
            if (call.completesClaim() && id.length == 3 && id[0].equals("notification") && recordOfNotification.containsKey(id[1])) {
                failedCompletions.merge(new ErpOrderLedger.Change(recordOfNotification.get(id[1]), Instant.parse(id[2])), 1, Integer::sum);
            } else if (call.operation().equals("GetItem") && id.length == 3 && id[0].equals("record")) {
                failedGuardReads.merge(id[2], 1, Integer::sum);
            }
        }
        Map<ErpOrderLedger.Change, Integer> kills = new HashMap<>();
        killedAfterWrite.forEach(change -> kills.merge(change, 1, Integer::sum));
        Map<String, Integer> repeats = new LinkedHashMap<>();
        List.of(LOST_ANSWER, FAILED_COMPLETION, FAILED_GUARD_READ, KILLED_AFTER_WRITE, SAME_SECOND, UNEXPLAINED)
                .forEach(cause -> repeats.put(cause, 0));
        List<String> mismatches = new ArrayList<>();
        Map<String, List<ErpOrderLedger.Writes>> byRecord = new HashMap<>();
        int applied = 0;
        for (ErpOrderLedger.Writes change : writes) {
            applied += change.applied();
            byRecord.computeIfAbsent(change.change().recordId(), id -> new ArrayList<>()).add(change);
        }
        byRecord.forEach((recordId, changes) -> {
            int guardReads = failedGuardReads.getOrDefault(recordId, 0);
            int sameSecondWrites = sameSecond.contains(recordId) ? SAME_SECOND_WRITES : 0;
            for (ErpOrderLedger.Writes change : changes) {
                int left = change.applied() - 1;
                left -= explain(repeats, LOST_ANSWER, left, change.answersLost());
                left -= explain(repeats, FAILED_COMPLETION, left, failedCompletions.getOrDefault(change.change(), 0));
                int byRead = explain(repeats, FAILED_GUARD_READ, left, guardReads);
                guardReads -= byRead;
                left -= byRead;
                left -= explain(repeats, KILLED_AFTER_WRITE, left, kills.getOrDefault(change.change(), 0));
                int bySameSecond = explain(repeats, SAME_SECOND, left, sameSecondWrites);
                sameSecondWrites -= bySameSecond;
                left -= bySameSecond;
                if (left > 0) {
                    repeats.merge(UNEXPLAINED, left, Integer::sum);
                    mismatches.add("%s: the ERP applied its change of %s %d times, %d of them repeats no injected fault explains"
                            .formatted(recordId, change.change().sourceModifiedAt(), change.applied(), left));
                }
            }
        });
        int underWay = 0;
        for (ErpOrderLedger.StaleRefusal refusal : refusals) {
            if (refusal.underWay()) {
                underWay++;
            } else {
                mismatches.add(("%s: the ERP refused its change of %s (412) as older than the one of %s it held; that older "
                        + "change was sent only after the newer one was written, which the worker's guard must stop")
                        .formatted(refusal.refused().recordId(), refusal.refused().sourceModifiedAt(), refusal.held()));
            }
        }
        return new ErpWriteCheck(writes.size(), applied, repeats, refusals.size(), underWay,
                List.copyOf(mismatches));
    }

    /** Counts up to {@code causes} of the {@code left} repeats as {@code cause}'s; returns how many. */
    private static int explain(Map<String, Integer> repeats, String cause, int left, int causes) {
        int explained = Math.max(0, Math.min(left, causes));
        repeats.merge(cause, explained, Integer::sum);
        return explained;
    }

    int unexplainedRepeats() {
        return repeats.get(UNEXPLAINED);
    }

    /** The report's lines, indented as the reconciliation's. */
    String report() {
        StringBuilder report = new StringBuilder("""
                  changes the ERP applied            %d
                  writes applied                     %d
                """.formatted(changes, writes));
        report.append("  repeats justified by\n");
        repeats.forEach((cause, count) -> report.append(cause.equals(UNEXPLAINED) ? "" : "    %-32s %d%n".formatted(cause, count)));
        report.append("""
                  repeats unjustified (must be 0)    %d
                  older changes refused (412)        %d
                    under way before the newer one   %d
                    sent after it (must be 0)        %d
                """.formatted(unexplainedRepeats(), staleRefused, staleUnderWay, staleRefused - staleUnderWay));
        return report.toString();
    }
}
