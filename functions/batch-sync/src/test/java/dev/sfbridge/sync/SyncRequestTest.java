package dev.sfbridge.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SyncRequestTest {
    @Test
    void theSchedulesInputNamesOneJob() {
        assertEquals(List.of("erp-invoices-to-salesforce"), SyncRequest.jobs(Map.of("syncJob", "erp-invoices-to-salesforce")));
    }

    @Test
    void aContinuationMessageNamesItsJobInItsBody() {
        Map<String, Object> event = Map.of("Records", List.of(Map.of("messageId", "m-1", "body", SyncRequest.body("erp-invoices-to-salesforce"))));

        assertEquals(List.of("erp-invoices-to-salesforce"), SyncRequest.jobs(event));
    }

    @Test
    void anEventThatNamesNoJobIsRefusedSayingWhatItShouldBe() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SyncRequest.jobs(Map.of("Records", List.of(Map.of("body", "not json")))));

        assertEquals("a sync request is {\"syncJob\": \"<name>\"}", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SyncRequest.jobs(Map.of("detail-type", "Scheduled Event")));
    }
}
