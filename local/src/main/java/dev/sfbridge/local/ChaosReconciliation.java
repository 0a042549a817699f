package dev.sfbridge.local;

import dev.sfbridge.testing.ErpSimulator;
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
 * but the poison ones (exactly one order each, nothing lost, nothing duplicated, the number and status on the
 * opportunity), no order for a poison record, each of them in the notifications dead-letter queue with its
 * reason and nothing else there. After the ERP is fixed and those letters redriven: the reconciliation of every
 * record, each order carrying the record's newest change, and both dead-letter queues empty; and the {@link ChaosPaths}
 * that only some changes take.
 */
record ChaosReconciliation(Reconciliation beforeRedrive, int poison, int poisonDeadLettered, int redriven,
                           Reconciliation afterRedrive, int newestApplied, int deadLettersLeft, List<String> mismatches,
                           ChaosPaths paths) {
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

    /** How many orders carry their record's newest change; each that does not is named in {@code mismatches}. */
    static int newestApplied(Map<String, Instant> newestChange, Function<String, Optional<ErpSimulator.Order>> orders,
                             List<String> mismatches) {
        int applied = 0;
        for (Map.Entry<String, Instant> change : newestChange.entrySet()) {
            Optional<Instant> held = orders.apply(change.getKey()).map(order -> order.request().sourceModifiedAt());
            if (held.isPresent() && held.get().equals(change.getValue())) {
                applied++;
            } else if (held.isPresent()) {
                mismatches.add(change.getKey() + ": the ERP holds the change of " + held.get() + ", not the newest, "
                        + change.getValue());
            }
        }
        return applied;
    }

    boolean passed() {
        return mismatches.isEmpty() && beforeRedrive.passed() && afterRedrive.passed() && paths.passed();
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
                  the newest change in the ERP       %d
                  dead letters left                  %d
                """.formatted(newestApplied, deadLettersLeft));
        Reconciliation.list(mismatches, report);
        report.append(paths.report());
        return report.toString();
    }

    private static String indent(String text) {
        return text.indent(2);
    }
}
