package dev.sfbridge.orderapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sfbridge.contract.SoapResponses;
import dev.sfbridge.erp.ErpBilling;
import dev.sfbridge.orderapi.generated.Bill;
import dev.sfbridge.orderapi.generated.BillingHistoryPage;
import dev.sfbridge.orderapi.generated.CreateOrderResponse;
import dev.sfbridge.orderapi.generated.GetBillingHistoryResponse;
import dev.sfbridge.orderapi.generated.ObjectFactory;
import dev.sfbridge.orderapi.generated.OrderAnswer;
import dev.sfbridge.orderapi.generated.OrderApiFault;
import jakarta.xml.bind.JAXBException;
import jakarta.xml.bind.Marshaller;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import javax.xml.datatype.DatatypeConfigurationException;
import javax.xml.datatype.DatatypeFactory;
import javax.xml.datatype.XMLGregorianCalendar;

/**
 * The SOAP service's answers, written with the JAXB types CXF generated from the WSDL: the operations' responses
 * (HTTP 200), and every refusal as a SOAP 1.1 fault (HTTP 500, as SOAP 1.1 section 6.2 has it) whose
 * {@code faultstring} is the REST routes' {@code message}, words an Apex user can be shown (Apex puts them in its
 * {@code CalloutException}), and whose {@code detail} is the WSDL's {@code orderApiFault}: the REST routes' error
 * code, and when to call again. Thread-safe.
 */
final class SoapAnswers {
    private static final ObjectFactory TYPES = new ObjectFactory();
    private static final DatatypeFactory DATES = datatypeFactory();
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * {@code createOrderResponse} of the order {@code POST /orders}' logic answered: its JSON, or its stored JSON
     * replayed for an {@code Idempotency-Key} (then with {@code Idempotent-Replayed}, as over REST).
     */
    ApiResponse orderPlaced(ApiResponse placed) {
        JsonNode body;
        try {
            body = JSON.readTree(placed.body());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        OrderAnswer answer = new OrderAnswer();
        answer.setOrderNumber(body.get("orderNumber").asText());
        // absent when the ERP gave none: an element left out, not the text "null"
        answer.setStatus(body.hasNonNull("status") ? body.get("status").asText() : null);
        CreateOrderResponse response = TYPES.createCreateOrderResponse();
        response.setResult(answer);
        Map<String, String> headers = new HashMap<>(placed.headers());
        headers.put("Content-Type", SoapResponses.CONTENT_TYPE);
        return new ApiResponse(200, headers, SoapResponses.envelope(xml(response)));
    }

    ApiResponse billingPage(String accountNumber, ErpBilling.Page page) {
        BillingHistoryPage answer = new BillingHistoryPage();
        answer.setAccountNumber(accountNumber);
        for (ErpBilling.Bill bill : page.bills()) {
            Bill written = new Bill();
            written.setBillNumber(bill.billNumber());
            written.setIssuedOn(date(bill.issuedOn()));
            written.setDueOn(date(bill.dueOn()));
            written.setAmount(bill.amount());
            written.setCurrencyIsoCode(bill.currency());
            written.setStatus(bill.status());
            answer.getBills().add(written);
        }
        answer.setNextPageToken(page.nextPageToken());
        GetBillingHistoryResponse response = TYPES.createGetBillingHistoryResponse();
        response.setResult(answer);
        return new ApiResponse(200, Map.of("Content-Type", SoapResponses.CONTENT_TYPE), SoapResponses.envelope(xml(response)));
    }

    /** HTTP 500 with the fault; the refusal's headers ({@code Retry-After}, {@code Allow}) stay on the HTTP answer. */
    ApiResponse fault(Refusal refusal) {
        OrderApiFault detail = new OrderApiFault();
        detail.setError(refusal.reason());
        detail.setMessage(refusal.getMessage());
        String retryAfter = refusal.headers().get("Retry-After");
        detail.setRetryAfterSeconds(retryAfter == null ? null : Integer.valueOf(retryAfter));
        Map<String, String> headers = new HashMap<>(refusal.headers());
        headers.put("Content-Type", SoapResponses.CONTENT_TYPE);
        return new ApiResponse(500, headers,
                SoapResponses.fault(refusal.faultCode(), refusal.getMessage(), xml(TYPES.createOrderApiFault(detail))));
    }

    /** The element as XML without a declaration, to go into an envelope. */
    private static String xml(Object element) {
        try {
            Marshaller marshaller = SoapRequests.TYPES.createMarshaller();
            marshaller.setProperty(Marshaller.JAXB_FRAGMENT, true);
            StringWriter out = new StringWriter();
            marshaller.marshal(element, out);
            return out.toString();
        } catch (JAXBException e) {
            throw new IllegalStateException("the WSDL's own types could not be written", e);
        }
    }

    private static XMLGregorianCalendar date(LocalDate date) {
        return date == null ? null : DATES.newXMLGregorianCalendar(date.toString());
    }

    private static DatatypeFactory datatypeFactory() {
        try {
            return DatatypeFactory.newInstance();
        } catch (DatatypeConfigurationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
