package dev.sfbridge.orderapi;

import static dev.sfbridge.orderapi.SoapClient.createOrder;
import static dev.sfbridge.orderapi.SoapClient.envelope;
import static dev.sfbridge.orderapi.SoapClient.envelopeOf;
import static dev.sfbridge.orderapi.SoapClient.fault;
import static dev.sfbridge.orderapi.SoapClient.xml;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import dev.sfbridge.testing.ErpSimulator;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What the SOAP service refuses, and how it answers when the ERP is slow or down: always a SOAP 1.1 fault with HTTP
 * 500, {@code Client} for what the caller must change and nothing sent to the ERP, {@code Server} for what may pass.
 */
class SoapFaultsTest {
    private static final Duration DEADLINE = Duration.ofSeconds(2);
    /** The brief's bound on a slow ERP's answer: the deadline and 100 ms. */
    private static final Duration DEADLINE_MARGIN = Duration.ofMillis(100);

    @AutoClose
    private final OrderApiFixture fixture = new OrderApiFixture(DEADLINE);

    /** A hostile or wrong request: its bytes, the fault code and the detail's error it must get. */
    static Stream<Arguments> refusedRequests() {
        String order = xml(createOrder(1));
        String valid = envelopeOf(order);
        return Stream.of(
                refused("entity expansion (billion laughs)", "soapenv:Client", "doctype",
                        "<?xml version=\"1.0\"?><!DOCTYPE e [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;\">]>"
                                + valid.substring(valid.indexOf("?>") + 2).replace("Deal 1", "&b;")),
                refused("external entity (XXE)", "soapenv:Client", "doctype",
                        "<?xml version=\"1.0\"?><!DOCTYPE e [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                                + valid.substring(valid.indexOf("?>") + 2).replace("Deal 1", "&x;")),
                refused("undeclared entity", "soapenv:Client", "malformed_xml", valid.replace("Deal 1", "&x;")),
                refused("elements nested deeper than the bound, in a header", "soapenv:Client", "too_deep",
                        valid.replace("<soapenv:Body>", "<soapenv:Header>" + "<x>".repeat(40) + "</x>".repeat(40)
                                + "</soapenv:Header><soapenv:Body>")),
                refused("elements nested where the WSDL has a value", "soapenv:Client", "contract_mismatch",
                        valid.replace("Deal 1", "<x>".repeat(40) + "</x>".repeat(40))),
                refused("the operation in another namespace", "soapenv:Client", "wrong_namespace",
                        valid.replace("urn:sfbridge:orders:v1", "urn:someone:else")),
                refused("an operation the service does not have", "soapenv:Client", "unknown_operation",
                        valid.replace("createOrder", "deleteOrder")),
                refused("an element the WSDL does not declare", "soapenv:Client", "contract_mismatch",
                        valid.replace("</" + prefix(order) + "stage>", "</" + prefix(order) + "stage><" + prefix(order)
                                + "discount>10</" + prefix(order) + "discount>")),
                refused("a value not of its type", "soapenv:Client", "contract_mismatch",
                        valid.replace("1001.50", "a lot")),
                refused("no order in createOrder", "soapenv:Client", "invalid_order",
                        envelopeOf("<createOrder xmlns=\"urn:sfbridge:orders:v1\"/>")),
                refused("two operations in one Body", "soapenv:Client", "extra_body_element",
                        envelopeOf(order + order)),
                refused("an empty Body", "soapenv:Client", "no_operation", envelopeOf("")),
                refused("not XML", "soapenv:Client", "malformed_xml", "{\"salesforceRecordId\": \"006\"}"),
                refused("truncated", "soapenv:Client", "malformed_xml", valid.substring(0, valid.length() / 2)),
                refused("a SOAP 1.2 envelope", "soapenv:VersionMismatch", "soap_1_2",
                        valid.replace(SoapClient.SOAP11, "http://www.w3.org/2003/05/soap-envelope")),
                refused("a header that must be understood", "soapenv:MustUnderstand", "must_understand",
                        valid.replace("<soapenv:Body>", "<soapenv:Header><s:Session xmlns:s=\"urn:s\" soapenv:mustUnderstand=\"1\">x"
                                + "</s:Session></soapenv:Header><soapenv:Body>")),
                Arguments.of("invalid UTF-8", "soapenv:Client", "malformed_xml", invalidUtf8(valid)),
                Arguments.of("over the size limit", "soapenv:Client", "body_too_large",
                        valid.replace("Deal 1", "x".repeat(OrderApi.SOAP_BODY_FACTOR * 64 * 1024)).getBytes(StandardCharsets.UTF_8)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedRequests")
    void aRequestThatIsNotTheWsdlsIsAFaultAndNothingIsCreated(String what, String faultCode, String error, byte[] body) {
        APIGatewayProxyResponseEvent response = fixture.soap(body);

        SoapClient.Fault fault = fault(response);
        assertEquals(faultCode, fault.code(), what + ": " + response.getBody());
        assertEquals(error, fault.detail().getError(), what + ": " + response.getBody());
        assertFalse(fault.string().isBlank());
        assertFalse(response.getBody().contains("/etc/passwd") || response.getBody().contains("root:"), "nothing resolved");
        assertEquals(0, fixture.erp.requests(), what + ": nothing sent to the ERP");
        assertEquals(0, fixture.erp.ordersCreated());
    }

    @Test
    void jsonSentToTheSoapRouteIsAClientFault() {
        SoapClient.Fault fault = fault(fixture.send(OrderApiFixture.soapEvent("application/json",
                "{}".getBytes(StandardCharsets.UTF_8), null)));

        assertEquals("soapenv:Client", fault.code());
        assertEquals("unsupported_media_type", fault.detail().getError());
    }

    @Test
    void anErpThatDoesNotAnswerIsAServerFaultWithinTheDeadline() {
        fixture.erp.failNext(1, ErpSimulator.Fault.hang());

        OrderApiFixture.Timed timed = OrderApiFixture.timed(() -> fixture.soap(envelope(createOrder(2))));

        SoapClient.Fault fault = fault(timed.response());
        assertEquals("soapenv:Server", fault.code());
        assertEquals("erp_timeout", fault.detail().getError());
        assertTrue(fault.string().contains("2000 ms"), fault.string());
        assertTrue(timed.took().compareTo(DEADLINE.minus(Deadline.RESERVE)) >= 0, "answered before it gave up: " + timed.took());
        assertTrue(timed.took().compareTo(DEADLINE.plus(DEADLINE_MARGIN)) < 0, "answered in " + timed.took());
    }

    @Test
    void whileTheCircuitIsOpenTheFaultComesAtOnceWithWhenToCallAgain() {
        fixture.erp.failNext(3 * OrderApiHandler.CIRCUIT_THRESHOLD, ErpSimulator.Fault.unavailable());
        for (int i = 0; i < OrderApiHandler.CIRCUIT_THRESHOLD; i++) {
            assertEquals("erp_unavailable", fault(fixture.soap(envelope(createOrder(3)))).detail().getError());
        }
        int requestsWhenOpened = fixture.erp.requests();

        OrderApiFixture.Timed timed = OrderApiFixture.timed(() -> fixture.soap(envelope(createOrder(3))));

        SoapClient.Fault fault = fault(timed.response());
        assertEquals("soapenv:Server", fault.code());
        assertEquals("erp_unavailable", fault.detail().getError());
        assertEquals(15, fault.detail().getRetryAfterSeconds());
        assertEquals("15", timed.response().getHeaders().get("Retry-After"));
        assertEquals(requestsWhenOpened, fixture.erp.requests(), "the open circuit kept the request from the ERP");
        assertTrue(timed.took().compareTo(Duration.ofMillis(500)) < 0, "answered in " + timed.took());
    }

    @Test
    void aFaultQuotesNeitherTheRequestNorItsValues() {
        SoapClient.Fault fault = fault(fixture.soap(
                envelopeOf(xml(createOrder(4))).replace("1001.50", "SECRET-VALUE").getBytes(StandardCharsets.UTF_8)));

        assertEquals("contract_mismatch", fault.detail().getError());
        assertFalse(fault.string().contains("SECRET-VALUE"), fault.string());
        assertTrue(fixture.logLines.stream().noneMatch(line -> line.contains("SECRET-VALUE")), "the body is never logged");
    }

    private static Arguments refused(String what, String faultCode, String error, String body) {
        return Arguments.of(what, faultCode, error, body.getBytes(StandardCharsets.UTF_8));
    }

    /** The namespace prefix JAXB gave the service's elements in {@code xml}, with its colon ("" when it used none). */
    private static String prefix(String xml) {
        int colon = xml.indexOf(':', 1);
        int space = xml.indexOf(' ');
        return colon > 0 && colon < space ? xml.substring(1, colon + 1) : "";
    }

    /** The envelope with a byte sequence that is no UTF-8 (a lone continuation byte) in the order's name. */
    private static byte[] invalidUtf8(String valid) {
        int at = valid.indexOf("Deal 1");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(valid.substring(0, at).getBytes(StandardCharsets.UTF_8));
        out.write(0x80);
        out.write(0xFF);
        out.writeBytes(valid.substring(at).getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }
}
