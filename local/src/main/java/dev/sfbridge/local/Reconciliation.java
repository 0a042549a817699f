package dev.sfbridge.local;

import dev.sfbridge.callback.FieldMapping;
import dev.sfbridge.testing.ErpSimulator;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * What a scenario must end with: every Closed Won opportunity has exactly one ERP order, the ERP holds no
 * other order, and the order's number and status are on the opportunity in the org. Each mismatch is
 * named; one is enough to fail.
 *
 * @param ordersInErp orders the ERP holds, for these opportunities or not
 */
record Reconciliation(int opportunities, int withOrder, int ordersInErp, int callbacksMatching, List<String> mismatches) {
    /** How many mismatches a report lists before it only counts the rest. */
    private static final int LISTED = 10;

    static Reconciliation of(List<String> opportunityIds, Function<String, Optional<ErpSimulator.Order>> orders, int ordersInErp,
                             Function<String, Map<String, String>> fields, FieldMapping mapping) {
        List<String> mismatches = new ArrayList<>();
        Map<String, String> opportunityByOrderNumber = new HashMap<>();
        int withOrder = 0;
        int matching = 0;
        for (String id : opportunityIds) {
            Optional<ErpSimulator.Order> order = orders.apply(id);
            if (order.isEmpty()) {
                mismatches.add(id + ": no ERP order");
                continue;
            }
            withOrder++;
            String number = order.get().orderNumber();
            String sharing = opportunityByOrderNumber.putIfAbsent(number, id);
            if (sharing != null) {
                mismatches.add(id + ": its order " + number + " is also " + sharing + "'s");
            }
            Map<String, String> written = fields.apply(id);
            String writtenNumber = written.get(mapping.orderNumberField());
            String writtenStatus = written.get(mapping.orderStatusField());
            if (number.equals(writtenNumber) && order.get().status().equals(writtenStatus)) {
                matching++;
            } else {
                mismatches.add("%s: the org has %s=%s, %s=%s; the ERP has %s, %s".formatted(id, mapping.orderNumberField(),
                        writtenNumber, mapping.orderStatusField(), writtenStatus, number, order.get().status()));
            }
        }
        if (ordersInErp != withOrder) {
            mismatches.add("the ERP holds " + ordersInErp + " orders for " + withOrder + " opportunities with one");
        }
        return new Reconciliation(opportunityIds.size(), withOrder, ordersInErp, matching, List.copyOf(mismatches));
    }

    boolean passed() {
        return mismatches.isEmpty();
    }

    String report() {
        StringBuilder report = new StringBuilder("""
                Reconciliation: %s
                  Closed Won opportunities           %d
                  with an ERP order                  %d
                  orders in the ERP                  %d
                  order number and status in the org %d
                """.formatted(passed() ? "PASSED" : "FAILED", opportunities, withOrder, ordersInErp, callbacksMatching));
        mismatches.stream().limit(LISTED).forEach(m -> report.append("  ✗ ").append(m).append('\n'));
        if (mismatches.size() > LISTED) {
            report.append("  … and ").append(mismatches.size() - LISTED).append(" more\n");
        }
        return report.toString();
    }
}
