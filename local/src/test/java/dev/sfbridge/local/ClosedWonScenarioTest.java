package dev.sfbridge.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sfbridge.testing.TestIds;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/**
 * The local stack plays a small Closed Won scenario end to end — outbound messages over HTTP, the template's
 * queues and event sources, the ERP and the org — and its reconciliation passes; and when the org loses a
 * record on the way, the reconciliation fails and names it.
 */
class ClosedWonScenarioTest {

    /** As a real org sends since February 2026: no session, the org's key in the Endpoint URL (the template's default). */
    @Test
    void fiftyOpportunitiesSentWithoutASessionToTheEndpointUrlWithTheOrgsKeyReconcile() throws Exception {
        try (LocalPipeline pipeline = pipeline("--erp-outages", "1")) {
            Reconciliation reconciliation = pipeline.runScenario(quiet());

            assertTrue(reconciliation.passed(), reconciliation.report());
            assertEquals(50, reconciliation.callbacksMatching());
            assertTrue(pipeline.scenarioMessages().stream().allMatch(message -> message.sessionId() == null), "no message has a session");
            assertEquals(1, pipeline.outboundMessaging().acked(), "acked at the first post: the key in the URL is the org's");
            assertEquals(1, pipeline.outboundMessaging().posts());
            assertEquals(0, pipeline.salesforce().userInfoRequests(), "no session to verify");
            assertTrue(pipeline.salesforce().tokenRequests() >= 1, "the callbacks logged in with the JWT bearer flow");
            assertEquals(0, deadLetters(pipeline, "NotificationsDeadLetterQueue") + deadLetters(pipeline, "CallbacksDeadLetterQueue"));
        }
    }

    /** A legacy org that still sends sessions, to a stack deployed with SenderVerification session. */
    @Test
    void fiftyOpportunitiesWithAnExpiredSessionAndErpOutagesReconcile() throws Exception {
        // every message with the expired session: a chunk mixing sessions may be written with a live one
        try (LocalPipeline pipeline = pipeline("--expire-session-after", "0", "--erp-outages", "2", "--parameter", "SenderVerification=session")) {
            Reconciliation reconciliation = pipeline.runScenario(quiet());

            assertTrue(reconciliation.passed(), reconciliation.report());
            assertEquals(50, reconciliation.callbacksMatching());
            assertEquals(50, reconciliation.ordersInErp());
            assertEquals(1, pipeline.outboundMessaging().acked());
            assertEquals(1, pipeline.salesforce().userInfoRequests(), "the listener verified the message's session, once");
            assertTrue(pipeline.salesforce().refusedCalls() >= 1, "the expired session was tried");
            assertTrue(pipeline.salesforce().tokenRequests() >= 1, "and the callbacks logged in with the JWT bearer flow");
            assertEquals(2 * 3, pipeline.erp().statuses().stream().filter(s -> s == 503).count(),
                    "two orders met a 503 on each of the worker's three tries");
            assertEquals(0, deadLetters(pipeline, "NotificationsDeadLetterQueue") + deadLetters(pipeline, "CallbacksDeadLetterQueue"));
        }
    }

    @Test
    void idOnlyMessagesWithoutASessionBecomeOrdersWithTheOpportunitiesProductsReadBackOnceABatchWithOAuth() throws Exception {
        try (LocalPipeline pipeline = pipeline("--message", "id-only", "--erp-outages", "1")) {
            Reconciliation reconciliation = pipeline.runScenario(quiet());

            assertTrue(reconciliation.passed(), reconciliation.report());
            assertEquals(OptionalInt.of(50), reconciliation.linesMatching(), reconciliation.report());
            assertEquals(50, reconciliation.callbacksMatching());
            String first = TestIds.id("006", 1);
            assertEquals(2, pipeline.erp().order(first).orElseThrow().lines().size(), "opportunity 1 has two products");
            assertEquals(pipeline.salesforce().fields(first).get("Amount"),
                    pipeline.erp().order(first).orElseThrow().request().amount().toPlainString(), "the order has the record's fields");
            assertTrue(pipeline.salesforce().queryCalls() >= 1, "the worker read the records back");
            assertTrue(pipeline.salesforce().queryCalls() <= 10, pipeline.salesforce().queryCalls()
                    + " query calls for 50 notifications: one per org per batch, not one per record");
            assertEquals(0, deadLetters(pipeline, "NotificationsDeadLetterQueue") + deadLetters(pipeline, "CallbacksDeadLetterQueue"));
        }
    }

    @Test
    void aRecordDeletedInTheOrgFailsTheReconciliation() throws Exception {
        try (LocalPipeline pipeline = pipeline("--erp-outages", "0")) {
            String deleted = TestIds.id("006", 7);
            pipeline.salesforce().deleteRecord(deleted);

            Reconciliation reconciliation = pipeline.runScenario(quiet());

            assertFalse(reconciliation.passed());
            assertEquals(49, reconciliation.callbacksMatching());
            assertEquals(1, reconciliation.mismatches().size(), reconciliation.report());
            assertTrue(reconciliation.mismatches().getFirst().startsWith(deleted + ": the org has ERP_Order_Number__c=null"),
                    reconciliation.report());
            assertEquals(1, deadLetters(pipeline, "CallbacksDeadLetterQueue"), "Salesforce's ENTITY_IS_DELETED is permanent");
        }
    }

    private static LocalPipeline pipeline(String... scenario) throws Exception {
        String[] common = {"--port", "0", "--status-port", "0", "--sqs-port", "0", "--dynamodb-port", "0", "--opportunities", "50",
                "--time-scale", "360", "--scenario-timeout", "120", "--template", System.getProperty("sfbridge.template"),
                "--log-file", "target/closed-won-scenario-test.log"};
        String[] args = new String[common.length + scenario.length];
        System.arraycopy(common, 0, args, 0, common.length);
        System.arraycopy(scenario, 0, args, common.length, scenario.length);
        return new LocalPipeline(LocalOptions.parse(args));
    }

    private static int deadLetters(LocalPipeline pipeline, String queue) {
        return pipeline.sqs().drain(pipeline.queue(queue).url()).size();
    }

    private static PrintStream quiet() {
        return new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    }
}
