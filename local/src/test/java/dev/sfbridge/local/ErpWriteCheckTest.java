package dev.sfbridge.local;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sfbridge.testing.ErpOrderLedger;
import dev.sfbridge.testing.ErpOrderLedger.Change;
import dev.sfbridge.testing.ErpOrderLedger.StaleRefusal;
import dev.sfbridge.testing.ErpOrderLedger.Writes;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** A repeated ERP write the injected faults do not explain, and an older change sent after a newer one, fail a chaos run. */
class ErpWriteCheckTest {
    private static final Instant OLDER = Instant.parse("2026-11-20T10:00:01Z");
    private static final Instant NEWER = Instant.parse("2026-11-21T10:00:01Z");
    private static final Map<String, String> NOTIFICATIONS = Map.of("04l1", "a", "04l2", "b");

    @Test
    void eachChangeWrittenOnceIsNoRepeat() {
        ErpWriteCheck check = ErpWriteCheck.of(List.of(new Writes(new Change("a", OLDER), 1, 0),
                new Writes(new Change("a", NEWER), 1, 0), new Writes(new Change("b", OLDER), 1, 0)), List.of(), List.of(), List.of(), NOTIFICATIONS, Set.of());

        assertEquals(List.of(), check.mismatches());
        assertEquals(3, check.writes());
        assertEquals(0, check.unexplainedRepeats());
    }

    @Test
    void aRepeatNoFaultExplainsIsADuplicate() {
        ErpWriteCheck check = ErpWriteCheck.of(List.of(new Writes(new Change("a", OLDER), 3, 1)), List.of(), List.of(), List.of(), NOTIFICATIONS, Set.of());

        assertEquals(List.of("a: the ERP applied its change of " + OLDER + " 3 times, 1 of them repeats no injected fault explains"),
                check.mismatches(), "one lost answer explains one repeat, not two");
        assertEquals(expected(1, 0, 0, 1), check.repeats());
    }

    @Test
    void aCompletionOrAGuardReadThrottledForGoodExplainsOneRepeatOfItsChangeOrRecord() {
        List<FailedItemCalls.Call> failed = List.of(completion("notification#04l1#" + OLDER),
                new FailedItemCalls.Call("GetItem", key("record#00Dorg#b"), false),
                // neither a completion nor a guard read: a claim's put and a release explain nothing
                new FailedItemCalls.Call("PutItem", null, false), new FailedItemCalls.Call("DeleteItem", key("notification#04l2#" + OLDER), false));
        ErpWriteCheck explained = ErpWriteCheck.of(List.of(new Writes(new Change("a", OLDER), 2, 0),
                new Writes(new Change("b", OLDER), 2, 0)), List.of(), failed, List.of(), NOTIFICATIONS, Set.of());
        ErpWriteCheck otherChange = ErpWriteCheck.of(List.of(new Writes(new Change("a", NEWER), 2, 0)), List.of(), failed, List.of(), NOTIFICATIONS, Set.of());

        assertEquals(List.of(), explained.mismatches());
        assertEquals(expected(0, 1, 1, 0), explained.repeats());
        assertEquals(1, otherChange.unexplainedRepeats(), "the completion failed for the change of " + OLDER + ", not " + NEWER);
    }

    @Test
    void aWorkerKilledAfterItsWriteExplainsOneRepeatOfThatChangeAndNoOther() {
        List<Change> killedAfterWrite = List.of(new Change("a", OLDER));
        ErpWriteCheck explained = ErpWriteCheck.of(List.of(new Writes(new Change("a", OLDER), 2, 0)), List.of(), List.of(),
                killedAfterWrite, NOTIFICATIONS, Set.of());
        ErpWriteCheck twice = ErpWriteCheck.of(List.of(new Writes(new Change("a", OLDER), 3, 0)), List.of(), List.of(),
                killedAfterWrite, NOTIFICATIONS, Set.of());
        ErpWriteCheck otherChange = ErpWriteCheck.of(List.of(new Writes(new Change("a", NEWER), 2, 0)), List.of(), List.of(),
                killedAfterWrite, NOTIFICATIONS, Set.of());
        ErpWriteCheck notKilled = ErpWriteCheck.of(List.of(new Writes(new Change("a", OLDER), 2, 0)), List.of(), List.of(),
                List.of(), NOTIFICATIONS, Set.of());

        assertEquals(List.of(), explained.mismatches());
        assertEquals(1, explained.repeats().get(ErpWriteCheck.KILLED_AFTER_WRITE));
        assertEquals(1, twice.unexplainedRepeats(), "one kill explains one repeat, not two");
        assertEquals(1, otherChange.unexplainedRepeats(), "the kill came after the write of " + OLDER + ", not " + NEWER);
        assertEquals(List.of("a: the ERP applied its change of " + OLDER + " 2 times, 1 of them repeats no injected fault explains"),
                notKilled.mismatches());
    }

    @Test
    void aSecondChangeInTheSameSecondExplainsTwoWritesOfThatRecordAndNoOthers() {
        Set<String> sameSecond = Set.of("a");
        ErpWriteCheck explained = ErpWriteCheck.of(List.of(new Writes(new Change("a", OLDER), 3, 0)), List.of(), List.of(), List.of(), NOTIFICATIONS,
                sameSecond);
        ErpWriteCheck tooMany = ErpWriteCheck.of(List.of(new Writes(new Change("a", OLDER), 4, 0)), List.of(), List.of(), List.of(), NOTIFICATIONS,
                sameSecond);
        ErpWriteCheck otherRecord = ErpWriteCheck.of(List.of(new Writes(new Change("b", OLDER), 2, 0)), List.of(), List.of(), List.of(), NOTIFICATIONS,
                sameSecond);

        assertEquals(List.of(), explained.mismatches());
        assertEquals(2, explained.repeats().get(ErpWriteCheck.SAME_SECOND));
        assertEquals(1, tooMany.unexplainedRepeats(), "its own write and the first change's rewrite, not a third");
        assertEquals(1, otherRecord.unexplainedRepeats(), "only the record changed twice in one second");
    }

    @Test
    void anOlderChangeRefusedAfterTheNewerOneWasWrittenIsTheGuardsMissNotTheErps() {
        ErpWriteCheck check = ErpWriteCheck.of(List.of(), List.of(new StaleRefusal(new Change("a", OLDER), NEWER, true),
                new StaleRefusal(new Change("b", OLDER), NEWER, false)), List.of(), List.of(), NOTIFICATIONS, Set.of());

        assertEquals(List.of("b: the ERP refused its change of " + OLDER + " (412) as older than the one of " + NEWER
                + " it held; that older change was sent only after the newer one was written, which the worker's guard must stop"),
                check.mismatches());
        assertEquals(2, check.staleRefused());
        assertEquals(1, check.staleUnderWay());
    }

    private static Map<String, Integer> expected(int lost, int completions, int guardReads, int unexplained) {
        Map<String, Integer> repeats = new LinkedHashMap<>();
        repeats.put(ErpWriteCheck.LOST_ANSWER, lost);
        repeats.put(ErpWriteCheck.FAILED_COMPLETION, completions);
        repeats.put(ErpWriteCheck.FAILED_GUARD_READ, guardReads);
        repeats.put(ErpWriteCheck.KILLED_AFTER_WRITE, 0);
        repeats.put(ErpWriteCheck.SAME_SECOND, 0);
        repeats.put(ErpWriteCheck.UNEXPLAINED, unexplained);
        return repeats;
    }

    private static FailedItemCalls.Call completion(String id) {
        return new FailedItemCalls.Call("UpdateItem", key(id), true);
    }

    private static Map<String, AttributeValue> key(String id) {
        return Map.of("id", AttributeValue.fromS(id));
    }
}
