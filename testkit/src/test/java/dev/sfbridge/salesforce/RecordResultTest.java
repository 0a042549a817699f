package dev.sfbridge.salesforce;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Which per-record errors Salesforce clears by itself, judged by code and message. */
class RecordResultTest {
    private static RecordResult failed(String code, String message) {
        return RecordResult.failed("006000000000001AAA", List.of(new SalesforceError(code, message, List.of())));
    }

    @Test
    void aRowLockIsOneWhetherReportedBareOrThroughTheTriggerThatHitIt() {
        assertTrue(failed("UNABLE_TO_LOCK_ROW", "unable to obtain exclusive access to this record").rowLocked());
        assertTrue(failed("CANNOT_INSERT_UPDATE_ACTIVATE_ENTITY", "OpportunityTrigger: execution of AfterUpdate caused by: "
                + "System.DmlException: Update failed. first error: UNABLE_TO_LOCK_ROW, unable to obtain exclusive access").rowLocked());
        assertFalse(failed("CANNOT_INSERT_UPDATE_ACTIVATE_ENTITY", "OpportunityTrigger: System.NullPointerException").rowLocked());
    }

    @Test
    void theOrgsLimitsAndInternalErrorsAndAFailureWithoutAnErrorAreTransientAndNothingElse() {
        assertTrue(failed("REQUEST_LIMIT_EXCEEDED", "ConcurrentPerOrgLongTxn Limit exceeded.").transientFailure());
        assertTrue(failed("UNKNOWN_EXCEPTION", "An unexpected error occurred.").transientFailure());
        assertTrue(RecordResult.failed("006000000000001AAA", List.of()).transientFailure());
        assertFalse(RecordResult.failed("006000000000001AAA", List.of()).rowLocked());
        assertFalse(failed("CANNOT_INSERT_UPDATE_ACTIVATE_ENTITY", "OpportunityTrigger: System.NullPointerException").transientFailure());
        assertFalse(failed("STRING_TOO_LONG", "data value too large").transientFailure());
        assertFalse(RecordResult.failed("006000000000001AAA", List.of(new SalesforceError("UNKNOWN_EXCEPTION", "x", List.of()),
                new SalesforceError("INVALID_FIELD", "y", List.of()))).transientFailure(), "one error of the record's own decides");
        assertFalse(RecordResult.ok("006000000000001AAA").transientFailure());
    }
}
