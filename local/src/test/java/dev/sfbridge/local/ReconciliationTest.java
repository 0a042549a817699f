package dev.sfbridge.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sfbridge.callback.FieldMapping;
import dev.sfbridge.model.OrderLine;
import dev.sfbridge.model.OrderRequest;
import dev.sfbridge.testing.ErpSimulator.Order;
import dev.sfbridge.testing.SalesforceSimulator.LineItem;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Each way the org and the ERP can disagree is caught and named. */
class ReconciliationTest {
    private static final FieldMapping FIELDS = new FieldMapping("Opportunity", "Number__c", "Status__c", "Status_At__c", "Status_At_Ms__c");
    private static final List<String> IDS = List.of("a", "b", "c");

    private final Map<String, Order> erp = new HashMap<>(Map.of(
            "a", new Order("SO-1", "OPEN", null), "b", new Order("SO-2", "OPEN", null), "c", new Order("SO-3", "OPEN", null)));
    private final Map<String, Map<String, String>> org = new HashMap<>(Map.of(
            "a", Map.of("Number__c", "SO-1", "Status__c", "OPEN"),
            "b", Map.of("Number__c", "SO-2", "Status__c", "OPEN"),
            "c", Map.of("Number__c", "SO-3", "Status__c", "OPEN")));

    @Test
    void passesWhenEveryOpportunityHasItsOneOrderWrittenBack() {
        Reconciliation reconciliation = reconcile(3);

        assertTrue(reconciliation.passed(), reconciliation.report());
        assertEquals(new Reconciliation(3, 3, 3, 3, OptionalInt.empty(), List.of()), reconciliation);
        assertTrue(reconciliation.report().contains("lines                              not checked"), reconciliation.report());
    }

    @Test
    void anOpportunityWithoutAnOrderFails() {
        erp.remove("b");

        assertEquals(List.of("b: no ERP order", "the ERP holds 3 orders for 2 opportunities with one"), reconcile(3).mismatches());
    }

    @Test
    void anOrderNumberOrStatusMissingOrDifferentInTheOrgFails() {
        org.put("a", Map.of("Number__c", "SO-9", "Status__c", "OPEN"));
        org.put("c", Map.of("Number__c", "SO-3"));

        Reconciliation reconciliation = reconcile(3);
        assertEquals(List.of("a: the org has Number__c=SO-9, Status__c=OPEN; the ERP has SO-1, OPEN",
                "c: the org has Number__c=SO-3, Status__c=null; the ERP has SO-3, OPEN"), reconciliation.mismatches());
        assertEquals(1, reconciliation.callbacksMatching());
    }

    @Test
    void twoOpportunitiesSharingAnOrderFail() {
        erp.put("b", new Order("SO-1", "OPEN", null));
        org.put("b", Map.of("Number__c", "SO-1", "Status__c", "OPEN"));

        assertEquals(List.of("b: its order SO-1 is also a's"), reconcile(3).mismatches());
    }

    @Test
    void anOrderTheErpHoldsForNoOpportunityFails() {
        Reconciliation reconciliation = reconcile(4);

        assertFalse(reconciliation.passed());
        assertTrue(reconciliation.report().contains("✗ the ERP holds 4 orders for 3 opportunities with one"), reconciliation.report());
    }

    @Test
    void ordersWhoseLinesAreTheOpportunitysProductsPassWithTheirDecimalsComparedByValue() {
        LineItem product = new LineItem("00k1", "SKU-1", "Widget & Co", new BigDecimal("2"), new BigDecimal("10.50"));
        erp.put("a", withLines("SO-1", new OrderLine("00k1", "SKU-1", "Widget & Co", new BigDecimal("2.00"), new BigDecimal("10.5"),
                new BigDecimal("21.000"))));

        Reconciliation reconciliation = reconcile(3, id -> id.equals("a") ? List.of(product) : List.of());

        assertTrue(reconciliation.passed(), reconciliation.report());
        assertEquals(OptionalInt.of(3), reconciliation.linesMatching());
        assertTrue(reconciliation.report().contains("lines equal to the org's products  3"), reconciliation.report());
    }

    @Test
    void anOrderMissingALineOrWithAnotherPriceFails() {
        LineItem first = new LineItem("00k1", "SKU-1", "Widget", BigDecimal.ONE, new BigDecimal("10.50"));
        LineItem second = new LineItem("00k2", "SKU-2", "Gadget", BigDecimal.TWO, new BigDecimal("3.25"));
        erp.put("a", withLines("SO-1", new OrderLine("00k1", "SKU-1", "Widget", BigDecimal.ONE, new BigDecimal("10.50"),
                new BigDecimal("10.50"))));
        erp.put("b", withLines("SO-2", new OrderLine("00k1", "SKU-1", "Widget", BigDecimal.ONE, new BigDecimal("10.49"),
                new BigDecimal("10.49"))));

        Reconciliation reconciliation = reconcile(3, id -> switch (id) {
            case "a" -> List.of(first, second);
            case "b" -> List.of(first);
            default -> List.of();
        });

        assertEquals(OptionalInt.of(1), reconciliation.linesMatching());
        assertEquals(List.of("a: the ERP order's lines [00k1 SKU-1 \"Widget\" 1 × 10.5 = 10.5] are not the opportunity's products"
                        + " [00k1 SKU-1 \"Widget\" 1 × 10.5 = 10.5, 00k2 SKU-2 \"Gadget\" 2 × 3.25 = 6.5]",
                "b: the ERP order's lines [00k1 SKU-1 \"Widget\" 1 × 10.49 = 10.49] are not the opportunity's products"
                        + " [00k1 SKU-1 \"Widget\" 1 × 10.5 = 10.5]"), reconciliation.mismatches());
    }

    private static Order withLines(String number, OrderLine... lines) {
        return new Order(number, "OPEN", new OrderRequest(null, null, null, null, null, null, null, null, null, List.of(lines)));
    }

    private Reconciliation reconcile(int ordersInErp) {
        return Reconciliation.of(IDS, id -> Optional.ofNullable(erp.get(id)), ordersInErp,
                id -> org.getOrDefault(id, Map.of()), FIELDS, Optional.empty());
    }

    private Reconciliation reconcile(int ordersInErp, Function<String, List<LineItem>> products) {
        return Reconciliation.of(IDS, id -> Optional.ofNullable(erp.get(id)), ordersInErp,
                id -> org.getOrDefault(id, Map.of()), FIELDS, Optional.of(products));
    }
}
