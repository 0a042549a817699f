package dev.sfbridge.salesforce;

import java.util.List;

/**
 * What became of one record of a write: {@code success} as Salesforce reported it, and its errors. A failure
 * may come without any error (an entry {@code {"success": false}}): it is still a failure, of unknown cause.
 */
public record RecordResult(String id, boolean success, List<SalesforceError> errors) {
    public RecordResult {
        errors = List.copyOf(errors);
    }

    public static RecordResult ok(String id) {
        return new RecordResult(id, true, List.of());
    }

    public static RecordResult failed(String id, List<SalesforceError> errors) {
        return new RecordResult(id, false, errors);
    }

    /** Every error is a row lock: the record is worth sending again after a pause. */
    public boolean rowLocked() {
        return !success && !errors.isEmpty() && errors.stream().allMatch(SalesforceError::rowLocked);
    }

    /**
     * Salesforce clears the failure by itself: every error is {@link SalesforceError#transientError() transient},
     * or none was reported, so nothing says the record is at fault. Sending it again later can succeed.
     */
    public boolean transientFailure() {
        return !success && errors.stream().allMatch(SalesforceError::transientError);
    }

    /** An error of the org's setup ({@link SalesforceError#configurationError()}): no record's fault, fixed by a person. */
    public boolean configurationFailure() {
        return !success && errors.stream().anyMatch(SalesforceError::configurationError);
    }

    public String describeErrors() {
        return errors.isEmpty() ? "no error reported" : String.join("; ", errors.stream().map(SalesforceError::describe).toList());
    }
}
