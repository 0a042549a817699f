package dev.sfbridge.erp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sfbridge.testing.ErpSimulator;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HttpInvoiceFeedTest {
    private static final Instant T0 = Instant.parse("2026-11-27T08:00:00Z");

    private final ErpSimulator erp = ErpSimulator.withOAuth("sync", "sync-secret", Duration.ofMinutes(5));
    private final List<Duration> pauses = new CopyOnWriteArrayList<>();
    private final HttpInvoiceFeed feed = new HttpInvoiceFeed(erp.baseUri(), ErpCredentials.fixed(erp.secret()),
            HttpErpClient.Settings.defaults().withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(2)).withPause(pauses::add));

    @AfterEach
    void close() {
        feed.close();
        erp.close();
    }

    @Test
    void pagesFollowTheCursorInTimeThenNumberOrderInsideTheWindow() throws ErpException {
        invoice("INV-3", T0.plusSeconds(1));
        invoice("INV-1", T0.plusSeconds(2));
        invoice("INV-2", T0.plusSeconds(2));
        invoice("INV-4", T0.plusSeconds(3));
        invoice("INV-BEFORE", T0.minusNanos(1));
        invoice("INV-AT-END", T0.plusSeconds(4));

        List<String> numbers = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            InvoicePage page = feed.changes(T0, T0.plusSeconds(4), cursor, 2);
            page.invoices().forEach(invoice -> numbers.add(invoice.invoiceNumber()));
            cursor = page.nextCursor();
            pages++;
        } while (cursor != null);

        assertEquals(List.of("INV-3", "INV-1", "INV-2", "INV-4"), numbers);
        assertEquals(2, pages);
        ErpInvoice first = feed.changes(T0, T0.plusSeconds(4), null, 1).invoices().getFirst();
        assertEquals("120.50", first.fields().get("amount"));
        assertEquals(T0.plusSeconds(1), first.modifiedAt());
        assertEquals("C-7", first.customerNumber());
    }

    @Test
    void anUnavailableErpIsAskedAgainAfterItsRetryAfterAndAnErpThatStaysDownIsRetryable() throws ErpException {
        invoice("INV-1", T0);
        erp.failNext(ErpSimulator.INVOICE_CHANGES, 1, new ErpSimulator.Fault.Respond(429, Map.of("Retry-After", "2"), "{}"));

        assertEquals(1, feed.changes(T0, T0.plusSeconds(1), null, 10).invoices().size());
        assertEquals(List.of(Duration.ofSeconds(2)), pauses);

        erp.failNext(ErpSimulator.INVOICE_CHANGES, 3, new ErpSimulator.Fault.Respond(503, Map.of(), "{\"error\":\"unavailable\"}"));
        ErpException down = assertThrows(ErpException.class, () -> feed.changes(T0, T0.plusSeconds(1), null, 10));
        assertEquals(ErpException.Kind.RETRYABLE, down.kind());
        assertTrue(down.getMessage().contains("3 attempts"), down.getMessage());
    }

    @Test
    void anErpThatAsksForALongerWaitThanTheClientMayTakeEndsTheCallAsRetryableWithoutWaiting() {
        invoice("INV-1", T0);
        erp.failNext(ErpSimulator.INVOICE_CHANGES, 1, new ErpSimulator.Fault.Respond(503, Map.of("Retry-After", "3600"), "{}"));

        ErpException later = assertThrows(ErpException.class, () -> feed.changes(T0, T0.plusSeconds(1), null, 10));

        assertEquals(ErpException.Kind.RETRYABLE, later.kind());
        assertTrue(later.getMessage().contains("asked to wait 3600 s"), later.getMessage());
        assertEquals(List.of(), pauses);
    }

    @Test
    void aRevokedTokenIsReplacedOnceAndACursorTheErpRefusesIsPermanent() throws ErpException {
        invoice("INV-1", T0);
        assertEquals(1, feed.changes(T0, T0.plusSeconds(1), null, 10).invoices().size());
        erp.revokeTokens();

        assertEquals(1, feed.changes(T0, T0.plusSeconds(1), null, 10).invoices().size());
        assertEquals(2, erp.tokensIssued());

        ErpException refused = assertThrows(ErpException.class, () -> feed.changes(T0, T0.plusSeconds(1), "not-a-cursor", 10));
        assertEquals(ErpException.Kind.PERMANENT, refused.kind());
        assertEquals(400, refused.status());
        assertTrue(refused.getMessage().contains("invalid_cursor"), refused.getMessage());
    }

    @Test
    void aPageThatBreaksTheContractIsPermanentAndNamesWhatIsWrong() {
        erp.failNext(ErpSimulator.INVOICE_CHANGES, 1, new ErpSimulator.Fault.Respond(200, Map.of(),
                "{\"invoices\": [{\"invoiceNumber\": \"INV-1\", \"customerNumber\": \"C-1\", \"modifiedAt\": \"yesterday\"}]}"));

        ErpException broken = assertThrows(ErpException.class, () -> feed.changes(T0, T0.plusSeconds(1), null, 10));

        assertEquals(ErpException.Kind.PERMANENT, broken.kind());
        assertTrue(broken.getMessage().contains("INV-1 has no ISO-8601 modifiedAt"), broken.getMessage());
        assertNull(broken.getCause());
    }

    @Test
    void theDocumentedPageIsReadAsDocsErpApiSaysIt() throws Exception {
        String page = java.nio.file.Files.readString(java.nio.file.Path.of(System.getProperty("sfbridge.salesforce.dir"))
                .resolveSibling("docs/erp-api.md"));
        String section = page.substring(page.indexOf("## Invoice changes"));
        int start = section.indexOf("```json\n") + "```json\n".length();
        erp.failNext(ErpSimulator.INVOICE_CHANGES, 1, new ErpSimulator.Fault.Respond(200, Map.of(), section.substring(start, section.indexOf("```", start))));

        InvoicePage read = feed.changes(T0, T0.plusSeconds(3600), null, 1000);

        ErpInvoice invoice = read.invoices().getFirst();
        assertEquals("INV-000123", invoice.invoiceNumber());
        assertEquals("C-1001", invoice.customerNumber());
        assertEquals(Instant.parse("2026-11-27T08:44:12.250Z"), invoice.modifiedAt());
        assertEquals("1200.50", invoice.fields().get("amount"));
        assertEquals("Licences, November", invoice.fields().get("description"));
        assertEquals("MDAwMDAwMTc2NDIzMzA1MjI1MDAwMDAwMHxJTlYtMDAwMTIz", read.nextCursor());
    }

    private void invoice(String number, Instant modifiedAt) {
        Map<String, Object> invoice = new LinkedHashMap<>();
        invoice.put("invoiceNumber", number);
        invoice.put("customerNumber", "C-7");
        invoice.put("modifiedAt", modifiedAt);
        invoice.put("amount", new BigDecimal("120.50"));
        erp.invoices().put(invoice);
    }
}
