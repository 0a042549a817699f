package dev.sfbridge.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** An applied attempt's answer is lost once, whichever the ERP or the client tells first. */
class AbandonedAttemptsTest {
    private static final ErpOrderLedger.Change CHANGE = new ErpOrderLedger.Change("006000000000001AAA", Instant.parse("2026-11-20T10:00:00Z"));

    private final List<ErpOrderLedger.Change> lost = new CopyOnWriteArrayList<>();
    private final AbandonedAttempts attempts = new AbandonedAttempts(lost::add);

    @Test
    void anAttemptAppliedOnlyIsNoLoss() {
        attempts.applied("a", CHANGE);

        assertEquals(List.of(), lost);
    }

    @Test
    void anAttemptGivenUpOnThatTheErpAppliedLaterIsALoss() {
        attempts.abandoned("a");
        attempts.applied("a", CHANGE);

        assertEquals(List.of(CHANGE), lost);
    }

    @Test
    void anAppliedAttemptTheClientGivesUpOnAfterIsALoss() {
        attempts.applied("a", CHANGE);
        attempts.abandoned("b");
        attempts.abandoned("a");

        assertEquals(List.of(CHANGE), lost);
    }

    @Test
    void anAttemptLostByAFaultAndThenGivenUpOnIsOneLoss() {
        attempts.lost("a", CHANGE);
        attempts.abandoned("a");
        attempts.lost("a", CHANGE);

        assertEquals(List.of(CHANGE), lost);
    }

    @Test
    void writesOfClientsThatNameNoAttemptAreLostEachTime() {
        attempts.lost(null, CHANGE);
        attempts.lost(null, CHANGE);
        attempts.applied(null, CHANGE);

        assertEquals(List.of(CHANGE, CHANGE), lost);
    }
}
