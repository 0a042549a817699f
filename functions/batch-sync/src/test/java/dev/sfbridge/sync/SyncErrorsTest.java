package dev.sfbridge.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** failedResults into the error table; sent again by later runs; removed once through; parked at the limit (3 here). */
class SyncErrorsTest {
    @AutoClose
    private final SyncFixture fixture = new SyncFixture();

    @Test
    void aRecordFailingInTheRetryAndAgainAsANewerChangeCountsOneAttemptForTheRunAndKeepsTheNewerRow() {
        fixture.bulk.failRecord("INV-R", "FIELD_CUSTOM_VALIDATION_EXCEPTION", "Due date must not be before the issue date", 3);
        fixture.invoice("INV-R", "C-1", SyncFixture.NOW.minus(Duration.ofMinutes(30)), "first");
        assertEquals(SyncRunner.Outcome.SUCCEEDED, fixture.run());
        assertEquals(1, only().attempts());

        // changed again: the next run sends the kept row in its retry and the change from the feed, both refused
        fixture.invoice("INV-R", "C-1", SyncFixture.NOW.plus(Duration.ofMinutes(1)), "second");
        fixture.clock.advance(Duration.ofMinutes(10));
        assertEquals(SyncRunner.Outcome.SUCCEEDED, fixture.run());

        SyncError error = only();
        assertEquals(2, error.attempts(), "one attempt per run, not per job");
        assertFalse(error.parked());
        assertEquals("second", error.row().get("Description__c"), "the row the next run sends is the newest");
    }

    @Test
    void aRefusedRowIsRecordedWithItsErrorAndRemovedOnceTheNextRunGetsItThrough() {
        fixture.invoices(10, SyncFixture.NOW.minus(Duration.ofHours(1)));
        fixture.failRecordOnce("INV-00004");

        assertEquals(SyncRunner.Outcome.SUCCEEDED, fixture.run());

        SyncError error = only();
        assertEquals("INV-00004", error.key());
        assertEquals("FIELD_CUSTOM_VALIDATION_EXCEPTION:Due date must not be before the issue date:--", error.error());
        assertEquals(1, error.attempts());
        assertEquals(SyncFixture.NOW, error.firstSeen());
        assertEquals("C-2", error.row().get("Account__r.ERP_Customer_Number__c"));
        assertFalse(error.parked());
        assertEquals(1L, fixture.metrics.emitted().get("SyncRecordsFailed"));
        assertEquals(9, fixture.bulk.recordCount(SyncFixture.OBJECT));

        // fixed in the org (the rule no longer refuses it): the next run, with no new change, sends the row again
        fixture.clock.advance(Duration.ofMinutes(5));
        assertEquals(SyncRunner.Outcome.SUCCEEDED, fixture.run());

        assertEquals(List.of(), errors());
        assertEquals("Invoice INV-00004", fixture.record("INV-00004").get("Description__c"));
    }

    @Test
    void anInvoiceOfAnAccountTheOrgLacksWaitsInTheErrorTableUntilTheAccountExists() {
        fixture.invoice("INV-ORPHAN", "C-1", SyncFixture.NOW.minus(Duration.ofMinutes(30)));
        fixture.erp.invoices().put(new java.util.LinkedHashMap<>(java.util.Map.of("invoiceNumber", "INV-NEW-CUSTOMER",
                "customerNumber", "C-NEW", "modifiedAt", SyncFixture.NOW.minus(Duration.ofMinutes(20)))));

        assertEquals(SyncRunner.Outcome.SUCCEEDED, fixture.run());
        assertTrue(only().error().startsWith("INVALID_FIELD:Foreign key external ID: C-NEW not found"), only().error());

        String account = fixture.bulk.addAccount("C-NEW");
        fixture.clock.advance(Duration.ofMinutes(5));
        assertEquals(SyncRunner.Outcome.SUCCEEDED, fixture.run());

        assertEquals(List.of(), errors());
        assertEquals(account, fixture.record("INV-NEW-CUSTOMER").get("Account__c"));
    }

    @Test
    void aRowThatKeepsFailingIsParkedAtTheLimitAndSentAgainOnlyOnceAnOperatorRetriesIt() {
        fixture.invoice("INV-BAD", "C-1", SyncFixture.NOW.minus(Duration.ofMinutes(30)));
        fixture.bulk.failRecord("INV-BAD", "FIELD_CUSTOM_VALIDATION_EXCEPTION", "Amount must be positive", 3);

        for (int run = 1; run <= 3; run++) {
            assertEquals(SyncRunner.Outcome.SUCCEEDED, fixture.run());
            assertEquals(run, only().attempts());
            fixture.clock.advance(Duration.ofMinutes(5));
        }
        assertTrue(only().parked());
        assertEquals(1L, fixture.metrics.emitted().get("SyncErrorsParked"));

        int jobsBefore = fixture.bulk.jobs().size();
        assertEquals(SyncRunner.Outcome.SUCCEEDED, fixture.run());
        assertEquals(jobsBefore, fixture.bulk.jobs().size(), "a parked row is not sent again");
        assertEquals(3, only().attempts());

        assertTrue(fixture.errors(fixture.dynamoDb).unpark(InvoiceSync.NAME, "INV-BAD"));
        fixture.clock.advance(Duration.ofMinutes(5));
        assertEquals(SyncRunner.Outcome.SUCCEEDED, fixture.run());

        assertEquals(List.of(), errors());
        assertEquals("Invoice INV-BAD", fixture.record("INV-BAD").get("Description__c"));
    }

    private List<SyncError> errors() {
        return fixture.errors(fixture.dynamoDb).errors(InvoiceSync.NAME).toList();
    }

    private SyncError only() {
        List<SyncError> errors = errors();
        assertEquals(1, errors.size(), errors.toString());
        return errors.getFirst();
    }
}
