package dev.sfbridge.erp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sfbridge.testing.ErpSimulator;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** {@link HttpErpClient#billingHistory} against the simulated ERP: pages, the ERP's refusals, and what is retried. */
class HttpErpClientBillingTest extends ErpClientTest {
    private static final String ACCOUNT = "ACME-0001";
    private static final List<ErpBilling.Bill> BILLS = IntStream.rangeClosed(1, 5)
            .mapToObj(n -> new ErpBilling.Bill("B-" + n, LocalDate.of(2026, 11, n), LocalDate.of(2026, 12, n),
                    new BigDecimal(n + "0.10"), "EUR", "OPEN"))
            .toList();

    HttpErpClientBillingTest() {
        super("erp-key-b1");
    }

    @Test
    void pagesFollowTheCursorToTheLastOneAndAmountsStayExact() throws ErpException {
        erp.bills(ACCOUNT, BILLS);

        ErpBilling.Page first = client.billingHistory(ACCOUNT, 2, null);
        ErpBilling.Page second = client.billingHistory(ACCOUNT, 2, first.nextPageToken());
        ErpBilling.Page last = client.billingHistory(ACCOUNT, 2, second.nextPageToken());

        assertEquals(BILLS.subList(0, 2), first.bills());
        assertEquals(BILLS.subList(2, 4), second.bills());
        assertEquals(BILLS.subList(4, 5), last.bills());
        assertNull(last.nextPageToken());
        assertEquals(new BigDecimal("10.10"), first.bills().getFirst().amount());
    }

    @Test
    void anAccountNumberIsEncodedIntoThePath() throws ErpException {
        erp.bills("A B/1", BILLS.subList(0, 1));

        assertEquals(BILLS.subList(0, 1), client.billingHistory("A B/1", 10, null).bills());
    }

    @Test
    void anUnknownAccountIsAPermanent404() {
        ErpException e = assertThrows(ErpException.class, () -> client.billingHistory("NOBODY", 10, null));

        assertEquals(ErpException.Kind.PERMANENT, e.kind());
        assertEquals(404, e.status());
        assertEquals(1, erp.billRequests());
    }

    @Test
    void aRefusedCursorIsAPermanent400() {
        erp.bills(ACCOUNT, BILLS);

        ErpException e = assertThrows(ErpException.class, () -> client.billingHistory(ACCOUNT, 10, "bm9wZQ"));

        assertEquals(ErpException.Kind.PERMANENT, e.kind());
        assertEquals(400, e.status());
        assertTrue(e.getMessage().contains("invalid_cursor"), e.getMessage());
    }

    @Test
    void aRouting404AndA503AreRetriedAndThenAnswered() throws ErpException {
        erp.bills(ACCOUNT, BILLS);
        erp.failNext(1, new ErpSimulator.Fault.Respond(404, Map.of(), "<html>no such stage</html>"));
        erp.failNext(1, ErpSimulator.Fault.unavailable());

        assertEquals(5, client.billingHistory(ACCOUNT, 10, null).bills().size());
        assertEquals(3, erp.billRequests());
    }

    @Test
    void aTwoHundredWithoutBillsIsRetriedNotTakenForAnEmptyHistory() {
        erp.failNext(3, new ErpSimulator.Fault.Respond(200, Map.of(), "{\"items\": []}"));

        ErpException e = assertThrows(ErpException.class, () -> client.billingHistory(ACCOUNT, 10, null));

        assertEquals(ErpException.Kind.RETRYABLE, e.kind());
        assertTrue(e.getMessage().contains("without a page of bills"), e.getMessage());
    }
}
