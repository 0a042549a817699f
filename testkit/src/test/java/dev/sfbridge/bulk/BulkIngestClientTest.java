package dev.sfbridge.bulk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sfbridge.salesforce.SalesforceException;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;

class BulkIngestClientTest extends BulkClientTest {
    private static final String OBJECT = "ERP_Invoice__c";
    private static final String EXTERNAL_ID = "ERP_Invoice_Number__c";

    private final BulkIngestClient client = client("62.0");

    BulkIngestClientTest() {
        super("bulk-test-token");
        bulk.addAccount("C-1");
    }

    @Test
    void anUpsertJobGoesFromOpenThroughInProgressToJobCompleteAndItsResultsCarrySalesforcesColumns() throws Exception {
        bulk.failRecord("INV-2", "FIELD_CUSTOM_VALIDATION_EXCEPTION", "Amount must be positive", 1);

        IngestJob job = client.createUpsert(token, OBJECT, EXTERNAL_ID);
        assertEquals(IngestJob.State.Open, job.state());
        client.upload(token, job.id(), csv("ERP_Invoice_Number__c,Account__r.ERP_Customer_Number__c,Amount__c\n"
                + "INV-1,C-1,10.00\nINV-2,C-1,-1\nINV-3,C-404,5\n"));
        assertEquals(IngestJob.State.UploadComplete, client.close(token, job.id()).state());
        assertEquals(IngestJob.State.InProgress, client.info(token, job.id()).state());
        IngestJob done = client.info(token, job.id());

        assertEquals(IngestJob.State.JobComplete, done.state());
        assertEquals(3, done.recordsProcessed());
        assertEquals(2, done.recordsFailed());
        assertEquals(List.of(List.of(bulk.record(OBJECT, "INV-1").orElseThrow().get("Id"), "true", "INV-1", "C-1", "10.00")),
                rows(done, IngestResults.SUCCESSFUL, List.of("sf__Id", "sf__Created", EXTERNAL_ID, "Account__r.ERP_Customer_Number__c", "Amount__c")));
        List<List<String>> failed = rows(done, IngestResults.FAILED, List.of("sf__Id", "sf__Error", EXTERNAL_ID, "Account__r.ERP_Customer_Number__c", "Amount__c"));
        assertEquals(List.of("", "FIELD_CUSTOM_VALIDATION_EXCEPTION:Amount must be positive:--", "INV-2", "C-1", "-1"), failed.get(0));
        assertTrue(failed.get(1).get(1).startsWith("INVALID_FIELD:Foreign key external ID: C-404 not found"), failed.get(1).toString());
    }

    @Test
    void a5xxIsRetriedWithBackoffAndOneThatOutlastsTheAttemptsIsRetryable() throws Exception {
        bulk.failNextCalls(2, 503);
        assertEquals(IngestJob.State.Open, client.createUpsert(token, OBJECT, EXTERNAL_ID).state());
        assertEquals(2, pauses.size());

        bulk.failNextCalls(3, 503);
        SalesforceException e = assertThrows(SalesforceException.class, () -> client.createUpsert(token, OBJECT, EXTERNAL_ID));
        assertEquals(SalesforceException.Kind.RETRYABLE, e.kind());
        assertEquals(503, e.status());
    }

    @Test
    void anExpiredTokenIsSessionInvalidForTheCallerToReplace() {
        org.expire("bulk-test-token");

        SalesforceException e = assertThrows(SalesforceException.class, () -> client.createUpsert(token, OBJECT, EXTERNAL_ID));

        assertEquals(SalesforceException.Kind.SESSION_INVALID, e.kind());
        assertTrue(e.getMessage().contains("INVALID_SESSION_ID"), e.getMessage());
        assertTrue(!e.getMessage().contains("bulk-test-token"), "the token is never in a message");
    }

    @Test
    void aSecondUploadIsRetryableForTheCallerToLookAtTheJobAndAnUnknownJobIsPermanent() throws Exception {
        IngestJob job = client.createUpsert(token, OBJECT, EXTERNAL_ID);
        client.upload(token, job.id(), csv("ERP_Invoice_Number__c\nINV-1\n"));

        SalesforceException again = assertThrows(SalesforceException.class,
                () -> client.upload(token, job.id(), csv("ERP_Invoice_Number__c\nINV-1\n")));
        SalesforceException unknown = assertThrows(SalesforceException.class, () -> client.info(token, "7500000000UNKNOWN"));

        // the repeat of an upload whose answer was lost: the caller finds the job open, aborts it and sends its rows anew
        assertEquals(SalesforceException.Kind.RETRYABLE, again.kind());
        assertTrue(again.getMessage().contains("INVALIDJOBSTATE"), again.getMessage());
        assertEquals(SalesforceException.Kind.PERMANENT, unknown.kind());
        assertEquals(404, unknown.status());
    }

    @Test
    void resultsAreReadWithTheVersionTheJobWasCreatedWithWhateverTheClientsIsNow() throws Exception {
        IngestJob job = client.createUpsert(token, OBJECT, EXTERNAL_ID);
        client.upload(token, job.id(), csv("ERP_Invoice_Number__c,Account__r.ERP_Customer_Number__c\nINV-1,C-1\n"));
        client.close(token, job.id());
        client.info(token, job.id());
        IngestJob done = client.info(token, job.id());

        // the setting changed between the job's creation and a resumed run's download
        BulkIngestClient upgraded = client("64.0");
        Path file = dir.resolve("ok.csv");
        upgraded.download(token, done, IngestResults.SUCCESSFUL, file);
        SalesforceException mismatch = assertThrows(SalesforceException.class, () -> upgraded.download(token,
                new IngestJob(done.id(), done.state(), "64.0", 1, 0, null), IngestResults.SUCCESSFUL, dir.resolve("409.csv")));

        assertEquals("62.0", done.apiVersion());
        assertTrue(Files.readString(file).contains("INV-1"));
        assertEquals(409, mismatch.status());
        assertEquals(SalesforceException.Kind.PERMANENT, mismatch.kind());
    }

    private BulkIngestClient client(String version) {
        return new BulkIngestClient(http(), version);
    }

    private Path csv(String content) throws IOException {
        return Files.writeString(Files.createTempFile(dir, "upload-", ".csv"), content);
    }

    private List<List<String>> rows(IngestJob job, IngestResults results, List<String> header) throws Exception {
        Path file = dir.resolve(results.resource() + ".csv");
        client.download(token, job, results, file);
        List<List<String>> rows = new ArrayList<>();
        try (Reader in = Files.newBufferedReader(file); CSVParser parser = BulkCsv.reader(in)) {
            assertEquals(header, parser.getHeaderNames());
            for (CSVRecord row : parser) {
                rows.add(row.toList());
            }
        }
        return rows;
    }
}
