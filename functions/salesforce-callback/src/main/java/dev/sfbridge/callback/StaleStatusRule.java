package dev.sfbridge.callback;

import dev.sfbridge.salesforce.RecordResult;
import dev.sfbridge.salesforce.SalesforceError;

/**
 * The org's validation rule {@code SFBridge_No_Older_ERP_Status} (salesforce/): it refuses an update whose
 * status change time is older than the record's, so the org itself orders the status writes. Its refusal is
 * recognised by the rule's error message, which begins with {@link #MARKER}.
 */
final class StaleStatusRule {
    static final String MARKER = "SFBRIDGE_STALE_STATUS";
    private static final String VALIDATION_FAILED = "FIELD_CUSTOM_VALIDATION_EXCEPTION";

    private StaleStatusRule() {}

    /** The record was refused by this rule alone: a newer status is already on it. */
    static boolean refused(RecordResult result) {
        return !result.success() && !result.errors().isEmpty() && result.errors().stream().allMatch(StaleStatusRule::isStale);
    }

    private static boolean isStale(SalesforceError error) {
        return VALIDATION_FAILED.equals(error.code()) && error.message() != null && error.message().startsWith(MARKER);
    }
}
