package dev.sfbridge.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** `./dev bench sync`'s command line: what it takes, and a clear refusal (exit 2 through HarnessMain) of the rest. */
class SyncBenchHarnessTest {
    @Test
    void itsFlagsAreReadAndAnythingElseIsRefusedWithTheUsage() {
        assertEquals(Map.of("--accounts", "1000", "--heap", "128m", "--baseline", "false"),
                SyncBenchHarness.flags(new String[] {"--accounts", "1000", "--heap", "128m", "--baseline", "false"}));
        assertEquals(Map.of(), SyncBenchHarness.flags(new String[0]));

        assertEquals(SyncBenchHarness.USAGE, assertThrows(IllegalArgumentException.class,
                () -> SyncBenchHarness.flags(new String[] {"--invoice", "10"})).getMessage());
        assertEquals(SyncBenchHarness.USAGE, assertThrows(IllegalArgumentException.class,
                () -> SyncBenchHarness.flags(new String[] {"--invoices"})).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SyncBenchHarness.flags(new String[] {"--invoices", "1e6"}))
                .getMessage().startsWith("--invoices takes a whole number, not 1e6"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SyncBenchHarness.flags(new String[] {"--baseline", "yes"}))
                .getMessage().startsWith("--baseline takes true or false, not yes"));
    }
}
