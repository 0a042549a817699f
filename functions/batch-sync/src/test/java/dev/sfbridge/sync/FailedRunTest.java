package dev.sfbridge.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sfbridge.bulk.IngestJob;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

class FailedRunTest {
    @AutoClose
    private final SyncFixture fixture = new SyncFixture();

    @ParameterizedTest
    @EnumSource(value = IngestJob.State.class, names = {"Failed", "Aborted"})
    void aJobThatEndsFailedOrAbortedFailsTheRunWithItsReasonAndLeavesTheWatermark(IngestJob.State end) {
        fixture.invoices(10, SyncFixture.NOW.minus(Duration.ofHours(1)));
        assertEquals(SyncRunner.Outcome.SUCCEEDED, fixture.run());
        SyncState before = fixture.state();
        fixture.invoices(20, SyncFixture.NOW.plus(Duration.ofMinutes(1)));
        fixture.clock.advance(Duration.ofMinutes(10));
        fixture.bulk.endNextJob(end, "InvalidBatch : Field name not found : Due_On__c");
        fixture.metrics.clear();

        assertEquals(SyncRunner.Outcome.FAILED, fixture.run());

        SyncState failed = fixture.state();
        assertEquals(SyncState.Status.FAILED, failed.status());
        assertTrue(failed.reason().contains("ended " + end), failed.reason());
        assertTrue(failed.reason().contains("Field name not found : Due_On__c"), failed.reason());
        assertEquals(before.watermark(), failed.watermark());
        assertEquals(Map.of(), failed.restart());
        assertEquals(1L, fixture.metrics.emitted().get("SyncRunsFailed[Job=erp-invoices-to-salesforce]"));

        // fixed: the next run reads the same window again and syncs it
        assertEquals(SyncRunner.Outcome.SUCCEEDED, fixture.run());
        assertEquals("Invoice INV-00020", fixture.record("INV-00020").get("Description__c"));
        assertEquals(SyncFixture.NOW.plus(Duration.ofMinutes(10)).minus(SyncFixture.LAG), fixture.state().watermark());
    }

    @Test
    void aFeedPageThatBreaksTheContractFailsTheRunAndSaysWhy() {
        fixture.erp.failNext(dev.sfbridge.testing.ErpSimulator.INVOICE_CHANGES, 1,
                new dev.sfbridge.testing.ErpSimulator.Fault.Respond(200, Map.of(), "{\"changes\": []}"));

        assertEquals(SyncRunner.Outcome.FAILED, fixture.run());

        assertTrue(fixture.state().reason().contains("no \"invoices\" array"), fixture.state().reason());
        assertEquals(null, fixture.state().watermark());
    }

    @Test
    void anErpThatStaysUnavailableInterruptsTheRunWhichResumesLater() {
        fixture.invoices(5, SyncFixture.NOW.minus(Duration.ofHours(1)));
        fixture.erp.failNext(dev.sfbridge.testing.ErpSimulator.INVOICE_CHANGES, 3,
                new dev.sfbridge.testing.ErpSimulator.Fault.Respond(503, Map.of(), "{\"error\":\"unavailable\"}"));

        assertEquals(SyncRunner.Outcome.INTERRUPTED, fixture.run());
        assertEquals(SyncState.Status.RUNNING, fixture.state().status());

        assertEquals(SyncRunner.Outcome.SUCCEEDED, fixture.run());
        assertEquals(5, fixture.bulk.recordCount(SyncFixture.OBJECT));
    }
}
