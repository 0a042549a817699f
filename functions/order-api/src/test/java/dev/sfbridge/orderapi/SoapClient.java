package dev.sfbridge.orderapi;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import dev.sfbridge.orderapi.generated.CreateOrder;
import dev.sfbridge.orderapi.generated.GetBillingHistory;
import dev.sfbridge.orderapi.generated.ObjectFactory;
import dev.sfbridge.orderapi.generated.Order;
import dev.sfbridge.orderapi.generated.OrderApiFault;
import jakarta.xml.bind.JAXBContext;
import jakarta.xml.bind.JAXBException;
import jakarta.xml.bind.Marshaller;
import java.io.ByteArrayInputStream;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import javax.xml.datatype.DatatypeFactory;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * The SOAP service's caller as a JAX-WS client or Apex's generated stub is one: requests are the WSDL's generated
 * types marshalled into a SOAP 1.1 envelope, answers are read back into them, faults into their parts.
 */
final class SoapClient {
    static final String SOAP11 = "http://schemas.xmlsoap.org/soap/envelope/";
    private static final JAXBContext TYPES = context();
    private static final ObjectFactory FACTORY = new ObjectFactory();

    /** A SOAP 1.1 fault, as a client reads it. */
    record Fault(String code, String string, OrderApiFault detail) {}

    private SoapClient() {}

    /** Opportunity {@code n}'s order, the fields of {@link OrderApiFixture#order}, as the generated type. */
    static CreateOrder createOrder(int n) {
        Order order = FACTORY.createOrder();
        order.setSalesforceRecordId(OrderApiFixture.recordId(n));
        order.setSalesforceOrgId("00D000000000001EAA");
        order.setCustomerAccountId("001000000000001AAA");
        order.setName("Deal " + n);
        order.setAmount(new BigDecimal("1001.50"));
        order.setOwnerId("005000000000007AAA");
        order.setStage("Closed Won");
        try {
            order.setCloseDate(DatatypeFactory.newInstance().newXMLGregorianCalendar("2026-11-02"));
            order.setSourceModifiedAt(DatatypeFactory.newInstance().newXMLGregorianCalendar("2026-11-20T10:00:01.000Z"));
        } catch (javax.xml.datatype.DatatypeConfigurationException e) {
            throw new IllegalStateException(e);
        }
        CreateOrder request = FACTORY.createCreateOrder();
        request.setOrder(order);
        return request;
    }

    static GetBillingHistory billingHistory(String accountNumber, Integer pageSize, String pageToken) {
        GetBillingHistory request = FACTORY.createGetBillingHistory();
        request.setAccountNumber(accountNumber);
        request.setPageSize(pageSize);
        request.setPageToken(pageToken);
        return request;
    }

    /** The request (a generated root element) in a SOAP 1.1 envelope, UTF-8. */
    static byte[] envelope(Object request) {
        return envelopeOf(xml(request)).getBytes(StandardCharsets.UTF_8);
    }

    /** {@code body} as the Body's content of a SOAP 1.1 envelope. */
    static String envelopeOf(String body) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?><soapenv:Envelope xmlns:soapenv=\"" + SOAP11 + "\"><soapenv:Body>"
                + body + "</soapenv:Body></soapenv:Envelope>";
    }

    static String xml(Object element) {
        try {
            Marshaller marshaller = TYPES.createMarshaller();
            marshaller.setProperty(Marshaller.JAXB_FRAGMENT, true);
            StringWriter out = new StringWriter();
            marshaller.marshal(element, out);
            return out.toString();
        } catch (JAXBException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The answer's Body element as {@code type}, after checking it is a SOAP success. */
    static <T> T answer(APIGatewayProxyResponseEvent response, Class<T> type) {
        assertEquals(200, response.getStatusCode(), response.getBody());
        assertEquals("text/xml; charset=utf-8", response.getHeaders().get("Content-Type"));
        try {
            return TYPES.createUnmarshaller().unmarshal(bodyElement(response), type).getValue();
        } catch (JAXBException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The answer's fault, after checking it is one as SOAP 1.1 sends it: HTTP 500, text/xml. */
    static Fault fault(APIGatewayProxyResponseEvent response) {
        assertEquals(500, response.getStatusCode(), response.getBody());
        assertEquals("text/xml; charset=utf-8", response.getHeaders().get("Content-Type"));
        Element fault = bodyElement(response);
        assertEquals(SOAP11, fault.getNamespaceURI());
        assertEquals("Fault", fault.getLocalName());
        Element detail = child(fault, "detail");
        try {
            OrderApiFault parts = detail == null ? null
                    : TYPES.createUnmarshaller().unmarshal(firstElement(detail), OrderApiFault.class).getValue();
            return new Fault(child(fault, "faultcode").getTextContent(), child(fault, "faultstring").getTextContent(), parts);
        } catch (JAXBException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Element bodyElement(APIGatewayProxyResponseEvent response) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            Document document = factory.newDocumentBuilder()
                    .parse(new ByteArrayInputStream(response.getBody().getBytes(StandardCharsets.UTF_8)));
            Element envelope = document.getDocumentElement();
            assertEquals(SOAP11, envelope.getNamespaceURI());
            Element body = firstElement(envelope);
            assertEquals("Body", body.getLocalName());
            return firstElement(body);
        } catch (Exception e) {
            throw new IllegalStateException("not a SOAP envelope: " + response.getBody(), e);
        }
    }

    private static Element firstElement(Node parent) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element element) {
                return element;
            }
        }
        return null;
    }

    private static Element child(Element parent, String localName) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element element && localName.equals(element.getLocalName())) {
                return element;
            }
        }
        return null;
    }

    private static JAXBContext context() {
        try {
            return JAXBContext.newInstance(ObjectFactory.class);
        } catch (JAXBException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
