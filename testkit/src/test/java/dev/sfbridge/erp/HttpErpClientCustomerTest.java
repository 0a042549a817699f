package dev.sfbridge.erp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sfbridge.model.OrderResult;
import dev.sfbridge.testing.ErpSimulator;
import dev.sfbridge.testing.TestIds;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link HttpErpClient#upsertCustomer} against the simulated ERP: the ordered upsert, deactivation, and the failure split. */
class HttpErpClientCustomerTest extends ErpClientTest {
    private static final String ACCOUNT = TestIds.id("001", 7);
    private static final Instant T1 = Instant.parse("2026-11-27T08:00:00.123Z");

    HttpErpClientCustomerTest() {
        super("erp-key-c1");
    }

    @Test
    void aNewCustomerIsCreatedUpdatedByANewerChangeAndAnOlderOneIsRefusedAsStale() throws ErpException {
        assertEquals(OrderResult.Write.CREATED, client.upsertCustomer(customer("Ärzte & Söhne, \"GmbH\"", true, T1)));
        assertEquals(OrderResult.Write.UPDATED, client.upsertCustomer(customer("Acme", true, T1.plusSeconds(5))));
        assertEquals(OrderResult.Write.REFUSED_AS_STALE, client.upsertCustomer(customer("Older", true, T1.plusSeconds(1))));

        ErpSimulator.Customer held = erp.customer(ACCOUNT).orElseThrow();
        assertEquals("Acme", held.fields().get("name"));
        assertEquals(T1.plusSeconds(5), held.sourceModifiedAt());
        assertEquals(2, erp.customerWrites(ACCOUNT));
    }

    @Test
    void aFieldWithoutAValueIsSentAsNullAndADeletedAccountDeactivatesItsCustomer() throws ErpException {
        client.upsertCustomer(customer("Acme", true, T1));
        Map<String, String> fields = new HashMap<>();
        fields.put("customerNumber", "C-1");
        fields.put("name", null);
        client.upsertCustomer(new ErpCustomer(ACCOUNT, fields, false, T1.plusSeconds(1)));

        ErpSimulator.Customer held = erp.customer(ACCOUNT).orElseThrow();
        assertFalse(held.active());
        assertTrue(held.fields().containsKey("name"));
        assertNull(held.fields().get("name"));
        assertEquals(1, erp.deactivatedCustomers());
    }

    @Test
    void aFieldTheRequestLeavesOutKeepsTheValueTheErpHolds() throws ErpException {
        client.upsertCustomer(customer("Acme", true, T1));
        client.upsertCustomer(new ErpCustomer(ACCOUNT, Map.of("customerNumber", "C-2"), true, T1.plusSeconds(1)));

        ErpSimulator.Customer held = erp.customer(ACCOUNT).orElseThrow();
        assertEquals("Acme", held.fields().get("name"), "left out, not emptied");
        assertEquals("C-2", held.fields().get("customerNumber"));
    }

    @Test
    void aRefusalIsPermanentWithOneRequestAndA503IsRetriedThenRetryable() {
        erp.failNext(ACCOUNT, 1, ErpSimulator.Fault.rejected(422, "validation_failed", "customerNumber is taken"));
        ErpException refused = assertThrows(ErpException.class, () -> client.upsertCustomer(customer("Acme", true, T1)));
        assertEquals(ErpException.Kind.PERMANENT, refused.kind());
        assertEquals(422, refused.status());
        assertTrue(refused.getMessage().contains("customerNumber is taken"), refused.getMessage());
        assertEquals(1, erp.customerRequests());

        erp.failNext(ACCOUNT, 3, ErpSimulator.Fault.unavailable());
        ErpException down = assertThrows(ErpException.class, () -> client.upsertCustomer(customer("Acme", true, T1)));
        assertEquals(ErpException.Kind.RETRYABLE, down.kind());
        assertEquals(4, erp.customerRequests());
        assertEquals(0, erp.customerCount());
    }

    @Test
    void anAccountIdThatIsNoSalesforceIdIsRefusedBeforeAnyRequest() {
        ErpException e = assertThrows(ErpException.class,
                () -> client.upsertCustomer(new ErpCustomer("../orders", Map.of("customerNumber", "C-1"), true, T1)));

        assertEquals(ErpException.Kind.PERMANENT, e.kind());
        assertEquals(0, erp.customerRequests());
    }

    private static ErpCustomer customer(String name, boolean active, Instant modifiedAt) {
        return new ErpCustomer(ACCOUNT, Map.of("customerNumber", "C-1", "name", name), active, modifiedAt);
    }
}
