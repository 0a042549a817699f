package dev.sfbridge.erpevents;

import static dev.sfbridge.erpevents.ErpEventsFixture.event;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.sfbridge.model.CallbackRequest;
import dev.sfbridge.testing.TestClock;
import dev.sfbridge.testing.TestIds;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Events of one order within one request: two statuses at one time cannot be ordered, so the ERP hears of it. */
class OrderEventReaderTest {
    private static final String RECORD = TestIds.id("006", 7);
    private final OrderEventReader reader = new OrderEventReader(TestIds.ORG, "Opportunity", new TestClock(Instant.parse("2026-11-23T12:00:00Z")));

    @Test
    void twoStatusesOfOneRecordAtOneTimeAreRefusedNamingBothEvents() {
        // the same moment written two ways: times are compared as instants, not as text
        String body = array(event("SO-1", RECORD, "Allocated", "2026-11-23T11:59:30.250Z"), event("SO-9", TestIds.id("006", 8), "Booked", "2026-11-23T11:59:30.250Z"),
                event("SO-1", RECORD.substring(0, 15), "Shipped", "2026-11-23T12:59:30.25+01:00"));

        Rejection refused = assertThrows(Rejection.class, () -> reader.read(body));

        assertEquals(400, refused.status());
        assertEquals("invalid_event", refused.reason());
        assertEquals("events 0 and 2: two statuses of record " + RECORD + " at one changedAt, 2026-11-23T11:59:30.250Z: which is newer "
                + "cannot be told; send changedAt to the millisecond, a later one for the later change", refused.getMessage());
    }

    @Test
    void anotherOrderNumberAtOneTimeIsAnotherChangeToo() {
        String body = array(event("SO-1", RECORD, "Shipped", "2026-11-23T11:59:30Z"), event("SO-2", RECORD, "Shipped", "2026-11-23T11:59:30Z"));

        assertEquals("invalid_event", assertThrows(Rejection.class, () -> reader.read(body)).reason());
    }

    @Test
    void theSameStatusTwiceAndTwoStatusesAtTwoTimesAreTaken() throws Rejection {
        String body = array(event("SO-1", RECORD, "Shipped", "2026-11-23T11:59:30Z"), event("SO-1", RECORD, "Shipped", "2026-11-23T11:59:30Z"),
                event("SO-1", RECORD, "Allocated", "2026-11-23T11:59:29.999Z"));

        List<CallbackRequest> callbacks = reader.read(body);

        assertEquals(List.of("Shipped", "Shipped", "Allocated"), callbacks.stream().map(CallbackRequest::orderStatus).toList());
    }

    private static String array(String... events) {
        return "[" + String.join(",", events) + "]";
    }
}
