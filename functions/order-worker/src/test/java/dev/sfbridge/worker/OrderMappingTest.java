package dev.sfbridge.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sfbridge.model.InstanceUrl;
import dev.sfbridge.model.Notification;
import dev.sfbridge.model.OrderLine;
import dev.sfbridge.model.OrderRequest;
import dev.sfbridge.worker.OrderMapping.UnmappableNotification;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OrderMappingTest {
    private final OrderMapping mapping = new OrderMapping();

    static Notification opportunity(Map<String, String> fields) {
        return new Notification(1, "04l000000000001AAA", "00D000000000001EAA", "04k000000000001AAA", "Opportunity",
                "006000000000001AAA", fields, Instant.EPOCH,
                InstanceUrl.of("https://acme.my.salesforce.com/services/Soap/c/62.0/00D").orElseThrow(), null);
    }

    static Map<String, String> closedWon() {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("Id", "006000000000001AAA");
        fields.put("AccountId", "001000000000042AAA");
        fields.put("Amount", "1250.50");
        fields.put("CloseDate", "2026-11-20");
        fields.put("Name", "Acme renewal");
        fields.put("OwnerId", "005000000000007AAA");
        fields.put("StageName", "Closed Won");
        fields.put("LastModifiedDate", "2026-11-20T10:00:00.000Z");
        fields.put("SystemModstamp", "2026-11-20T10:00:01.000Z");
        return fields;
    }

    @Test
    void mapsEveryFieldOfAClosedWonOpportunity() throws Exception {
        OrderRequest order = mapping.toOrder(opportunity(closedWon()));

        assertEquals(new OrderRequest("006000000000001AAA", "00D000000000001EAA", "001000000000042AAA", "Acme renewal",
                new BigDecimal("1250.50"), LocalDate.of(2026, 11, 20), "005000000000007AAA", "Closed Won",
                Instant.parse("2026-11-20T10:00:01Z"), null), order);
    }

    @Test
    void takesLastModifiedDateWhenSystemModstampIsNotSelected() throws Exception {
        Map<String, String> fields = closedWon();
        fields.remove("SystemModstamp");
        assertEquals(Instant.parse("2026-11-20T10:00:00Z"), mapping.toOrder(opportunity(fields)).sourceModifiedAt());
        fields.put("LastModifiedDate", "2026-11-20T11:00:00+01:00");
        assertEquals(Instant.parse("2026-11-20T10:00:00Z"), mapping.toOrder(opportunity(fields)).sourceModifiedAt());
    }

    @Test
    void leavesNilAndOmittedFieldsEmpty() throws Exception {
        Map<String, String> fields = closedWon();
        fields.put("Amount", null);
        fields.remove("CloseDate");
        fields.remove("SystemModstamp");
        fields.remove("LastModifiedDate");
        OrderRequest order = mapping.toOrder(opportunity(fields));
        assertNull(order.amount());
        assertNull(order.closeDate());
        assertNull(order.sourceModifiedAt());
    }

    @Test
    void refusesWhatCannotBecomeAnOrder() {
        Map<String, String> badAmount = closedWon();
        badAmount.put("Amount", "12,50");
        assertTrue(assertThrows(UnmappableNotification.class, () -> mapping.toOrder(opportunity(badAmount)))
                .getMessage().contains("Amount"));

        Map<String, String> badDate = closedWon();
        badDate.put("CloseDate", "20/11/2026");
        assertThrows(UnmappableNotification.class, () -> mapping.toOrder(opportunity(badDate)));

        Map<String, String> idOnly = new LinkedHashMap<>(Map.of("Id", "006000000000001AAA"));
        assertTrue(assertThrows(UnmappableNotification.class, () -> mapping.toOrder(opportunity(idOnly)))
                .getMessage().contains("not read from Salesforce"));

        Notification account = new Notification(1, "04l000000000001AAA", "00D000000000001EAA", null, "Account",
                "001000000000001AAA", Map.of("Id", "001000000000001AAA", "Name", "Acme"), Instant.EPOCH, null, null);
        assertThrows(UnmappableNotification.class, () -> mapping.toOrder(account));
    }

    @Test
    void aRecordReadFromSalesforceGivesItsFieldsItsLinesAndItsSystemModstampInTheRestApisFormat() throws Exception {
        Map<String, String> fields = closedWon();
        fields.put("SystemModstamp", "2026-11-21T08:30:00.000+0000");
        List<OrderLine> lines = List.of(new OrderLine("00k000000000001AAA", "P-1", "Product 1", new BigDecimal("2"),
                new BigDecimal("10.00"), new BigDecimal("20.00")));

        OrderRequest order = mapping.toOrder(opportunity(Map.of("Id", "006000000000001AAA")), new Fetched.Current(fields, lines));

        assertEquals(Instant.parse("2026-11-21T08:30:00Z"), order.sourceModifiedAt());
        assertEquals(lines, order.lines());
        assertEquals(fields.get("Name"), order.name());
        assertNull(mapping.toOrder(opportunity(closedWon())).lines(), "a message's fields say nothing of the lines");
    }

    @Test
    void derivesTheInstanceUrlFromTheEnterpriseUrl() {
        assertEquals("https://acme.my.salesforce.com", opportunity(closedWon()).instanceUrl().toString());
    }
}
