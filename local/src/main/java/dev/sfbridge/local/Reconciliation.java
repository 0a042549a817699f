package dev.sfbridge.local;

import dev.sfbridge.callback.FieldMapping;
import dev.sfbridge.model.OrderLine;
import dev.sfbridge.testing.ErpSimulator;
import dev.sfbridge.testing.SalesforceSimulator;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Function;

/**
 * What a scenario must end with: every Closed Won opportunity has exactly one ERP order, the ERP holds no
 * other order, and the order's number and status are on the opportunity in the org; when the orders were built
 * from the records read back (ID-only messages), each order's lines are the opportunity's products too. Each
 * mismatch is named; one is enough to fail.
 *
 * @param ordersInErp  orders the ERP holds, for these opportunities or not
 * @param linesMatching orders whose lines are the opportunity's products; empty when lines were not checked
 */
record Reconciliation(int opportunities, int withOrder, int ordersInErp, int callbacksMatching, OptionalInt linesMatching,
                      List<String> mismatches) {
    /** How many mismatches a report lists before it only counts the rest. */
    private static final int LISTED = 10;

    /** @param products each opportunity's products in the org, when the orders must carry them as their lines */
    static Reconciliation of(List<String> opportunityIds, Function<String, Optional<ErpSimulator.Order>> orders, int ordersInErp,
                             Function<String, Map<String, String>> fields, FieldMapping mapping,
                             Optional<Function<String, List<SalesforceSimulator.LineItem>>> products) {
        List<String> mismatches = new ArrayList<>();
        Map<String, String> opportunityByOrderNumber = new HashMap<>();
        int withOrder = 0;
        int matching = 0;
        int linesMatching = 0;
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
            if (products.isPresent()) {
                List<String> inOrg = products.get().apply(id).stream().map(Reconciliation::line).toList();
                List<String> inErp = order.get().lines().stream().map(Reconciliation::line).toList();
                if (inOrg.equals(inErp)) {
                    linesMatching++;
                } else {
                    mismatches.add("%s: the ERP order's lines %s are not the opportunity's products %s".formatted(id, inErp, inOrg));
                }
            }
        }
        if (ordersInErp != withOrder) {
            mismatches.add("the ERP holds " + ordersInErp + " orders for " + withOrder + " opportunities with one");
        }
        return new Reconciliation(opportunityIds.size(), withOrder, ordersInErp, matching,
                products.isPresent() ? OptionalInt.of(linesMatching) : OptionalInt.empty(), List.copyOf(mismatches));
    }

    /** A product as a line must carry it: its ID, code, name, and the numbers by value (1.50 is 1.5). */
    private static String line(SalesforceSimulator.LineItem item) {
        return line(item.id(), item.productCode(), item.productName(), item.quantity(), item.unitPrice(), item.totalPrice());
    }

    private static String line(OrderLine line) {
        return line(line.salesforceLineItemId(), line.productCode(), line.productName(), line.quantity(), line.unitPrice(),
                line.totalPrice());
    }

    private static String line(String id, String code, String name, BigDecimal quantity, BigDecimal unitPrice, BigDecimal total) {
        return "%s %s \"%s\" %s × %s = %s".formatted(id, code, name, plain(quantity), plain(unitPrice), plain(total));
    }

    private static String plain(BigDecimal number) {
        return number == null ? "null" : number.stripTrailingZeros().toPlainString();
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
        report.append(linesMatching.isPresent()
                ? "  lines equal to the org's products  %d%n".formatted(linesMatching.getAsInt())
                : "  lines                              not checked (the messages carried the fields, no products)\n");
        list(mismatches, report);
        return report.toString();
    }

    /** The first {@value #LISTED} mismatches, one a line, then how many more there are: every reconciliation's report ends so. */
    static void list(List<String> mismatches, StringBuilder report) {
        mismatches.stream().limit(LISTED).forEach(m -> report.append("  ✗ ").append(m).append('\n'));
        if (mismatches.size() > LISTED) {
            report.append("  … and ").append(mismatches.size() - LISTED).append(" more\n");
        }
    }
}
