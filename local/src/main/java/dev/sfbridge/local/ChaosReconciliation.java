package dev.sfbridge.local;

import dev.sfbridge.testing.ErpSimulator;
import dev.sfbridge.model.OrderRequest;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * What a chaos run must end with. Before the redrive: the scenario's {@link Reconciliation} of every record
 * but the poison ones (exactly one order each, nothing lost, the number and status on the
 * opportunity), no order for a poison record, each of them in the notifications dead-letter queue with its
 * reason and nothing else there. After the ERP is fixed and those letters redriven: the reconciliation of every
 * record, each order carrying the record's newest change and its amount, each opportunity's statuses in the order
 * the ERP's order went through them (never back to an earlier one), both dead-letter queues empty, and the ERP's
 * writes without a duplicate or an older change sent after a newer one ({@link ErpWriteCheck}); and the
 * {@link ChaosPaths} that only some changes take.
 *
 * @param statusEvents    the ERP's status events the route took
 * @param statusesInOrder opportunities whose status history in the org follows their order's in the ERP
 */
record ChaosReconciliation(Reconciliation beforeRedrive, int poison, int poisonDeadLettered, int redriven,
                           Reconciliation afterRedrive, int newestApplied, int statusEvents, int statusesInOrder,
                           int deadLettersLeft, ErpWriteCheck erpWrites, List<String> mismatches, ChaosPaths paths) {
    /** The checks before the redrive, on the letters taken from the notifications dead-letter queue. */
    static List<String> deadLettered(List<String> poison, List<DeadLetters.Letter> letters,
                                     Function<String, Optional<ErpSimulator.Order>> orders) {
        List<String> mismatches = new ArrayList<>();
        Set<String> lettered = new HashSet<>();
        for (DeadLetters.Letter letter : letters) {
            if (letter.recordId() == null || !poison.contains(letter.recordId())) {
                mismatches.add("dead-lettered but not poison: " + letter.recordId() + " (" + letter.reason() + ")");
            } else if (letter.reason() == null || letter.reason().isBlank()) {
                mismatches.add(letter.recordId() + ": dead-lettered without a reason");
            } else {
                lettered.add(letter.recordId());
            }
        }
        for (String id : poison) {
            if (!lettered.contains(id)) {
                mismatches.add(id + ": poison, not in the notifications dead-letter queue with its reason");
            }
            if (orders.apply(id).isPresent()) {
                mismatches.add(id + ": poison, yet the ERP holds an order for it");
            }
        }
        return mismatches;
    }

    /**
     * How many orders carry their record's newest change, and its amount; each that does not is named in
     * {@code mismatches}.
     */
    static int newestApplied(Map<String, Instant> newestChange, Map<String, BigDecimal> newestAmount,
                             Function<String, Optional<ErpSimulator.Order>> orders, List<String> mismatches) {
        int applied = 0;
        for (Map.Entry<String, Instant> change : newestChange.entrySet()) {
            Optional<OrderRequest> held = orders.apply(change.getKey()).map(ErpSimulator.Order::request);
            if (held.isEmpty()) {
                continue;
            }
            BigDecimal amount = newestAmount.get(change.getKey());
            if (!held.get().sourceModifiedAt().equals(change.getValue())) {
                mismatches.add(change.getKey() + ": the ERP holds the change of " + held.get().sourceModifiedAt()
                        + ", not the newest, " + change.getValue());
            } else if (amount != null && (held.get().amount() == null || held.get().amount().compareTo(amount) != 0)) {
                mismatches.add(change.getKey() + ": the ERP's order has the amount " + held.get().amount()
                        + ", not the newest change's, " + amount);
            } else {
                applied++;
            }
        }
        return applied;
    }

    /**
     * How many opportunities took their ERP statuses in the order the ERP's order went through them: each status the
     * org was written, repeats aside, comes later in the ERP's history than the one before it. One written out of that
     * order (an older status over a newer one) is named in {@code mismatches}.
     *
     * @param erpHistory  each record's order's statuses, in order ({@link dev.sfbridge.testing.ErpOrderLedger#statusHistory})
     * @param statusWrites each record's writes that set its status, as the org applied them
     */
    static int statusesInOrder(List<String> recordIds, Function<String, List<String>> erpHistory,
                               Function<String, List<Map<String, String>>> statusWrites, String statusField,
                               List<String> mismatches) {
        int inOrder = 0;
        for (String id : recordIds) {
            List<String> erp = erpHistory.apply(id);
            List<String> org = statusWrites.apply(id).stream().map(write -> write.get(statusField)).toList();
            int at = 0;
            String previous = null;
            boolean followed = true;
            for (String status : org) {
                if (status == null || status.equals(previous)) {
                    continue;
                }
                while (at < erp.size() && !erp.get(at).equals(status)) {
                    at++;
                }
                if (at == erp.size()) {
                    mismatches.add("%s: the org's status went %s → %s; the ERP's order went %s".formatted(id, previous, status,
                            String.join(" → ", erp)));
                    followed = false;
                    break;
                }
                previous = status;
            }
            if (followed) {
                inOrder++;
            }
        }
        return inOrder;
    }

    boolean passed() {
        return mismatches.isEmpty() && erpWrites.mismatches().isEmpty() && beforeRedrive.passed() && afterRedrive.passed()
                && paths.passed();
    }

    String report() {
        StringBuilder report = new StringBuilder("Chaos reconciliation: %s%n".formatted(passed() ? "PASSED" : "FAILED"));
        report.append("Before the redrive (poison records left out):\n").append(indent(beforeRedrive.report()));
        report.append("""
                  poison records                     %d
                  in the dead-letter queue, with why %d
                After the ERP is fixed and %d dead letters redriven:
                """.formatted(poison, poisonDeadLettered, redriven)).append(indent(afterRedrive.report()));
        report.append("""
                  the newest change and its amount   %d
                  ERP status events taken            %d
                  statuses in the ERP's order        %d
                  dead letters left                  %d
                """.formatted(newestApplied, statusEvents, statusesInOrder, deadLettersLeft));
        Reconciliation.list(mismatches, report);
        report.append(paths.report()).append("The ERP's writes:\n").append(erpWrites.report());
        Reconciliation.list(erpWrites.mismatches(), report);
        return report.toString();
    }

    private static String indent(String text) {
        return text.indent(2);
    }
}
