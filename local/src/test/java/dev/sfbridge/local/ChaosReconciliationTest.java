package dev.sfbridge.local;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sfbridge.model.OrderRequest;
import dev.sfbridge.testing.ErpSimulator;
import dev.sfbridge.testing.TestOrders;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Each way a chaos run can lose, duplicate or misplace a record is named. */
class ChaosReconciliationTest {
    private static final Instant OLDER = Instant.parse("2026-11-20T10:00:01Z");
    private static final Instant NEWER = Instant.parse("2026-11-21T10:00:01Z");

    @Test
    void everyPoisonRecordDeadLetteredWithItsReasonAndNothingElsePasses() {
        List<String> mismatches = ChaosReconciliation.deadLettered(List.of("p1", "p2"),
                List.of(letter("p1", "ERP refused the order: 422"), letter("p2", "ERP refused the order: 422"),
                        letter("p2", "ERP refused the order: 422")), id -> Optional.empty());

        assertEquals(List.of(), mismatches, "a poison record dead-lettered twice (a duplicate delivery) is still poison");
    }

    @Test
    void aPoisonRecordMissingWithoutAReasonWithAnOrderOrAnotherRecordDeadLetteredIsNamed() {
        List<String> mismatches = ChaosReconciliation.deadLettered(List.of("p1", "p2", "p3"),
                List.of(letter("p2", " "), letter("r9", "ERP refused the order: 422")),
                id -> id.equals("p3") ? Optional.of(order(OLDER)) : Optional.empty());

        assertEquals(List.of("p2: dead-lettered without a reason", "dead-lettered but not poison: r9 (ERP refused the order: 422)",
                "p1: poison, not in the notifications dead-letter queue with its reason",
                "p2: poison, not in the notifications dead-letter queue with its reason",
                "p3: poison, not in the notifications dead-letter queue with its reason",
                "p3: poison, yet the ERP holds an order for it"), mismatches);
    }

    @Test
    void anOrderHoldingAnOlderChangeIsNamed() {
        List<String> mismatches = new ArrayList<>();
        int applied = ChaosReconciliation.newestApplied(Map.of("a", NEWER, "b", NEWER), Map.of(),
                id -> Optional.of(order(id.equals("a") ? NEWER : OLDER)), mismatches);

        assertEquals(1, applied);
        assertEquals(List.of("b: the ERP holds the change of " + OLDER + ", not the newest, " + NEWER), mismatches);
    }

    @Test
    void anOrderWithTheNewestChangeButAnotherAmountIsNamed() {
        List<String> mismatches = new ArrayList<>();
        int applied = ChaosReconciliation.newestApplied(Map.of("a", NEWER, "b", NEWER),
                Map.of("a", new BigDecimal("1001.5"), "b", new BigDecimal("2001.75")), id -> Optional.of(order(NEWER)), mismatches);

        assertEquals(1, applied, "1001.50 is 1001.5");
        assertEquals(List.of("b: the ERP's order has the amount 1001.50, not the newest change's, 2001.75"), mismatches);
    }

    @Test
    void anOrgStatusWrittenOverALaterOneIsNamedRepeatsAndSkippedStatusesAreNot() {
        List<String> erp = List.of("OPEN", "CONFIRMED", "SHIPPED");
        Map<String, List<String>> org = Map.of("a", List.of("OPEN", "OPEN", "SHIPPED"), "b", List.of("OPEN", "SHIPPED", "CONFIRMED"),
                "c", List.of("CONFIRMED", "OPEN"));
        List<String> mismatches = new ArrayList<>();

        int inOrder = ChaosReconciliation.statusesInOrder(List.of("a", "b", "c"), id -> erp,
                id -> org.get(id).stream().map(status -> Map.of("Status__c", status, "Order_Number__c", "SO-1")).toList(),
                "Status__c", mismatches);

        assertEquals(1, inOrder);
        assertEquals(List.of("b: the org's status went SHIPPED → CONFIRMED; the ERP's order went OPEN → CONFIRMED → SHIPPED",
                "c: the org's status went CONFIRMED → OPEN; the ERP's order went OPEN → CONFIRMED → SHIPPED"), mismatches);
    }

    private static DeadLetters.Letter letter(String recordId, String reason) {
        return new DeadLetters.Letter(recordId, reason, "{}", "receipt");
    }

    private static ErpSimulator.Order order(Instant sourceModifiedAt) {
        OrderRequest o = TestOrders.order(1);
        return new ErpSimulator.Order("SO-1", "OPEN", new OrderRequest(o.salesforceRecordId(), o.salesforceOrgId(),
                o.customerAccountId(), o.name(), o.amount(), o.closeDate(), o.ownerId(), o.stage(), sourceModifiedAt, null));
    }
}
