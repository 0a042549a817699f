package dev.sfbridge.salesforce;

import java.util.List;
import java.util.Set;

/**
 * One error Salesforce reported: {@code errorCode} (REST) or {@code statusCode} (sObject Collections),
 * its message, and the fields it names. Safe to log and to attach to a dead letter: Salesforce's
 * messages describe the record and its data, never the caller's credentials.
 */
public record SalesforceError(String code, String message, List<String> fields) {
    public static final String UNABLE_TO_LOCK_ROW = "UNABLE_TO_LOCK_ROW";
    public static final String REQUEST_LIMIT_EXCEEDED = "REQUEST_LIMIT_EXCEEDED";
    /** A save that a trigger, flow or other automation on the record failed; its message says what failed inside. */
    public static final String CANNOT_INSERT_UPDATE_ACTIVATE_ENTITY = "CANNOT_INSERT_UPDATE_ACTIVATE_ENTITY";
    /** An internal error of the org's, with an error ID to quote to Salesforce Support. */
    public static final String UNKNOWN_EXCEPTION = "UNKNOWN_EXCEPTION";
    /**
     * The org's setup refuses the write, whichever record it is: a field or object the org lacks (its metadata not
     * deployed yet), or a field the user may not edit (its permission set). Every record fails alike until a person
     * deploys or grants it; then the same write goes through.
     */
    private static final Set<String> CONFIGURATION_CODES = Set.of("INVALID_FIELD", "INVALID_TYPE", "INVALID_FIELD_FOR_INSERT_UPDATE");
    /** The record, or on a 404 for the path itself, the API resource: "The requested resource does not exist". */
    public static final String NOT_FOUND = "NOT_FOUND";

    public SalesforceError {
        fields = fields == null ? List.of() : List.copyOf(fields);
    }

    /**
     * Row lock contention: the same update goes through once the other transaction is done. Salesforce reports it
     * as {@code UNABLE_TO_LOCK_ROW}, or, when automation on the record (an Apex trigger's DML) could not lock a row,
     * as {@code CANNOT_INSERT_UPDATE_ACTIVATE_ENTITY} whose message carries {@code UNABLE_TO_LOCK_ROW}
     * (docs/callbacks.md, "Per-record errors").
     */
    public boolean rowLocked() {
        return UNABLE_TO_LOCK_ROW.equals(code)
                || CANNOT_INSERT_UPDATE_ACTIVATE_ENTITY.equals(code) && message != null && message.contains(UNABLE_TO_LOCK_ROW);
    }

    /**
     * An error Salesforce clears by itself, whatever the record holds: a row lock, the org's API or concurrency
     * limit ({@code REQUEST_LIMIT_EXCEEDED} on a record comes from a limit its automation hit), or an internal error
     * ({@code UNKNOWN_EXCEPTION}). Any other error is about the record or its data and comes again unchanged.
     */
    public boolean transientError() {
        return rowLocked() || REQUEST_LIMIT_EXCEEDED.equals(code) || UNKNOWN_EXCEPTION.equals(code);
    }

    /** A fault of the org's setup, not of the record (above): worth sending again once it is fixed. */
    public boolean configurationError() {
        return CONFIGURATION_CODES.contains(code);
    }

    /** {@code CODE: message (fields: A, B)}. */
    public String describe() {
        return code + ": " + message + (fields.isEmpty() ? "" : " (fields: " + String.join(", ", fields) + ")");
    }
}
