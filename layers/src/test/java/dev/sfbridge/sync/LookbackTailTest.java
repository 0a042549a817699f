package dev.sfbridge.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class LookbackTailTest {
    private static final Instant T = Instant.parse("2026-11-27T08:44:12.250Z");

    @Test
    void aTailWithinItsBytesIsKeptWhole() {
        Set<String> tail = Set.of("INV-1@" + T, "INV-2@" + T.plusSeconds(1));

        assertSame(tail, LookbackTail.newest(tail, LookbackTail.bytes(tail)));
    }

    @Test
    void aTailOverItsBytesKeepsItsNewestEntriesWhateverTheTextOfTheirTimes() {
        // "…:13Z" sorts before "…:12.250Z" as text, though it is later: times are compared as times
        Set<String> tail = Set.of("A@" + T, "B@2026-11-27T08:44:13Z", "C@" + T.minusSeconds(1), "D@" + T.plusSeconds(2));
        long twoEntries = "B@2026-11-27T08:44:13Z".length() + ("D@" + T.plusSeconds(2)).length();

        assertEquals(Set.of("B@2026-11-27T08:44:13Z", "D@" + T.plusSeconds(2)), LookbackTail.newest(tail, twoEntries));
        assertEquals(Set.of("D@" + T.plusSeconds(2)), LookbackTail.newest(tail, twoEntries - 1));
    }

    @Test
    void bytesAreCountedAsUtf8AsDynamoDbCountsThem() {
        String accented = "FACTURE-É@" + T.plusSeconds(1);
        Set<String> tail = Set.of(accented, "INV-1@" + T);

        assertEquals(accented.length() + 1, LookbackTail.bytes(Set.of(accented)));
        assertEquals(Set.of(), LookbackTail.newest(tail, accented.length()));
        assertEquals(Set.of(accented), LookbackTail.newest(tail, accented.length() + 1));
    }

    @Test
    void equalTimesAndEntriesWithoutATimeGoInAFixedOrderTheTimelessFirst() {
        Set<String> tail = Set.of("A@" + T, "B@" + T, "no time at all");

        assertEquals(Set.of("B@" + T), LookbackTail.newest(tail, ("B@" + T).length()));
        assertEquals(Set.of("A@" + T, "B@" + T), LookbackTail.newest(tail, 2L * ("A@" + T).length() + 3));
    }

    @Test
    void aStateNeverHoldsMoreThanItsBytesInEitherTail() {
        Set<String> many = IntStream.range(0, 5_000).mapToObj(i -> "INVOICE-%050d@%s".formatted(i, T.plusMillis(i)))
                .collect(Collectors.toSet());

        SyncState state = new SyncState("job", null, "run", SyncState.Status.RUNNING, T, null, T, T, null, Map.of(), Map.of(),
                many, Set.of()).progressed(Map.of(), Map.of(), many);

        assertTrue(LookbackTail.bytes(state.recent()) <= SyncState.TAIL_BYTES);
        assertTrue(LookbackTail.bytes(state.nextRecent()) <= SyncState.TAIL_BYTES);
        assertTrue(state.nextRecent().contains("INVOICE-%050d@%s".formatted(4_999, T.plusMillis(4_999))), "the newest is kept");
        assertFalse(state.nextRecent().contains("INVOICE-%050d@%s".formatted(0, T)), "the oldest is dropped");
        assertEquals(state.recent(), state.nextRecent());
    }
}
