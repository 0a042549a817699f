package dev.sfbridge.orderapi;

import static dev.sfbridge.orderapi.OrderApiFixture.json;
import static dev.sfbridge.orderapi.OrderApiFixture.order;
import static dev.sfbridge.orderapi.OrderApiFixture.recordId;
import static dev.sfbridge.orderapi.SoapClient.answer;
import static dev.sfbridge.orderapi.SoapClient.billingHistory;
import static dev.sfbridge.orderapi.SoapClient.createOrder;
import static dev.sfbridge.orderapi.SoapClient.envelope;
import static dev.sfbridge.orderapi.SoapClient.fault;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import dev.sfbridge.erp.ErpBilling;
import dev.sfbridge.model.OrderLine;
import dev.sfbridge.model.OrderResult;
import dev.sfbridge.orderapi.generated.BillingHistoryPage;
import dev.sfbridge.orderapi.generated.CreateOrder;
import dev.sfbridge.orderapi.generated.CreateOrderResponse;
import dev.sfbridge.orderapi.generated.GetBillingHistoryResponse;
import dev.sfbridge.orderapi.generated.OrderLines;
import dev.sfbridge.testing.ErpSimulator;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /soap}: the REST routes' logic behind a SOAP 1.1 document/literal service, called as a client generated
 * from the WSDL calls it (the generated types marshalled into an envelope, the answer read back into them).
 */
class SoapServiceTest {
    @AutoClose
    private final OrderApiFixture fixture = new OrderApiFixture();

    @Test
    void createOrderMakesOneErpOrderAndAnswersItsNumberAndStatus() {
        CreateOrderResponse created = answer(fixture.soap(envelope(createOrder(1))), CreateOrderResponse.class);

        ErpSimulator.Order order = fixture.erp.order(recordId(1)).orElseThrow();
        assertEquals(order.orderNumber(), created.getResult().getOrderNumber());
        assertEquals(order.status(), created.getResult().getStatus());
        assertEquals(1, fixture.erp.ordersCreated());
        assertEquals(new BigDecimal("1001.50"), order.request().amount(), "the amount exactly as sent");
        assertEquals(LocalDate.parse("2026-11-02"), order.request().closeDate());
        assertEquals("2026-11-20T10:00:01Z", order.request().sourceModifiedAt().toString());
        assertNull(order.request().lines(), "no lines element: the ERP keeps the order's lines");
    }

    @Test
    void aRetriedCallGetsTheSameOrderAndNeverASecondOne() {
        CreateOrderResponse first = answer(fixture.soap(envelope(createOrder(2))), CreateOrderResponse.class);
        CreateOrderResponse retried = answer(fixture.soap(envelope(createOrder(2))), CreateOrderResponse.class);

        assertEquals(first.getResult().getOrderNumber(), retried.getResult().getOrderNumber());
        assertEquals(1, fixture.erp.ordersCreated());
    }

    @Test
    void aSoapOrderAndTheSameOrderOverRestNameOneErpOrder() {
        CreateOrderResponse soap = answer(fixture.soap(envelope(createOrder(3))), CreateOrderResponse.class);
        APIGatewayProxyResponseEvent rest = fixture.post(order(3));

        assertEquals(200, rest.getStatusCode(), rest.getBody());
        assertEquals(soap.getResult().getOrderNumber(), json(rest).get("orderNumber").asText());
        assertEquals(1, fixture.erp.ordersCreated());
    }

    @Test
    void linesAreSentToTheErpAndAFifteenCharacterIdNamesTheSameOrder() {
        CreateOrder request = createOrder(4);
        request.getOrder().setSalesforceRecordId(recordId(4).substring(0, 15));
        OrderLines lines = new OrderLines();
        lines.getLine().add(line("00k000000000001AAA", "2", "500.75", "1001.50"));
        request.getOrder().setLines(lines);

        answer(fixture.soap(envelope(request)), CreateOrderResponse.class);

        List<OrderLine> sent = fixture.erp.order(recordId(4)).orElseThrow().lines();
        assertEquals(1, sent.size());
        assertEquals("00k000000000001AAA", sent.get(0).salesforceLineItemId());
        assertEquals(new BigDecimal("500.75"), sent.get(0).unitPrice());
    }

    @Test
    void theLargestOrderFitsTheSoapBodyLimitAsItFitsTheJsonOne() {
        CreateOrder request = createOrder(8);
        OrderLines lines = new OrderLines();
        for (int i = 0; i < OrderBodyReader.MAX_LINES; i++) {
            dev.sfbridge.orderapi.generated.OrderLine line =
                    line(dev.sfbridge.model.SalesforceIds.to18("00k%012d".formatted(i)), "12.5", "1500.75", "18759.38");
            line.setProductName("GenWatt Diesel 10kW, with its installation kit");
            lines.getLine().add(line);
        }
        request.getOrder().setLines(lines);
        int defaultMaxBodyBytes = OrderApiConfig.from(new dev.sfbridge.config.Env(java.util.Map.of("IDEMPOTENCY_TABLE", "t",
                "ERP_BASE_URL", "https://erp.example.com", "ERP_SECRET_ID", "s"))).maxBodyBytes();

        int bytes = envelope(request).length;

        assertTrue(bytes > defaultMaxBodyBytes, "over the JSON limit, so the factor is needed: " + bytes);
        assertTrue(bytes < OrderApi.SOAP_BODY_FACTOR * defaultMaxBodyBytes, "within the SOAP limit: " + bytes);
    }

    @Test
    void anIdempotencyKeyIsReplayedForTheSameOrderAndRefusedForAnother() {
        CreateOrderResponse first = answer(fixture.soap(envelope(createOrder(5)), "key-5"), CreateOrderResponse.class);
        APIGatewayProxyResponseEvent replay = fixture.soap(envelope(createOrder(5)), "key-5");
        int erpRequests = fixture.erp.requests();

        CreateOrder another = createOrder(5);
        another.getOrder().setAmount(new BigDecimal("2.00"));
        SoapClient.Fault reused = fault(fixture.soap(envelope(another), "key-5"));

        assertEquals(first.getResult().getOrderNumber(), answer(replay, CreateOrderResponse.class).getResult().getOrderNumber());
        assertEquals("true", replay.getHeaders().get("Idempotent-Replayed"));
        assertEquals("soapenv:Client", reused.code());
        assertEquals("idempotency_key_reused", reused.detail().getError());
        assertTrue(reused.string().contains("another order"), reused.string());
        assertEquals(reused.string(), reused.detail().getMessage());
        assertEquals(erpRequests, fixture.erp.requests(), "neither the replay nor the refusal called the ERP");
        assertEquals(new BigDecimal("1001.50"), fixture.erp.order(recordId(5)).orElseThrow().request().amount());
    }

    @Test
    void theOrdersRulesAreTheRestRoutesOnesAndTheirFaultsNameTheField() {
        CreateOrder request = createOrder(6);
        request.getOrder().setOwnerId("not-an-id");

        SoapClient.Fault refused = fault(fixture.soap(envelope(request)));

        assertEquals("soapenv:Client", refused.code());
        assertEquals("invalid_order", refused.detail().getError());
        assertTrue(refused.string().contains("ownerId"), refused.string());
        assertEquals(0, fixture.erp.requests());
    }

    @Test
    void theErpsRefusalIsAClientFaultWithItsWords() {
        fixture.erp.failNext(1, ErpSimulator.Fault.rejected(422, "validation_failed", "amount must be positive"));

        SoapClient.Fault refused = fault(fixture.soap(envelope(createOrder(7))));

        assertEquals("soapenv:Client", refused.code());
        assertEquals("erp_rejected", refused.detail().getError());
        assertTrue(refused.string().contains("amount must be positive"), refused.string());
    }

    @Test
    void theBillingHistoryIsReadPageByPage() {
        List<ErpBilling.Bill> bills = IntStream.rangeClosed(1, 25)
                .mapToObj(n -> new ErpBilling.Bill("B-%05d".formatted(n), LocalDate.of(2026, 1, 1).plusDays(n),
                        LocalDate.of(2026, 2, 1).plusDays(n), new BigDecimal(n + ".50"), "EUR", "OPEN"))
                .toList();
        fixture.erp.bills("ACME-0001", bills);

        List<String> read = new ArrayList<>();
        List<Integer> pageSizes = new ArrayList<>();
        String token = null;
        BillingHistoryPage page;
        do {
            page = answer(fixture.soap(envelope(billingHistory("ACME-0001", 10, token))), GetBillingHistoryResponse.class)
                    .getResult();
            assertEquals("ACME-0001", page.getAccountNumber());
            page.getBills().forEach(bill -> read.add(bill.getBillNumber()));
            pageSizes.add(page.getBills().size());
            token = page.getNextPageToken();
        } while (token != null);

        assertEquals(List.of(10, 10, 5), pageSizes);
        assertEquals(bills.stream().map(ErpBilling.Bill::billNumber).toList(), read);
        assertEquals(new BigDecimal("25.50"), page.getBills().get(4).getAmount());
        assertEquals("2026-01-26", page.getBills().get(4).getIssuedOn().toXMLFormat());
        assertEquals("EUR", page.getBills().get(4).getCurrencyIsoCode());
    }

    @Test
    void aBillingHistoryWithoutAPageSizeHasTwentyAndAnUnknownAccountIsAFault() {
        fixture.erp.bills("ACME-0002", IntStream.rangeClosed(1, 21)
                .mapToObj(n -> new ErpBilling.Bill("B-" + n, LocalDate.of(2026, 1, n), LocalDate.of(2026, 2, n),
                        BigDecimal.ONE, "EUR", "PAID")).toList());

        BillingHistoryPage page = answer(fixture.soap(envelope(billingHistory("ACME-0002", null, null))),
                GetBillingHistoryResponse.class).getResult();
        SoapClient.Fault unknown = fault(fixture.soap(envelope(billingHistory("NOBODY-1", null, null))));
        SoapClient.Fault badSize = fault(fixture.soap(envelope(billingHistory("ACME-0002", 101, null))));

        assertEquals(BillingQuery.DEFAULT_PAGE_SIZE, page.getBills().size());
        assertEquals("account_not_found", unknown.detail().getError());
        assertEquals("soapenv:Client", unknown.code());
        assertEquals("invalid_page_size", badSize.detail().getError());
    }

    /** docs/erp-api.md does not require the ERP's {@code status}: the element is left out, never the text "null". */
    @Test
    void anErpAnswerWithoutAStatusLeavesTheElementOut() {
        OrderApi api = fixture.api(order -> new OrderResult("SO-1", null, OrderResult.Write.CREATED), null, fixture.store(),
                fixture.circuit(), Duration.ofSeconds(5));

        ApiResponse answer = api.handle(new ApiRequest("POST", OrderApi.SOAP, Map.of(), Map.of(), "text/xml; charset=utf-8",
                null, Base64.getEncoder().encodeToString(envelope(createOrder(1))), true, OrderApiFixture.CALLER, "r-1", null));

        assertEquals(200, answer.status(), answer.body());
        assertFalse(answer.body().contains("status>"), answer.body());
        CreateOrderResponse created = answer(new APIGatewayProxyResponseEvent().withStatusCode(answer.status())
                .withHeaders(answer.headers()).withBody(answer.body()), CreateOrderResponse.class);
        assertEquals("SO-1", created.getResult().getOrderNumber());
        assertNull(created.getResult().getStatus());
    }

    /** A line of product GC1040, as the generated type. */
    private static dev.sfbridge.orderapi.generated.OrderLine line(String lineItemId, String quantity, String unitPrice,
                                                                 String totalPrice) {
        dev.sfbridge.orderapi.generated.OrderLine line = new dev.sfbridge.orderapi.generated.OrderLine();
        line.setSalesforceLineItemId(lineItemId);
        line.setProductCode("GC1040");
        line.setQuantity(new BigDecimal(quantity));
        line.setUnitPrice(new BigDecimal(unitPrice));
        line.setTotalPrice(new BigDecimal(totalPrice));
        return line;
    }
}
