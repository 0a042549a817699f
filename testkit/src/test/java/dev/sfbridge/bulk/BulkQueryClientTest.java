package dev.sfbridge.bulk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sfbridge.salesforce.SalesforceException;
import dev.sfbridge.testing.BulkQuerySimulator;
import java.io.Reader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;

/** {@link BulkQueryClient} against the simulated org's query jobs: the job's life, locator paging, and each refusal. */
class BulkQueryClientTest extends BulkClientTest {
    private static final Instant FROM = Instant.parse("2026-11-27T08:00:00Z");
    private static final Instant UNTIL = Instant.parse("2026-11-27T09:00:00Z");
    private static final String SOQL = "SELECT Id, SystemModstamp, IsDeleted, Name FROM Account WHERE SystemModstamp >= "
            + FROM + " AND SystemModstamp < " + UNTIL;

    private final BulkQuerySimulator queries = bulk.queries();
    private final BulkQueryClient client = client("62.0");

    BulkQueryClientTest() {
        super("query-test-token");
    }

    @Test
    void aQueryAllJobIsInProgressThenCompleteAndItsResultsComeInSetsByLocatorWithTheirCounts() throws Exception {
        for (int i = 1; i <= 7; i++) {
            queries.addAccount(Map.of("Name", "Account " + i), FROM.plusSeconds(i));
        }
        queries.addAccount(Map.of("Name", "before the window"), FROM.minusMillis(1));
        queries.addAccount(Map.of("Name", "at the window's end"), UNTIL);

        QueryJob job = client.createQueryAll(token, SOQL);
        assertEquals(QueryJob.State.UploadComplete, job.state());
        assertEquals("62.0", job.apiVersion());
        assertEquals(QueryJob.State.InProgress, client.info(token, job.id()).state());
        assertEquals(QueryJob.State.JobComplete, client.info(token, job.id()).state());

        List<String> names = new ArrayList<>();
        List<Long> counts = new ArrayList<>();
        String locator = null;
        int sets = 0;
        do {
            Path file = dir.resolve("set-" + sets++ + ".csv");
            QueryPage page = client.download(token, job.id(), job.apiVersion(), locator, 3, file);
            counts.add(page.records());
            rows(file).forEach(row -> names.add(row.get("Name")));
            locator = page.nextLocator();
        } while (locator != null);

        assertEquals(List.of(3L, 3L, 1L), counts);
        assertEquals(7, names.size());
        assertTrue(names.stream().allMatch(name -> name.startsWith("Account ")), names.toString());
        assertEquals("queryAll", queries.jobs().getFirst().operation());
    }

    @Test
    void queryAllReturnsDeletedAccountsWithIsDeletedAndValuesComeBackExactly() throws Exception {
        String awkward = "Quote \" comma , line\nbreak, Ünïcödé 日本 ";
        String kept = queries.addAccount(Map.of("Name", awkward), FROM.plusSeconds(1));
        String deleted = queries.addAccount(Map.of("Name", "Gone Ltd"), FROM.plusSeconds(2));
        queries.deleteAccount(deleted, FROM.plusSeconds(3));

        List<CSVRecord> rows = all(client.createQueryAll(token, SOQL));

        Map<String, CSVRecord> byId = new HashMap<>();
        rows.forEach(row -> byId.put(row.get("Id"), row));
        assertEquals(awkward, byId.get(kept).get("Name"));
        assertEquals("false", byId.get(kept).get("IsDeleted"));
        assertEquals("true", byId.get(deleted).get("IsDeleted"));
        assertEquals("2026-11-27T08:00:03.000Z", byId.get(deleted).get("SystemModstamp"));
    }

    @Test
    void resultsReadWithAnotherVersionThanTheJobsAre409AndTheJobsOwnVersionWorks() throws Exception {
        queries.addAccount(Map.of("Name", "Acme"), FROM.plusSeconds(1));
        QueryJob job = completed(client.createQueryAll(token, SOQL));

        // SALESFORCE_API_VERSION changed between the job's creation and a resumed run's download
        BulkQueryClient upgraded = client("64.0");
        SalesforceException mismatch = assertThrows(SalesforceException.class,
                () -> upgraded.download(token, job.id(), "64.0", null, 10, dir.resolve("409.csv")));
        QueryPage page = upgraded.download(token, job.id(), job.apiVersion(), null, 10, dir.resolve("ok.csv"));

        assertEquals(409, mismatch.status());
        assertEquals(SalesforceException.Kind.PERMANENT, mismatch.kind());
        assertEquals(1, page.records());
        assertNull(page.nextLocator());
    }

    @Test
    void anExpiredTokenIsSessionInvalidAndAJobGoneIs404() throws Exception {
        QueryJob job = client.createQueryAll(token, SOQL);
        queries.expire(job.id());
        SalesforceException gone = assertThrows(SalesforceException.class, () -> client.info(token, job.id()));
        SalesforceException goneResults = assertThrows(SalesforceException.class,
                () -> client.download(token, job.id(), job.apiVersion(), null, 10, dir.resolve("gone.csv")));
        org.expire("query-test-token");
        SalesforceException expired = assertThrows(SalesforceException.class, () -> client.createQueryAll(token, SOQL));

        assertEquals(404, gone.status());
        assertEquals(404, goneResults.status());
        assertEquals(SalesforceException.Kind.SESSION_INVALID, expired.kind());
        assertTrue(!expired.getMessage().contains("query-test-token"), "the token is never in a message");
    }

    @Test
    void aJobThatFailsSaysWhyAndResultsOfAJobNotCompleteAreRefused() throws Exception {
        queries.endNextJob(QueryJob.State.Failed, "InvalidBatch : query timed out");
        QueryJob job = client.createQueryAll(token, SOQL);
        SalesforceException early = assertThrows(SalesforceException.class,
                () -> client.download(token, job.id(), job.apiVersion(), null, 10, dir.resolve("early.csv")));
        client.info(token, job.id());
        QueryJob failed = client.info(token, job.id());

        assertEquals(QueryJob.State.Failed, failed.state());
        assertEquals("InvalidBatch : query timed out", failed.errorMessage());
        assertEquals(400, early.status());
    }

    @Test
    void orderByAndLimitAreNeverSentAndTheSimulatorRefusesThemIfTheyAre() throws Exception {
        assertThrows(IllegalArgumentException.class, () -> client.createQueryAll(token, SOQL + " ORDER BY SystemModstamp"));
        assertThrows(IllegalArgumentException.class, () -> client.createQueryAll(token, SOQL + " LIMIT 10"));
        assertEquals(List.of(), queries.statements());

        HttpResponse<String> raw = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(org.instanceUrl() + "/services/data/v62.0/jobs/query"))
                .header("Authorization", "Bearer query-test-token").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"operation\":\"queryAll\",\"query\":\"" + SOQL + " LIMIT 5\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(400, raw.statusCode());
        assertEquals(1, queries.refusedStatements().size());
    }

    @Test
    void a5xxOnAResultsSetIsRetriedAndTheSameSetComes() throws Exception {
        queries.addAccount(Map.of("Name", "Acme"), FROM.plusSeconds(1));
        QueryJob job = completed(client.createQueryAll(token, SOQL));
        bulk.failNextCalls(2, 503);

        QueryPage page = client.download(token, job.id(), job.apiVersion(), null, 10, dir.resolve("retried.csv"));

        assertEquals(1, page.records());
        assertEquals(2, pauses.size());
        assertEquals("Acme", rows(dir.resolve("retried.csv")).getFirst().get("Name"));
    }

    /** The job after the two looks that take it through InProgress to JobComplete. */
    private QueryJob completed(QueryJob job) throws Exception {
        client.info(token, job.id());
        return client.info(token, job.id());
    }

    private List<CSVRecord> all(QueryJob job) throws Exception {
        completed(job);
        Path file = dir.resolve("all.csv");
        client.download(token, job.id(), job.apiVersion(), null, 1000, file);
        return rows(file);
    }

    private static List<CSVRecord> rows(Path file) throws Exception {
        try (Reader in = Files.newBufferedReader(file); CSVParser parser = BulkCsv.reader(in)) {
            return parser.getRecords();
        }
    }

    private BulkQueryClient client(String version) {
        return new BulkQueryClient(http(), version);
    }
}
