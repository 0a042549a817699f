package dev.sfbridge.worker;

import static dev.sfbridge.worker.WorkerFixture.SENT_AT;
import static dev.sfbridge.worker.WorkerFixture.failedIds;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import dev.sfbridge.model.Notification;
import dev.sfbridge.testing.TestContext;
import dev.sfbridge.testing.TestIds;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * Whose session reads which records: one org's ID-only notifications in one batch, from outbound messages sent as
 * different users. Each record is read with its own notification's session, so a user who cannot see another
 * user's records cannot make them look gone (RECORD_GONE is done for good: no order, no retry, no dead letter).
 */
class FetchCredentialsTest {
    @AutoClose
    private final WorkerFixture fixture = new WorkerFixture();
    private final OrderWorkerHandler handler = fixture.handler();
    /** Users X and Y of the same org: each owns records the other cannot see. */
    private final String sessionX = fixture.salesforce.newSession();
    private final String sessionY = fixture.salesforce.newSession();

    private SQSBatchResponse process(List<Notification> notifications) {
        Map<String, Notification> byMessageId = new LinkedHashMap<>();
        notifications.forEach(n -> byMessageId.put("m-" + n.notificationId(), n));
        return handler.handleRequest(WorkerFixture.event(byMessageId), new TestContext("req"));
    }

    /** Opportunities {@code from}..{@code to}, each visible only to {@code session}'s user, notified with it. */
    private List<Notification> privateRecordsOf(String session, int from, int to) {
        return IntStream.rangeClosed(from, to).mapToObj(n -> {
            fixture.salesforce.visibleOnlyTo(fixture.opportunityInOrg(n, SENT_AT, 1), session);
            return fixture.idOnly(n, "", session);
        }).toList();
    }

    @Test
    void twoUsersSessionsInOneBatchEachReadTheirOwnRecordsAndNoneIsGoneBecauseOfTheOther() {
        List<Notification> batch = new ArrayList<>(privateRecordsOf(sessionX, 1, 3));
        batch.addAll(privateRecordsOf(sessionY, 4, 5));
        // interleaved, as one SQS batch mixes two outbound messages' notifications
        batch.add(1, batch.remove(3));

        SQSBatchResponse response = process(batch);

        assertEquals(List.of(), failedIds(response));
        assertEquals(5, fixture.erp.ordersCreated(), "every record read by a session that sees it");
        IntStream.rangeClosed(1, 5).forEach(n -> assertTrue(fixture.erp.order(TestIds.id("006", n)).isPresent(), "order " + n));
        assertNull(fixture.metrics.emitted().get("RecordsGone[Reason=not_visible]"));
        assertEquals(2, fixture.salesforce.queryCalls(), "one query per session");
        assertEquals(0, fixture.salesforce.tokenRequests(), "each message's own session, no OAuth");
    }

    @Test
    void aRecordIsJudgedNotVisibleByItsOwnNotificationsSessionOnly() {
        List<Notification> batch = new ArrayList<>(privateRecordsOf(sessionX, 1, 2));
        // Y is sent about X's record 1: Y's session does not see it, whatever X's does
        batch.add(fixture.idOnly(1, "-y", sessionY));

        SQSBatchResponse response = process(batch);

        assertEquals(List.of(), failedIds(response));
        assertEquals(2, fixture.erp.ordersCreated());
        assertEquals(1L, fixture.metrics.emitted().get("RecordsGone[Reason=not_visible]"), "Y's notification of record 1 only");
        assertTrue(fixture.logLines.stream().anyMatch(l -> l.contains("\"outcome\":\"RECORD_GONE\"")
                && l.contains(TestIds.id("04l", 1) + "-y")), fixture.logLines.toString());
    }

    @Test
    void aNotificationWithoutASessionIsReadWithOAuthAndDoesNotTakeTheOthersAlong() {
        List<Notification> batch = new ArrayList<>(privateRecordsOf(sessionX, 1, 2));
        fixture.opportunityInOrg(3, SENT_AT, 1);
        batch.add(fixture.idOnly(3, "", null));

        SQSBatchResponse response = process(batch);

        assertEquals(List.of(), failedIds(response));
        assertEquals(3, fixture.erp.ordersCreated(), "X's records with X's session, which the token cannot read");
        assertEquals(2, fixture.salesforce.queryCalls(), "X's session, and the token for the one without");
        assertEquals(1, fixture.salesforce.tokenRequests());
        assertTrue(fixture.logLines.stream().anyMatch(l -> l.contains("records fetched") && l.contains("\"credential\":\"oauth\"")
                && l.contains("\"records\":1")), fixture.logLines.toString());
        assertTrue(fixture.logLines.stream().anyMatch(l -> l.contains("records fetched") && l.contains("\"credential\":\"session\"")
                && l.contains("\"records\":2")), fixture.logLines.toString());
    }

    @Test
    void anExpiredSessionFallsBackToOAuthForItsOwnRecordsOnly() {
        // X's records can be seen by the integration user too; Y's by Y alone
        IntStream.rangeClosed(1, 3).forEach(n -> fixture.opportunityInOrg(n, SENT_AT, 1));
        List<Notification> batch = new ArrayList<>(IntStream.rangeClosed(1, 3).mapToObj(n -> fixture.idOnly(n, "", sessionX)).toList());
        batch.addAll(privateRecordsOf(sessionY, 4, 5));
        fixture.salesforce.expire(sessionX);

        SQSBatchResponse response = process(batch);

        assertEquals(List.of(), failedIds(response));
        assertEquals(5, fixture.erp.ordersCreated(), "Y's records read with Y's session, not with the token X's 401 brought");
        assertNull(fixture.metrics.emitted().get("RecordsGone[Reason=not_visible]"));
        assertEquals(1, fixture.salesforce.refusedCalls(), "X's session, once");
        assertEquals(1, fixture.salesforce.tokenRequests(), "for X's group");
        assertEquals(3, fixture.salesforce.apiCalls(), "X refused, X with the token, Y with its session");
    }
}
