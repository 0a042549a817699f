package dev.sfbridge.salesforce;

import java.util.List;

/**
 * Salesforce's REST API for writing fields onto existing records, and for reading records with SOQL. A failure
 * of the whole call is a {@link SalesforceException}; a record Salesforce refused is a failed {@link RecordResult}.
 * Timeouts and 5xx are retried, boundedly, before either reaches the caller.
 */
public interface SalesforceClient {
    /** sObject Collections' limit of records in one call. */
    int MAX_RECORDS_PER_CALL = 200;

    /** {@code PATCH /services/data/vXX.X/sobjects/{type}/{id}}: one record, one API call. */
    WriteResult updateRecord(AccessToken token, RecordUpdate update) throws SalesforceException;

    /**
     * {@code PATCH /services/data/vXX.X/composite/sobjects} with {@code allOrNone: false}: up to
     * {@link #MAX_RECORDS_PER_CALL} records in one API call, each succeeding or failing on its own.
     */
    WriteResult updateRecords(AccessToken token, List<RecordUpdate> updates) throws SalesforceException;

    /**
     * {@code POST /services/data/vXX.X/composite/sobjects} with {@code allOrNone: false}: up to
     * {@link #MAX_RECORDS_PER_CALL} platform event messages published in one API call, each accepted or refused
     * on its own. An accepted one is queued for publishing ({@code success: true}, whatever its
     * {@code OPERATION_ENQUEUED} note); a refused one is a failed {@link RecordResult} with Salesforce's error
     * ({@code LIMIT_EXCEEDED} when the org's hourly publishing allocation is spent). Results in request order.
     */
    WriteResult publishEvents(AccessToken token, List<PlatformEvent> events) throws SalesforceException;

    /**
     * {@code GET /services/data/vXX.X/queryAll?q=…}: the records {@code soql} selects, those in the recycle bin
     * included (they say so with {@code IsDeleted}). Every page of the result is read, and every page of each
     * record's child relationship lists, by following {@code nextRecordsUrl}: each record comes with all its
     * children. One API call per page.
     *
     * @throws IllegalArgumentException when the statement does not {@link #fitsOneQuery fit one call}
     */
    QueryResult queryAll(AccessToken token, String soql) throws SalesforceException;

    /** Whether {@code soql} is within SOQL's statement length and its request within the REST API's URI length. */
    boolean fitsOneQuery(String soql);
}
