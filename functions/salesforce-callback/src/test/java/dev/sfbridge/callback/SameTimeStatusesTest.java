package dev.sfbridge.callback;

import static dev.sfbridge.callback.CallbackFixture.T0;
import static dev.sfbridge.callback.CallbackFixture.failedIds;
import static dev.sfbridge.callback.CallbackFixture.messageIds;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.sfbridge.callback.CallbackFixture.DeadLetter;
import dev.sfbridge.testing.SalesforceSimulator;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * Two statuses of one order at one time: which is newer cannot be told, so the one that comes second is not
 * decided silently by whichever lands last; it is dead-lettered with its reason and the record keeps the first.
 * The same status at the same time again (a redelivery, a replay) is written as before.
 */
class SameTimeStatusesTest {
    /** An ERP time to the second, as the docs' example had it. */
    private static final Instant SAME = T0.minusSeconds(30);

    @AutoClose
    private final CallbackFixture fixture = new CallbackFixture();
    private final SalesforceSimulator salesforce = fixture.salesforce;

    @Test
    void anotherStatusAtTheTimeOfOneWrittenIsDeadLetteredAndTheFirstStays() {
        String id = fixture.opportunity(1);
        CallbackHandler handler = fixture.handler();
        SQSEvent shipped = fixture.event(fixture.fromErp(id, "SO-1", "Shipped", SAME));
        SQSEvent allocated = fixture.event(fixture.fromErp(id, "SO-1", "Allocated", SAME));

        assertEquals(List.of(), failedIds(handler.handleRequest(shipped, null)));
        assertEquals(List.of(), failedIds(handler.handleRequest(allocated, null)));

        assertEquals("Shipped", salesforce.fields(id).get("ERP_Order_Status__c"), "the status written first is not overwritten");
        assertEquals("DEAD_LETTERED", fixture.outcomes().get(messageIds(allocated).getFirst()));
        assertSameTimeDeadLetter("Allocated");
        assertEquals(1L, fixture.metrics.emitted().get("DeadLettersSent"));
    }

    @Test
    void twoStatusesAtOneTimeInOneBatchWriteTheFirstAndDeadLetterTheOther() {
        String id = fixture.opportunity(1);
        SQSEvent both = fixture.event(fixture.fromErp(id, "SO-1", "Allocated", SAME), fixture.fromErp(id, "SO-1", "Shipped", SAME));

        assertEquals(List.of(), failedIds(fixture.handler().handleRequest(both, null)));

        assertEquals(Map.of(messageIds(both).get(0), "WRITTEN", messageIds(both).get(1), "DEAD_LETTERED"), fixture.outcomes(),
                "not a stale copy: another status, whose place cannot be told");
        assertSameTimeDeadLetter("Shipped");
    }

    @Test
    void anotherOrderNumberAtTheSameTimeAndStatusIsAnotherChangeToo() {
        String id = fixture.opportunity(1);
        CallbackHandler handler = fixture.handler();
        handler.handleRequest(fixture.event(fixture.fromErp(id, "SO-1", "Shipped", SAME)), null);

        handler.handleRequest(fixture.event(fixture.fromErp(id, "SO-2", "Shipped", SAME)), null);

        assertEquals("SO-1", salesforce.fields(id).get("ERP_Order_Number__c"));
        assertSameTimeDeadLetter("Shipped");
    }

    @Test
    void theSameStatusAtTheSameTimeAgainIsARepeatAndWritten() {
        String id = fixture.opportunity(1);
        CallbackHandler handler = fixture.handler();
        SQSEvent first = fixture.event(fixture.fromErp(id, "SO-1", "Shipped", SAME));
        SQSEvent again = fixture.event(fixture.fromErp(id, "SO-1", "Shipped", SAME), fixture.fromErp(id, "SO-1", "Shipped", SAME));

        handler.handleRequest(first, null);
        assertEquals(List.of(), failedIds(handler.handleRequest(again, null)));

        assertEquals(Map.of(messageIds(first).getFirst(), "WRITTEN", messageIds(again).get(0), "WRITTEN", messageIds(again).get(1), "STALE"),
                fixture.outcomes(), "a redelivery is admitted again; its copy in one batch is done");
        assertEquals(List.of(), fixture.deadLetters());
    }

    /**
     * The worker stamps the ERP's answer with the moment it asked (…:30.400); the ERP, whose clock has whole seconds,
     * ships the order later in that second and sends, as docs/callbacks.md asks, the last millisecond of its second:
     * the ERP's status outranks the answer read earlier in the same second.
     */
    @Test
    void anErpTimeAtTheEndOfItsSecondOutranksTheWorkersAnswerFromEarlierInThatSecond() {
        String id = fixture.opportunity(1);
        CallbackHandler handler = fixture.handler();
        handler.handleRequest(fixture.event(fixture.fromWorker(id, "SO-1", "Allocated", SAME.plusMillis(400), fixture.session())), null);

        SQSEvent shipped = fixture.event(fixture.fromErp(id, "SO-1", "Shipped", SAME.plusMillis(999)));
        assertEquals(List.of(), failedIds(handler.handleRequest(shipped, null)));

        assertEquals("WRITTEN", fixture.outcomes().get(messageIds(shipped).getFirst()));
        assertEquals("Shipped", salesforce.fields(id).get("ERP_Order_Status__c"));
    }

    private void assertSameTimeDeadLetter(String status) {
        List<DeadLetter> letters = fixture.deadLetters();
        assertEquals(List.of(status), letters.stream().map(l -> l.request().orderStatus()).toList());
        assertTrue(letters.getFirst().reason().startsWith("two statuses of one order at one time (" + SAME + "): which is newer cannot be told"),
                letters.getFirst().reason());
    }
}
