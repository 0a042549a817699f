package dev.sfbridge.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sfbridge.bulk.IngestJob;
import dev.sfbridge.testing.BulkApiSimulator;
import dev.sfbridge.testing.Intercepted;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;

class FailedRunTest {
    @AutoClose
    private final SyncFixture fixture = new SyncFixture();

    @ParameterizedTest
    @EnumSource(value = IngestJob.State.class, names = {"Failed", "Aborted"})
    void aJobThatEndsFailedOrAbortedFailsTheRunWithItsReasonAndLeavesTheWatermark(IngestJob.State end) {
        fixture.invoices(10, SyncFixture.NOW.minus(Duration.ofHours(1)));
        assertEquals(SyncRunner.Outcome.SUCCEEDED, fixture.run());
        SyncState before = fixture.state();
        fixture.invoices(20, SyncFixture.NOW.plus(Duration.ofMinutes(1)));
        fixture.clock.advance(Duration.ofMinutes(10));
        fixture.bulk.endNextJob(end, "InvalidBatch : Field name not found : Due_On__c");
        fixture.metrics.clear();

        assertEquals(SyncRunner.Outcome.FAILED, fixture.run());

        SyncState failed = fixture.state();
        assertEquals(SyncState.Status.FAILED, failed.status());
        assertTrue(failed.reason().contains("ended " + end), failed.reason());
        assertTrue(failed.reason().contains("Field name not found : Due_On__c"), failed.reason());
        assertEquals(before.watermark(), failed.watermark());
        assertEquals(Map.of(), failed.restart());
        assertEquals(1L, fixture.metrics.emitted().get("SyncRunsFailed[Job=erp-invoices-to-salesforce]"));

        // fixed: the next run reads the same window again and syncs it
        assertEquals(SyncRunner.Outcome.SUCCEEDED, fixture.run());
        assertEquals("Invoice INV-00020", fixture.record("INV-00020").get("Description__c"));
        assertEquals(SyncFixture.NOW.plus(Duration.ofMinutes(10)).minus(SyncFixture.LAG), fixture.state().watermark());
    }

    @Test
    void aFeedPageThatBreaksTheContractFailsTheRunAndSaysWhy() {
        fixture.erp.failNext(dev.sfbridge.testing.ErpSimulator.INVOICE_CHANGES, 1,
                new dev.sfbridge.testing.ErpSimulator.Fault.Respond(200, Map.of(), "{\"changes\": []}"));

        assertEquals(SyncRunner.Outcome.FAILED, fixture.run());

        assertTrue(fixture.state().reason().contains("no \"invoices\" array"), fixture.state().reason());
        assertEquals(null, fixture.state().watermark());
    }

    @Test
    void aCheckpointDynamoDbRefusesFailsTheRunCountedWithItsLeaseReleasedAndTheNextRunSyncsTheWindow() {
        fixture.invoices(10, SyncFixture.NOW.minus(Duration.ofHours(1)));
        // the checkpoint naming the ingest job just created, refused as an item over 400 KB is
        DynamoDbClient refusing = refusingPuts(put -> put.item().containsKey("restart") && put.item().get("restart").m().containsKey("jobId"));

        assertEquals(SyncRunner.Outcome.FAILED, fixture.run(HttpClient.newHttpClient(), refusing, () -> Duration.ofMinutes(10)));

        SyncControlTable.Entry entry = fixture.control(fixture.dynamoDb).read(InvoiceSync.NAME).orElseThrow();
        assertEquals(SyncState.Status.FAILED, entry.state().status());
        assertTrue(entry.state().reason().contains("ValidationException"), entry.state().reason());
        assertEquals(null, entry.state().watermark());
        assertEquals(Map.of(), entry.state().restart());
        assertEquals(null, entry.leaseOwner(), "the lease is given up, not left to run out");
        assertEquals(1L, fixture.metrics.emitted().get("SyncRunsFailed[Job=erp-invoices-to-salesforce]"));
        assertEquals(List.of(IngestJob.State.Aborted), fixture.bulk.jobs().stream().map(BulkApiSimulator.Job::state).toList(),
                "the job the refused checkpoint named, aborted rather than left Open");
        assertTrue(fixture.logLines.stream().anyMatch(line -> line.contains("sync run failed")
                && line.contains("DynamoDbException ValidationException")), fixture.logLines.toString());

        // the next scheduled run, at once: no lease to wait out, the window synced from its start
        assertEquals(SyncRunner.Outcome.SUCCEEDED, fixture.run());
        assertEquals(10, fixture.bulk.recordCount(SyncFixture.OBJECT));
    }

    @Test
    void whenDynamoDbRefusesTheFailureTooTheRunStillEndsFailedAndCountedAndItsLeaseRunsOut() {
        fixture.invoices(3, SyncFixture.NOW.minus(Duration.ofHours(1)));
        DynamoDbClient refusing = refusingPuts(put -> true);

        assertEquals(SyncRunner.Outcome.FAILED, fixture.run(HttpClient.newHttpClient(), refusing, () -> Duration.ofMinutes(10)));

        assertEquals(1L, fixture.metrics.emitted().get("SyncRunsFailed[Job=erp-invoices-to-salesforce]"));
        assertTrue(fixture.logLines.stream().anyMatch(line -> line.contains("its failure could not be recorded")
                && line.contains("ValidationException")), fixture.logLines.toString());
        assertEquals(SyncRunner.Outcome.BUSY, fixture.run(), "the lease could not be given up");
        fixture.clock.advance(Duration.ofMinutes(21));
        assertEquals(SyncRunner.Outcome.SUCCEEDED, fixture.run());
        assertEquals(3, fixture.bulk.recordCount(SyncFixture.OBJECT));
    }

    /** The table's client, refusing the control item's writes {@code when} matches as DynamoDB refuses an item over 400 KB. */
    private DynamoDbClient refusingPuts(Predicate<PutItemRequest> when) {
        return Intercepted.of(DynamoDbClient.class, fixture.dynamoDb).before(PutItemRequest.class, put -> {
            if (put.tableName().equals(fixture.controlTable) && when.test(put)) {
                throw DynamoDbException.builder().statusCode(400).message("Item size has exceeded the maximum allowed size")
                        .awsErrorDetails(AwsErrorDetails.builder().serviceName("DynamoDb").errorCode("ValidationException")
                                .errorMessage("Item size has exceeded the maximum allowed size").build())
                        .build();
            }
        }).client();
    }

    @Test
    void anErpThatStaysUnavailableInterruptsTheRunWhichResumesLater() {
        fixture.invoices(5, SyncFixture.NOW.minus(Duration.ofHours(1)));
        fixture.erp.failNext(dev.sfbridge.testing.ErpSimulator.INVOICE_CHANGES, 3,
                new dev.sfbridge.testing.ErpSimulator.Fault.Respond(503, Map.of(), "{\"error\":\"unavailable\"}"));

        assertEquals(SyncRunner.Outcome.INTERRUPTED, fixture.run());
        assertEquals(SyncState.Status.RUNNING, fixture.state().status());

        assertEquals(SyncRunner.Outcome.SUCCEEDED, fixture.run());
        assertEquals(5, fixture.bulk.recordCount(SyncFixture.OBJECT));
    }
}
