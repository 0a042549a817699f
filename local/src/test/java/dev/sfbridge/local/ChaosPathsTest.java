package dev.sfbridge.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sfbridge.model.OrderRequest;
import dev.sfbridge.testing.ErpSimulator;
import dev.sfbridge.testing.TestOrders;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Each way the paths only some changes take can go wrong is named: the data the ERP holds, the log's witness. */
class ChaosPathsTest {
    private static final ChaosPaths.Changed CHANGED = new ChaosPaths.Changed(List.of("s1"), List.of("r1"), List.of("n1"), List.of("d1"));
    private static final Map<String, String> ORG = Map.of("Amount", "2500.25");

    @Test
    void theOrgsDataInTheErpTheSameSecondCheckMetAndTheDeletedAckedNeverQueuedPasses() {
        ChaosPaths.Log log = new ChaosPaths.Log();
        log.accept(notification("n9", "s1", true));
        log.accept(notification("n9", "s1", true));
        log.accept(withoutRecord("n1"));
        log.accept(withoutRecord("n1"));

        ChaosPaths paths = ChaosPaths.of(CHANGED, log, id -> id.equals("d1") ? Optional.empty() : Optional.of(order("2500.2500")),
                id -> ORG, Set.of(), Set.of());

        assertTrue(paths.passed(), paths.report());
        assertEquals(1, paths.sameSecondHeld());
        assertEquals(1, paths.resentNewerHeld());
        assertEquals(1, paths.sameSecondChecked());
        assertEquals(2, paths.sameSecondChanges());
        assertEquals(2, paths.deletedCounted(), "a resent message's notification without a record is counted again");
    }

    @Test
    void olderDataInTheErpNoSameSecondCheckAndADeletedRecordQueuedUncountedAndOrderedAreNamed() {
        ChaosPaths.Log log = new ChaosPaths.Log();
        log.accept(notification("n8", "s1", false));
        log.accept(notification("n1", null, false));

        ChaosPaths paths = ChaosPaths.of(CHANGED, log, id -> Optional.of(order("1001.50")), id -> ORG, Set.of(), Set.of("s9"));

        assertEquals(0, paths.sameSecondHeld());
        assertEquals(0, paths.resentNewerHeld());
        assertEquals(List.of("s1: changed twice within one second, the ERP holds Amount 1001.50, the org 2500.25",
                "s1: changed twice within one second, yet no notification of it met the worker's same-second check (sameSecondChange)",
                "r1: changed before its message was sent again, the ERP holds Amount 1001.50, the org 2500.25",
                "n1: a notification without a record, not acked and counted by the listener",
                "n1: a notification without a record, queued: the worker processed it",
                "d1: deleted before its notification was delivered, yet the ERP holds an order for it"), paths.mismatches());
    }

    @Test
    void aNotificationRedeliveredMidwayCountsWhenACopyOfItMetItsClaimHeldElsewhere() {
        ChaosPaths.Log log = new ChaosPaths.Log();
        log.accept(withoutRecord("n1"));
        log.accept(heldElsewhere("m1"));
        log.accept(heldElsewhere("m9"));

        ChaosPaths paths = ChaosPaths.of(CHANGED, log, id -> id.equals("d1") ? Optional.empty() : Optional.of(order("2500.25")),
                id -> ORG, Set.of("m1", "m2"), Set.of());

        assertEquals(2, paths.redeliveredMidway());
        assertEquals(1, paths.metHeld(), "m9 met a claim held elsewhere, but was not made visible midway; m2 met none");
    }

    @Test
    void aSameSecondRecordWhoseOutcomeLineAKillTookIsCountedApartAndItsDataStillChecked() {
        ChaosPaths.Log log = new ChaosPaths.Log();
        log.accept(withoutRecord("n1"));

        ChaosPaths kept = ChaosPaths.of(CHANGED, log, id -> id.equals("d1") ? Optional.empty() : Optional.of(order("2500.25")),
                id -> ORG, Set.of(), Set.of("s1"));
        ChaosPaths olderData = ChaosPaths.of(CHANGED, log, id -> id.equals("d1") ? Optional.empty() : Optional.of(order("1001.50")),
                id -> ORG, Set.of(), Set.of("s1"));

        assertTrue(kept.passed(), kept.report());
        assertEquals(0, kept.sameSecondChecked());
        assertEquals(1, kept.sameSecondUnlogged());
        assertTrue(kept.report().contains("the worker's same-second check met by 0, 0 log lines; 1 more whose line a kill took"), kept.report());
        assertEquals(List.of("s1: changed twice within one second, the ERP holds Amount 1001.50, the org 2500.25",
                "r1: changed before its message was sent again, the ERP holds Amount 1001.50, the org 2500.25"), olderData.mismatches());
    }

    private static String heldElsewhere(String messageId) {
        return "{\"level\":\"ERROR\",\"message\":\"notification\",\"messageId\":\"%s\",\"reason\":\"held_elsewhere\",\"outcome\":\"RETRY_LATER\"}"
                .formatted(messageId);
    }

    private static String notification(String notificationId, String recordId, boolean sameSecond) {
        return "{\"level\":\"INFO\",\"message\":\"notification\",\"notificationId\":\"%s\"%s%s,\"outcome\":\"APPLIED\"}".formatted(
                notificationId, recordId == null ? "" : ",\"recordId\":\"" + recordId + "\"", sameSecond ? ",\"sameSecondChange\":true" : "");
    }

    private static String withoutRecord(String notificationId) {
        return "{\"level\":\"WARN\",\"message\":\"notification without a record, acked and not queued: its record was deleted "
                + "before delivery\",\"notificationId\":\"%s\"}".formatted(notificationId);
    }

    private static ErpSimulator.Order order(String amount) {
        OrderRequest o = TestOrders.order(1);
        return new ErpSimulator.Order("SO-1", "OPEN", new OrderRequest(o.salesforceRecordId(), o.salesforceOrgId(),
                o.customerAccountId(), o.name(), new BigDecimal(amount), o.closeDate(), o.ownerId(), o.stage(), o.sourceModifiedAt(), null));
    }
}
