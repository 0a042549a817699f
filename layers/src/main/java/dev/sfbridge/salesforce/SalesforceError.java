package dev.sfbridge.salesforce;

import java.util.List;

/**
 * One error Salesforce reported: {@code errorCode} (REST) or {@code statusCode} (sObject Collections),
 * its message, and the fields it names. Safe to log and to attach to a dead letter: Salesforce's
 * messages describe the record and its data, never the caller's credentials.
 */
public record SalesforceError(String code, String message, List<String> fields) {
    public static final String UNABLE_TO_LOCK_ROW = "UNABLE_TO_LOCK_ROW";
    public static final String REQUEST_LIMIT_EXCEEDED = "REQUEST_LIMIT_EXCEEDED";
    /** The record, or on a 404 for the path itself, the API resource: "The requested resource does not exist". */
    public static final String NOT_FOUND = "NOT_FOUND";

    public SalesforceError {
        fields = fields == null ? List.of() : List.copyOf(fields);
    }

    /** Row lock contention: the same update goes through once the other transaction is done. */
    public boolean rowLocked() {
        return UNABLE_TO_LOCK_ROW.equals(code);
    }

    /** {@code CODE: message (fields: A, B)}. */
    public String describe() {
        return code + ": " + message + (fields.isEmpty() ? "" : " (fields: " + String.join(", ", fields) + ")");
    }
}
