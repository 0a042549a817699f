package dev.sfbridge.salesforce;

import java.util.List;

/** What became of one record of a write; {@code errors} is empty exactly when it succeeded. */
public record RecordResult(String id, List<SalesforceError> errors) {
    public RecordResult {
        errors = List.copyOf(errors);
    }

    public static RecordResult ok(String id) {
        return new RecordResult(id, List.of());
    }

    public boolean success() {
        return errors.isEmpty();
    }

    /** Every error is a row lock: the record is worth sending again after a pause. */
    public boolean rowLocked() {
        return !errors.isEmpty() && errors.stream().allMatch(SalesforceError::rowLocked);
    }

    public String describeErrors() {
        return String.join("; ", errors.stream().map(SalesforceError::describe).toList());
    }
}
