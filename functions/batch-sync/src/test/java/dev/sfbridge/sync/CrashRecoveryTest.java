package dev.sfbridge.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sfbridge.bulk.IngestJob;
import dev.sfbridge.testing.BulkApiSimulator;
import dev.sfbridge.testing.Intercepted;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;

/**
 * An invocation that dies at the worst moments, and the next one that takes over once the lease has run out:
 * every invoice ends in the org once, none missing, none written twice, and the watermark moves once.
 */
class CrashRecoveryTest {
    private static final int INVOICES = 60;
    @AutoClose
    private final SyncFixture fixture = new SyncFixture();

    @Test
    void aCrashMidUploadAbortsTheOpenJobAndSendsItsRowsInANewOne() {
        fixture.invoices(INVOICES, SyncFixture.NOW.minus(Duration.ofHours(1)));

        crash(CrashingHttpClient.after("PUT", "/batches"));
        rerun();

        List<BulkApiSimulator.Job> jobs = fixture.bulk.jobs();
        assertEquals(1, jobs.stream().filter(job -> job.state() == IngestJob.State.Aborted).count(), jobs.toString());
        assertEquals(1, jobs.stream().filter(job -> job.state() == IngestJob.State.JobComplete).count(), jobs.toString());
        everyInvoiceOnce();
    }

    @Test
    void aCrashMidPollAwaitsTheSameJobInsteadOfSendingItAgain() {
        fixture.invoices(INVOICES, SyncFixture.NOW.minus(Duration.ofHours(1)));

        // the first look after the close answers InProgress; the invocation dies before the next
        crash(new CrashingHttpClient(request -> request.method().equals("GET") && request.uri().getPath().matches(".*/jobs/ingest/\\w+")));
        rerun();

        assertEquals(List.of(IngestJob.State.JobComplete), fixture.bulk.jobs().stream().map(BulkApiSimulator.Job::state).toList());
        everyInvoiceOnce();
    }

    @Test
    void aCrashAfterJobCompleteBeforeItsResultsAreCheckpointedReadsThemAgainAndSendsNothingTwice() {
        fixture.failRecordOnce("INV-00003");
        fixture.invoices(INVOICES, SyncFixture.NOW.minus(Duration.ofHours(1)));

        crashAtTheCheckpoint(item -> item.containsKey("restart") && !item.get("restart").m().containsKey("jobId")
                && "end".equals(item.get("restart").m().getOrDefault("cursor", AttributeValue.fromS("")).s()));
        rerun();

        assertEquals(1, fixture.bulk.jobs().size());
        everyInvoiceOnceBut("INV-00003");
        // its failure was counted once, though the job's results were read twice
        SyncError error = fixture.errors(fixture.dynamoDb).errors(InvoiceSync.NAME).toList().getFirst();
        assertEquals("INV-00003", error.key());
        assertEquals(1, error.attempts());
    }

    @Test
    void aCrashAfterTheLastCheckpointBeforeTheWatermarkIsWrittenFinishesTheRunWithoutSendingAnything() {
        fixture.invoices(INVOICES, SyncFixture.NOW.minus(Duration.ofHours(1)));

        crashAtTheCheckpoint(item -> item.containsKey("status") && "SUCCEEDED".equals(item.get("status").s()));
        int callsBefore = fixture.bulk.calls();
        rerun();

        assertEquals(1, fixture.bulk.jobs().size());
        assertEquals(callsBefore, fixture.bulk.calls(), "the rerun had nothing left to ask Salesforce");
        everyInvoiceOnceBut("none");
    }

    /** The invocation dies as it writes the control item {@code when} matches. */
    private void crashAtTheCheckpoint(Predicate<Map<String, AttributeValue>> when) {
        DynamoDbClient dying = Intercepted.of(DynamoDbClient.class, fixture.dynamoDb)
                .before(PutItemRequest.class, put -> {
                    if (when.test(put.item())) {
                        throw new CrashingHttpClient.Crash("the checkpoint " + put.item().keySet());
                    }
                }).client();
        assertThrows(CrashingHttpClient.Crash.class, () -> fixture.run(HttpClient.newHttpClient(), dying, () -> Duration.ofMinutes(10)));
        assertEquals(null, fixture.state().watermark());
    }

    private void crash(CrashingHttpClient client) {
        assertThrows(CrashingHttpClient.Crash.class, () -> fixture.run(client, fixture.dynamoDb, () -> Duration.ofMinutes(10)));
        assertTrue(client.crashed());
        assertEquals(null, fixture.state().watermark());
    }

    /** The next scheduled invocation, once the dead one's lease has run out. */
    private void rerun() {
        assertEquals(SyncRunner.Outcome.BUSY, fixture.run(), "the dead invocation's lease still holds");
        fixture.clock.advance(Duration.ofMinutes(21));
        assertEquals(SyncRunner.Outcome.SUCCEEDED, fixture.run());
        assertEquals(SyncFixture.NOW.minus(SyncFixture.LAG), fixture.state().watermark(), "the first run's window, not the rerun's");
    }

    private void everyInvoiceOnce() {
        everyInvoiceOnceBut("none");
    }

    /** Every invoice written once, but {@code failed}, which the org refused and holds none of. */
    private void everyInvoiceOnceBut(String failed) {
        IntStream.rangeClosed(1, INVOICES).mapToObj("INV-%05d"::formatted)
                .forEach(number -> assertEquals(number.equals(failed) ? 0 : 1, fixture.writes(number), number));
        assertEquals(failed.equals("none") ? INVOICES : INVOICES - 1, fixture.bulk.recordCount(SyncFixture.OBJECT));
    }
}
