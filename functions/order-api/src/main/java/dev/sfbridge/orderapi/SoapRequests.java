package dev.sfbridge.orderapi;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sfbridge.contract.HardenedXmlInput;
import dev.sfbridge.contract.SoapEnvelope;
import dev.sfbridge.orderapi.generated.CreateOrder;
import dev.sfbridge.orderapi.generated.GetBillingHistory;
import dev.sfbridge.orderapi.generated.ObjectFactory;
import dev.sfbridge.orderapi.generated.Order;
import dev.sfbridge.orderapi.generated.OrderLine;
import jakarta.xml.bind.JAXBContext;
import jakarta.xml.bind.JAXBException;
import jakarta.xml.bind.Unmarshaller;
import jakarta.xml.bind.ValidationEventLocator;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.concurrent.atomic.AtomicReference;
import javax.xml.datatype.XMLGregorianCalendar;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Reads a request to the SOAP service in one pass, as the listener reads an outbound message: the SOAP 1.1 envelope
 * by hand ({@link SoapEnvelope}), the operation's element with the JAXB types CXF generated from the WSDL, strictly
 * (an element the WSDL does not declare there, or a value not of its type, is refused rather than dropped), all over
 * a {@link HardenedXmlInput} reader: no DTD, no entity, nothing fetched, depth and sizes bounded. Every way a request
 * can be wrong is a 400 {@link Refusal}, a {@code Client} fault, before anything is called. Thread-safe.
 */
final class SoapRequests {
    static final String NAMESPACE = "urn:sfbridge:orders:v1";
    /** Deeper than any request of the WSDL's: envelope, Body, createOrder, order, lines, line, a field. */
    static final int MAX_ELEMENT_DEPTH = 16;
    /** The WSDL's generated types, for reading requests and writing answers. */
    static final JAXBContext TYPES = newContext();

    private final HardenedXmlInput input = new HardenedXmlInput(MAX_ELEMENT_DEPTH);

    SoapCall read(byte[] body) throws Refusal {
        if (body.length == 0) {
            throw Refusal.badRequest("empty_body", "the request has no body: send a SOAP 1.1 envelope");
        }
        try {
            XMLStreamReader reader = input.open(body);
            try {
                SoapEnvelope.openBody(reader);
                SoapCall call = operation(reader);
                SoapEnvelope.expectOnlyClosingTags(reader);
                return call;
            } finally {
                reader.close();
            }
        } catch (XMLStreamException e) {
            throw Refusal.badEnvelope(SoapEnvelope.unreadable(e));
        } catch (SoapEnvelope.Rejected e) {
            throw Refusal.badEnvelope(e);
        }
    }

    private static SoapCall operation(XMLStreamReader reader) throws XMLStreamException, Refusal {
        if (reader.getEventType() != XMLStreamConstants.START_ELEMENT) {
            throw Refusal.badRequest("no_operation", "the Body holds no operation: createOrder or getBillingHistory");
        }
        if (!NAMESPACE.equals(reader.getNamespaceURI())) {
            throw Refusal.badRequest("wrong_namespace", "the Body's element is not in this service's namespace " + NAMESPACE
                    + ": generate the Apex classes from this service's WSDL");
        }
        return switch (reader.getLocalName()) {
            case "createOrder" -> {
                Order order = unmarshal(reader, CreateOrder.class, "createOrder").getOrder();
                if (order == null) {
                    throw Refusal.badRequest("invalid_order", "createOrder holds no order");
                }
                yield new SoapCall.CreateOrder(order);
            }
            case "getBillingHistory" -> new SoapCall.BillingHistory(unmarshal(reader, GetBillingHistory.class, "getBillingHistory"));
            default -> throw Refusal.badRequest("unknown_operation",
                    "the Body holds no operation of this service: createOrder or getBillingHistory");
        };
    }

    /** The element the reader stands on, as {@code type}; anything the WSDL does not declare ends the read. */
    private static <T> T unmarshal(XMLStreamReader reader, Class<T> type, String operation) throws XMLStreamException, Refusal {
        AtomicReference<ValidationEventLocator> where = new AtomicReference<>();
        try {
            Unmarshaller unmarshaller = TYPES.createUnmarshaller();
            unmarshaller.setEventHandler(event -> {
                where.compareAndSet(null, event.getLocator());
                return false;
            });
            return unmarshaller.unmarshal(reader, type).getValue();
        } catch (JAXBException | RuntimeException e) {
            // JAXB lets some bad input out unchecked; a broken document is the reader's to describe
            for (Throwable cause = e; cause != null; cause = cause.getCause() != null ? cause.getCause() : linked(cause)) {
                if (cause instanceof XMLStreamException stream) {
                    throw stream;
                }
            }
            // JAXB's own words can quote the value: say only where
            ValidationEventLocator at = where.get();
            throw Refusal.badRequest("contract_mismatch", operation + " does not match the WSDL: an element it does not"
                    + " declare there, or a value not of its type" + (at == null || at.getLineNumber() < 0 ? ""
                    : " (line %d, column %d)".formatted(at.getLineNumber(), at.getColumnNumber())));
        }
    }

    private static Throwable linked(Throwable t) {
        return t instanceof JAXBException j && j.getLinkedException() != t ? j.getLinkedException() : null;
    }

    /**
     * The order as the body of {@code POST /orders}, field for field, so that one reader ({@link OrderBodyReader})
     * checks both routes' orders by the same rules, and an order sent either way has the same idempotency fingerprint.
     */
    static byte[] asJson(Order order) {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("salesforceRecordId", order.getSalesforceRecordId());
        json.put("salesforceOrgId", order.getSalesforceOrgId());
        json.put("customerAccountId", order.getCustomerAccountId());
        json.put("name", order.getName());
        json.put("amount", order.getAmount());
        json.put("closeDate", date(order.getCloseDate()));
        json.put("ownerId", order.getOwnerId());
        json.put("stage", order.getStage());
        // without an offset it is refused, as over REST: a time that is no instant
        json.put("sourceModifiedAt", order.getSourceModifiedAt() == null ? null : order.getSourceModifiedAt().toXMLFormat());
        if (order.getLines() != null) {
            ArrayNode lines = json.putArray("lines");
            for (OrderLine line : order.getLines().getLine()) {
                lines.addObject()
                        .put("salesforceLineItemId", line.getSalesforceLineItemId())
                        .put("productCode", line.getProductCode())
                        .put("productName", line.getProductName())
                        .put("quantity", line.getQuantity())
                        .put("unitPrice", line.getUnitPrice())
                        .put("totalPrice", line.getTotalPrice());
            }
        }
        return json.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * An xsd:date's day; a time zone on a date (XML Schema allows one) names no other day. A day no calendar has is
     * passed on as it was written, for the reader to refuse.
     */
    private static String date(XMLGregorianCalendar date) {
        if (date == null) {
            return null;
        }
        try {
            return LocalDate.of(date.getYear(), date.getMonth(), date.getDay()).toString();
        } catch (DateTimeException e) {
            return date.toXMLFormat();
        }
    }

    private static JAXBContext newContext() {
        try {
            return JAXBContext.newInstance(ObjectFactory.class);
        } catch (JAXBException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
