package dev.sfbridge.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntPredicate;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The seed decides every fault; a kind left out never strikes; the flags. */
class ChaosPlanTest {

    @Test
    void theSameSeedGivesTheSameScheduleAndAnotherSeedAnother() {
        ChaosPlan one = new ChaosPlan(42, EnumSet.allOf(ChaosFault.class));
        ChaosPlan again = new ChaosPlan(42, EnumSet.allOf(ChaosFault.class));
        ChaosPlan other = new ChaosPlan(43, EnumSet.allOf(ChaosFault.class));

        for (ChaosFault kind : ChaosFault.values()) {
            assertEquals(schedule(one, kind), schedule(again, kind), kind.flag());
        }
        assertNotEquals(schedule(one, ChaosFault.ERP_5XX), schedule(other, ChaosFault.ERP_5XX));
    }

    @Test
    void eachKindStrikesAboutItsShareAndOnlyWhenOn() {
        ChaosPlan plan = new ChaosPlan(7, EnumSet.of(ChaosFault.ERP_5XX));

        long struck = LongStream.rangeClosed(1, 100_000).filter(key -> plan.strikes(ChaosFault.ERP_5XX, key)).count();
        assertTrue(Math.abs(struck - 5_000) < 300, struck + " of 100,000 for a share of 5 %");
        assertEquals(0, LongStream.rangeClosed(1, 100_000).filter(key -> plan.strikes(ChaosFault.POISON, key)).count());
    }

    @Test
    void theChaosRunTestsSeedStrikesEveryRecordNumberedKindAmongItsRecords() {
        ChaosPlan plan = new ChaosPlan(ChaosRunTest.SEED, EnumSet.allOf(ChaosFault.class));
        Map<String, IntPredicate> kinds = Map.of("poison", plan::poison, "race", plan::racing, "same-second", plan::sameSecond,
                "resend-newer", plan::resentNewer,
                "erp-timeout", n -> !plan.poison(n) && plan.strikes(ChaosFault.ERP_TIMEOUT, n),
                "erp-lost-answer", n -> !plan.poison(n) && plan.strikes(ChaosFault.ERP_LOST_ANSWER, n),
                "erp-status", n -> plan.strikes(ChaosFault.ERP_STATUS, n));

        kinds.forEach((kind, struck) -> assertTrue(IntStream.rangeClosed(1, 400).anyMatch(struck), kind + " among 400 records"));
        // how many invocations and item calls a run makes depends on how its pollers interleave: the kinds counted by
        // call strike in the first few, which every run makes
        Map.of(ChaosFault.LISTENER_CRASH, 2, ChaosFault.WORKER_CRASH, 2, ChaosFault.CALLBACK_CRASH, 2,
                ChaosFault.DYNAMODB_THROTTLE, 20, ChaosFault.SQS_REDELIVER, 20, ChaosFault.SQS_MID_REDELIVER, 100).forEach((kind, calls) ->
                        assertTrue(LongStream.rangeClosed(1, calls).anyMatch(call -> plan.strikes(kind, call)), kind.flag() + " in its first " + calls));
        // the kills are counted per step boundary: every run of 400 makes each of the worker's steps 400 times at
        // least, and some 15 writes to the org
        KILLS_THE_RUN_TEST_TAKES.forEach((kind, boundaries) -> boundaries.forEach(at -> {
            int calls = at.step().org() ? 8 : 300;
            assertTrue(LongStream.rangeClosed(1, calls).anyMatch(call -> plan.strikesAt(kind, at, call)), kind.flag() + " " + at + " in its first " + calls);
        }));
    }

    /**
     * The kills {@link ChaosRunTest} sees at each of these boundaries: the worker's steps, the callback's status admission
     * and its write to the org.
     */
    static final Map<ChaosFault, List<InvocationKills.Boundary>> KILLS_THE_RUN_TEST_TAKES = Map.of(
            ChaosFault.WORKER_KILL, Stream.of(InvocationKills.Step.CLAIM, InvocationKills.Step.GUARD_ADMISSION,
                    InvocationKills.Step.ERP_UPSERT, InvocationKills.Step.ENQUEUE).map(step -> new InvocationKills.Boundary(true, step)).toList(),
            ChaosFault.CALLBACK_KILL, Stream.of(InvocationKills.Step.GUARD_ADMISSION, InvocationKills.Step.ORG_WRITE)
                    .map(step -> new InvocationKills.Boundary(true, step)).toList());

    @Test
    void eachKillKindsBoundaryHasACountOfItsOwn() {
        ChaosPlan plan = new ChaosPlan(11, EnumSet.of(ChaosFault.WORKER_KILL));
        InvocationKills.Boundary afterUpsert = new InvocationKills.Boundary(true, InvocationKills.Step.ERP_UPSERT);
        InvocationKills.Boundary beforeUpsert = new InvocationKills.Boundary(false, InvocationKills.Step.ERP_UPSERT);

        assertNotEquals(schedule(plan, ChaosFault.WORKER_KILL, afterUpsert), schedule(plan, ChaosFault.WORKER_KILL, beforeUpsert));
        long struck = LongStream.rangeClosed(1, 100_000).filter(call -> plan.strikes(ChaosFault.WORKER_KILL,
                ChaosPlan.boundaryKey(ChaosFault.WORKER_KILL, afterUpsert, call))).count();
        assertTrue(Math.abs(struck - 100) < 40, struck + " of 100,000 for a share of 0.1 %");
        assertEquals(List.of(), schedule(plan, ChaosFault.CALLBACK_KILL, afterUpsert), "off");
    }

    @Test
    void theOrgsFewCallsAreStruckOnAShareOfTheirOwn() {
        ChaosPlan plan = new ChaosPlan(11, EnumSet.of(ChaosFault.CALLBACK_KILL));
        InvocationKills.Boundary afterWrite = new InvocationKills.Boundary(true, InvocationKills.Step.ORG_WRITE);
        InvocationKills.Boundary afterAdmission = new InvocationKills.Boundary(true, InvocationKills.Step.GUARD_ADMISSION);

        long writes = LongStream.rangeClosed(1, 100_000).filter(call -> plan.strikesAt(ChaosFault.CALLBACK_KILL, afterWrite, call)).count();
        long admissions = LongStream.rangeClosed(1, 100_000)
                .filter(call -> plan.strikesAt(ChaosFault.CALLBACK_KILL, afterAdmission, call)).count();
        assertTrue(Math.abs(writes - 5_000) < 300, writes + " of 100,000 org writes for a share of 5 %");
        assertTrue(Math.abs(admissions - 100) < 40, admissions + " of 100,000 admissions for a share of 0.1 %");
    }

    @Test
    void aPoisonRecordNeverRaces() {
        ChaosPlan plan = new ChaosPlan(3, EnumSet.of(ChaosFault.POISON, ChaosFault.RACE));

        assertTrue(java.util.stream.IntStream.rangeClosed(1, 10_000).noneMatch(n -> plan.poison(n) && plan.racing(n)));
    }

    @Test
    void aRecordTakesOneOfTheLaterChangesAtMostAndNeverWhenPoison() {
        ChaosPlan plan = new ChaosPlan(3, EnumSet.allOf(ChaosFault.class));

        java.util.stream.IntStream.rangeClosed(1, 10_000).forEach(n -> assertTrue(
                (plan.poison(n) ? 1 : 0) + (plan.racing(n) ? 1 : 0) + (plan.sameSecond(n) ? 1 : 0) + (plan.resentNewer(n) ? 1 : 0) <= 1,
                "record " + n));
        assertTrue(java.util.stream.IntStream.rangeClosed(1, 10_000).anyMatch(plan::sameSecond));
        assertTrue(java.util.stream.IntStream.rangeClosed(1, 10_000).anyMatch(plan::resentNewer));
        assertEquals(50, plan.deletedRecords(10_000));
        assertEquals(1, plan.deletedRecords(10), "at least one when the kind is on");
        assertEquals(0, ChaosPlan.off().deletedRecords(10_000));
    }

    @Test
    void theFlags() {
        LocalOptions options = LocalOptions.parse("--chaos", "erp-5xx, poison", "--seed", "-12", "--notifications", "30");
        assertEquals(Set.of(ChaosFault.ERP_5XX, ChaosFault.POISON), options.chaos());
        assertEquals(-12, options.seed());
        assertEquals(30, options.opportunities());
        assertEquals(EnumSet.allOf(ChaosFault.class), LocalOptions.parse("--chaos", "all").chaos());
        assertEquals(Set.of(), LocalOptions.parse().chaos());

        assertTrue(assertThrows(IllegalArgumentException.class, () -> LocalOptions.parse("--chaos", "erp-5xx,gremlins"))
                .getMessage().contains("not gremlins"));
        assertThrows(IllegalArgumentException.class, () -> LocalOptions.parse("--seed", "seventeen"));
        assertThrows(IllegalArgumentException.class, () -> LocalOptions.parse("--opportunities", "3", "--notifications", "3"));
        assertThrows(IllegalArgumentException.class, () -> LocalOptions.parse("--chaos", "all", "--message", "id-only"));
    }

    @Test
    void theHelpAndReliabilityMdNameEveryKind() throws IOException {
        String kinds = Files.readString(Path.of("../docs/reliability.md"));
        for (ChaosFault kind : ChaosFault.values()) {
            assertTrue(LocalOptions.HELP.contains(kind.flag()), kind.flag() + " in --help");
            assertTrue(kinds.contains("| `" + kind.flag() + "` |"), kind.flag() + " in reliability.md's table of the kinds");
        }
    }

    private static List<Long> schedule(ChaosPlan plan, ChaosFault kind, InvocationKills.Boundary at) {
        return LongStream.rangeClosed(1, 2_000).filter(call -> plan.strikes(kind, ChaosPlan.boundaryKey(kind, at, call))).boxed().toList();
    }

    private static List<Long> schedule(ChaosPlan plan, ChaosFault kind) {
        return LongStream.rangeClosed(1, 2_000).filter(key -> plan.strikes(kind, key)).boxed().toList();
    }
}
