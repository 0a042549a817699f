package dev.sfbridge.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sfbridge.ops.OpsFixture.Run;
import dev.sfbridge.sync.SyncControlTable;
import dev.sfbridge.sync.SyncError;
import dev.sfbridge.sync.SyncErrorTable;
import dev.sfbridge.sync.SyncState;
import dev.sfbridge.testing.EmbeddedDynamoDb;
import dev.sfbridge.testing.Intercepted;
import dev.sfbridge.testing.SyncTables;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/** sfbridge-ops' sync commands against the control and error tables on DynamoDB Local. */
class OpsSyncTest {
    private static final String JOB = "erp-invoices-to-salesforce";
    private static final Instant NOW = Instant.parse("2026-11-27T09:00:00Z");

    private final DynamoDbClient dynamoDb = EmbeddedDynamoDb.shared().client();
    private final String controlTable = "ops-sync-control-" + UUID.randomUUID();
    private final String errorsTable = "ops-sync-errors-" + UUID.randomUUID();
    private final SyncErrorTable errors = new SyncErrorTable(dynamoDb, errorsTable);

    OpsSyncTest() {
        SyncTables.create(dynamoDb, controlTable, errorsTable);
    }

    @Test
    void statusShowsTheWatermarkTheRunItsCountsTheRestartPointAndTheLease() throws Exception {
        SyncControlTable control = new SyncControlTable(dynamoDb, controlTable);
        SyncState state = control.acquire(JOB, "invocation-1", NOW, NOW.plus(Duration.ofMinutes(20))).orElseThrow()
                .started("run-7", NOW, NOW.minus(Duration.ofMinutes(17)), NOW.minus(Duration.ofMinutes(2)))
                .progressed(Map.of("phase", "feed", "cursor", "abc", "jobId", "750000000000001AAA"), Map.of("jobs", 1L, "read", 120L), Set.of());
        control.checkpoint(state, "invocation-1", NOW.plus(Duration.ofMinutes(20)));

        Run run = ops("sync", "status", "--control-table", controlTable);

        assertEquals(0, run.exitCode(), run.err());
        assertEquals(List.of(JOB + ": RUNNING, watermark none (no run has succeeded)",
                "  run run-7: window 2026-11-27T08:43:00Z .. 2026-11-27T08:58:00Z, started 2026-11-27T09:00:00Z",
                "  counts: {jobs=1, read=120}",
                "  goes on from: {cursor=abc, jobId=750000000000001AAA, phase=feed}",
                "  lease: held by invocation-1 until 2026-11-27T09:20:00Z",
                "1 sync job(s) in " + controlTable), run.outLines());
    }

    @Test
    void errorsListsEachRecordsErrorAndAttemptsButNeverItsRow() {
        errors.failed(JOB, "INV-1", "INVALID_FIELD:Foreign key external ID: C-9 not found", Map.of("Description__c", "secret-ish text"),
                "750000000000001AAA", NOW, 1);
        errors.failed(JOB, "INV-2", "FIELD_CUSTOM_VALIDATION_EXCEPTION:Amount must be positive", Map.of(), "750000000000001AAA", NOW, 3);

        Run run = ops("sync", "errors", "--errors-table", errorsTable, "--job", JOB);

        assertEquals(0, run.exitCode(), run.err());
        assertEquals(List.of(JOB + " INV-1 attempts=1 PARKED first=2026-11-27T09:00:00Z last=2026-11-27T09:00:00Z",
                "  INVALID_FIELD:Foreign key external ID: C-9 not found",
                JOB + " INV-2 attempts=1 first=2026-11-27T09:00:00Z last=2026-11-27T09:00:00Z",
                "  FIELD_CUSTOM_VALIDATION_EXCEPTION:Amount must be positive",
                "2 error(s), 1 parked, in " + errorsTable), run.outLines());
        assertFalse(run.out().contains("secret-ish text"));
    }

    @Test
    void retryUnparksTheJobsParkedErrorsAndSaysSoWhenThereAreNone() {
        errors.failed(JOB, "INV-1", "E", Map.of(), "750000000000001AAA", NOW, 1);
        errors.failed(JOB, "INV-2", "E", Map.of(), "750000000000001AAA", NOW, 1);
        errors.failed(JOB, "INV-3", "E", Map.of(), "750000000000001AAA", NOW, 5);

        Run one = ops("sync", "retry", "--errors-table", errorsTable, "--job", JOB, "--key", "INV-2");
        Run rest = ops("sync", "retry", "--errors-table", errorsTable, "--job", JOB);
        Run none = ops("sync", "retry", "--errors-table", errorsTable, "--job", JOB);

        assertEquals(List.of("1 parked error(s) of " + JOB + " will be sent again by the next run"), one.outLines());
        assertEquals(List.of("1 parked error(s) of " + JOB + " will be sent again by the next run"), rest.outLines());
        assertEquals(3, none.exitCode());
        assertTrue(none.err().startsWith("sfbridge-ops: no parked error of " + JOB + " in " + errorsTable), none.err());
        List<SyncError> after = errors.errors(JOB).toList();
        assertTrue(after.stream().noneMatch(SyncError::parked), after.toString());
        assertEquals(0, after.getFirst().attempts());
    }

    @Test
    void theAccountDirectionsStatusErrorsAndRetryAreItsOwnBesideTheInvoices() throws Exception {
        String accounts = "salesforce-accounts-to-erp";
        SyncControlTable control = new SyncControlTable(dynamoDb, controlTable);
        SyncState state = control.acquire(accounts, "invocation-2", NOW, NOW.plus(Duration.ofMinutes(20))).orElseThrow()
                .started("run-8", NOW, NOW.minus(Duration.ofMinutes(17)), NOW.minus(Duration.ofMinutes(2)))
                .progressed(Map.of("phase", "query", "jobId", "750000000000002AAA", "apiVersion", "62.0", "locator", "MTAwMDA", "row", "0"),
                        Map.of("jobs", 1L), Set.of());
        control.checkpoint(state, "invocation-2", NOW.plus(Duration.ofMinutes(20)));
        control.release(control.acquire(JOB, "invocation-3", NOW, NOW.plus(Duration.ofMinutes(20))).orElseThrow(), "invocation-3");
        errors.failed(accounts, "001000000000001AAA", "ERP rejected customer 001000000000001AAA: ERP answered 422: validation_failed",
                Map.of("Id", "001000000000001AAA"), "750000000000002AAA", NOW, 1);
        errors.failed(JOB, "INV-1", "E", Map.of(), "750000000000001AAA", NOW, 1);

        Run status = ops("sync", "status", "--control-table", controlTable);
        Run listed = ops("sync", "errors", "--errors-table", errorsTable, "--job", accounts);
        Run retried = ops("sync", "retry", "--errors-table", errorsTable, "--job", accounts);

        assertEquals(0, status.exitCode(), status.err());
        assertTrue(status.outLines().contains("  goes on from: {apiVersion=62.0, jobId=750000000000002AAA, locator=MTAwMDA, phase=query, row=0}"),
                status.out());
        assertTrue(status.outLines().contains("2 sync job(s) in " + controlTable), status.out());
        assertEquals(List.of(accounts + " 001000000000001AAA attempts=1 PARKED first=2026-11-27T09:00:00Z last=2026-11-27T09:00:00Z",
                "  ERP rejected customer 001000000000001AAA: ERP answered 422: validation_failed",
                "1 error(s), 1 parked, in " + errorsTable), listed.outLines());
        assertEquals(List.of("1 parked error(s) of " + accounts + " will be sent again by the next run"), retried.outLines());
        assertTrue(errors.errors(JOB).toList().getFirst().parked(), "the invoices' error is not the account job's to unpark");
    }

    @Test
    void aTableThatDoesNotExistIsAnAwsSideError() {
        Run run = ops("sync", "status", "--control-table", "no-such-table");

        assertEquals(3, run.exitCode());
        assertEquals("sfbridge-ops: no table no-such-table here (check the region, the account and the stack's outputs)", run.err().strip());
    }

    /** sfbridge-ops with the shared DynamoDB Local's client, which outlives the command; no SQS at all. */
    private Run ops(String... args) {
        DynamoDbClient uncloseable = Intercepted.of(DynamoDbClient.class, dynamoDb).client();
        return OpsFixture.run(new SqsConnector() {
            @Override
            public SqsClient connect(String region, String endpoint) {
                throw new AssertionError("the sync commands need no SQS");
            }

            @Override
            public DynamoDbClient connectTables(String region, String endpoint) {
                return uncloseable;
            }
        }, args);
    }
}
