package dev.sfbridge.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The control item holds the de-duplication's {@code key@modifiedAt} of two runs (docs/batch-sync.md, "Control
 * table"): with long invoice numbers and thousands of changes in the lookback tail they would outgrow DynamoDB's
 * 400 KB item; DynamoDB Local refuses such an item as DynamoDB does.
 */
class ControlItemSizeTest {
    /** The first run's changes, all inside its lookback tail, a quarter of a second apart. */
    private static final int FIRST = 3_000;
    /** The second run's, a tenth of a second apart inside its own tail. */
    private static final int SECOND = 3_000;
    /** The second run starts this much after the first: a schedule shorter than the lookback. */
    private static final Duration PERIOD = Duration.ofMinutes(5);

    @AutoClose
    private final SyncFixture fixture = new SyncFixture();

    @Test
    void longKeysAndThousandsOfTailChangesKeepTheItemUnderTheLimitAndSkipNothing() {
        fixture.settings = new InvoiceSync.Settings(500, 4 * 1024 * 1024, 1000, 3, SyncFixture.LOOKBACK);
        Instant firstEnd = SyncFixture.NOW.minus(SyncFixture.LAG);
        Instant firstTail = firstEnd.minus(SyncFixture.LOOKBACK).plusSeconds(60);
        IntStream.range(0, FIRST).forEach(i -> invoice(i, firstTail.plusMillis(250L * i), "first"));
        assertEquals(SyncRunner.Outcome.SUCCEEDED, fixture.run());

        fixture.clock.advance(PERIOD);
        // the second run's changes: new invoices, and the first run's last 500 changed again (a new modifiedAt)
        IntStream.range(FIRST, FIRST + SECOND).forEach(i -> invoice(i, firstEnd.plusMillis(90L * (i - FIRST)), "second"));
        IntStream.range(FIRST - 500, FIRST).forEach(i -> invoice(i, firstEnd.plusMillis(90L * (i - FIRST + 500) + 45), "changed"));
        assertEquals(SyncRunner.Outcome.SUCCEEDED, fixture.run());

        Map<String, AttributeValue> item = item();
        assertTrue(tailBytes(item) <= 2 * SyncState.TAIL_BYTES, "the tails hold " + tailBytes(item) + " bytes");
        assertTrue(itemBytes(item) < 400 * 1024, itemBytes(item) + " bytes");
        // nothing skipped: every invoice in the org with its latest values
        IntStream.range(0, FIRST + SECOND).forEach(i -> assertEquals(
                (i < FIRST - 500 ? "first " : i < FIRST ? "changed " : "second ") + number(i),
                fixture.record(number(i)).get("Description__c"), number(i)));
        // the newest changes are the ones kept for the next run
        SyncState state = fixture.state();
        assertTrue(state.recent().contains(number(FIRST + SECOND - 1) + "@" + firstEnd.plusMillis(90L * (SECOND - 1))));
        String oldestInTheNextLookback = number(FIRST) + "@" + firstEnd;
        assertFalse(state.recent().contains(oldestInTheNextLookback), "the tail was trimmed from its oldest entries");

        // what the trimming dropped is sent again by the next run, harmlessly; what it kept is skipped
        fixture.clock.advance(PERIOD);
        assertEquals(SyncRunner.Outcome.SUCCEEDED, fixture.run());
        assertEquals(2, fixture.writes(number(FIRST)), "dropped from the tail: written again");
        assertEquals(1, fixture.writes(number(FIRST + SECOND - 1)), "kept in the tail: skipped");
        assertTrue(tailBytes(item()) <= 2 * SyncState.TAIL_BYTES);
    }

    private void invoice(int i, Instant modifiedAt, String round) {
        fixture.invoice(number(i), "C-" + (i % 3 + 1), modifiedAt, round + " " + number(i));
    }

    /** An invoice number as long as an ERP may make them: a prefix, a UUID-like body, a counter; 60 characters. */
    private static String number(int i) {
        return "INVOICE-5f0c2a8e-1b7d-4e3a-9c6f-2d8b7a1e4c90-SEQ-%010d".formatted(i);
    }

    private Map<String, AttributeValue> item() {
        return fixture.dynamoDb.getItem(b -> b.tableName(fixture.controlTable)
                .key(Map.of(SyncControlTable.JOB, AttributeValue.fromS(InvoiceSync.NAME))).consistentRead(true)).item();
    }

    private static long tailBytes(Map<String, AttributeValue> item) {
        return bytes(item, "recent") + bytes(item, "nextRecent");
    }

    private static long bytes(Map<String, AttributeValue> item, String name) {
        AttributeValue set = item.get(name);
        return set == null ? 0 : set.ss().stream().mapToLong(s -> s.getBytes(StandardCharsets.UTF_8).length).sum();
    }

    /** The item's size as DynamoDB counts it, near enough: every name and every string's UTF-8 bytes. */
    private static long itemBytes(Map<String, AttributeValue> item) {
        return item.entrySet().stream().mapToLong(e -> e.getKey().length() + size(e.getValue())).sum();
    }

    private static long size(AttributeValue value) {
        if (value.hasSs()) {
            return value.ss().stream().mapToLong(s -> s.getBytes(StandardCharsets.UTF_8).length).sum();
        }
        if (value.hasM()) {
            return 3 + value.m().entrySet().stream().mapToLong(e -> 1 + e.getKey().length() + size(e.getValue())).sum();
        }
        return (value.s() != null ? value.s() : value.n()).getBytes(StandardCharsets.UTF_8).length;
    }
}
