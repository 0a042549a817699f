package dev.sfbridge.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sfbridge.contract.SoapResponses;
import dev.sfbridge.testing.OutboundMessages;
import dev.sfbridge.testing.TestIds;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The local stack end to end over real HTTP, without a scenario: what `./dev up` serves. */
class LocalPipelineTest {
    private static LocalPipeline pipeline;
    private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void start() throws Exception {
        pipeline = new LocalPipeline(LocalOptions.parse("--port", "0", "--status-port", "0", "--sqs-port", "0", "--dynamodb-port", "0",
                "--opportunities", "0", "--template", System.getProperty("sfbridge.template"), "--log-file", "target/local-pipeline-test.log"));
    }

    @AfterAll
    static void stop() {
        pipeline.close();
    }

    @Test
    void aFullMessageOverHttpIsAckedAndEndsAsOrdersWithTheirNumbersInTheOrg() throws Exception {
        List<String> ids = IntStream.rangeClosed(2001, 2100).mapToObj(n -> TestIds.id("006", n)).toList();
        ids.forEach(id -> pipeline.salesforce().addRecord("Opportunity", id));
        HttpResponse<String> response = post("text/xml; charset=utf-8", OutboundMessages.closedWon(2001, 100)
                .sessionId(pipeline.salesforce().newSession()).instanceUrl(pipeline.salesforce().instanceUrl().toString()).xml());

        assertEquals(200, response.statusCode());
        assertEquals(SoapResponses.ACK, response.body());
        Await.until(Duration.ofSeconds(60), () -> pipeline.reconcile(ids).passed(), () -> pipeline.reconcile(ids).report());
        assertEquals("SO-", pipeline.salesforce().fields(ids.getFirst()).get("ERP_Order_Number__c").substring(0, 3));
    }

    @Test
    void answersAnUnknownOrganizationWithAFaultOverHttp() throws Exception {
        HttpResponse<String> response = post("text/xml", OutboundMessages.closedWon(1, 1)
                .organizationId(TestIds.OTHER_ORG).xml());

        assertEquals(500, response.statusCode());
        assertTrue(response.body().contains("<faultcode>soapenv:Client</faultcode>"), response.body());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("text/xml"));
    }

    @Test
    void refusesOtherMethodsAndUnknownPaths() throws Exception {
        HttpResponse<String> get = http.send(HttpRequest.newBuilder(pipeline.outboundMessagesEndpoint()).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(405, get.statusCode());
        assertEquals("POST", get.headers().firstValue("Allow").orElse(""));

        HttpResponse<String> elsewhere = http.send(HttpRequest.newBuilder(pipeline.outboundMessagesEndpoint()
                .resolve("/outbound-messages/x")).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(404, elsewhere.statusCode());
    }

    @Test
    void theErpEventsRouteIsServedAndRefusesAnUnsignedEvent() throws Exception {
        HttpResponse<String> unsigned = http.send(HttpRequest.newBuilder(pipeline.erpOrderEventsEndpoint())
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertEquals(401, unsigned.statusCode());
        assertTrue(unsigned.body().contains("missing_signature"), unsigned.body());
    }

    @Test
    void theRequestReplyRoutesOpenApiDocumentIsServed() throws Exception {
        HttpResponse<String> document = SigV4Requests.of(pipeline.requestReplyKey())
                .get(pipeline.requestReplyEndpoint().resolve("/openapi.yaml")).send();

        assertEquals(200, document.statusCode(), document.body());
        assertEquals("application/yaml", document.headers().firstValue("Content-Type").orElse(""));
        assertTrue(document.body().contains("\nopenapi: 3.0."), document.body());
        assertTrue(document.body().contains("operationId: createOrder"), document.body());
    }

    @Test
    void theSoapServiceAndItsWsdlAreServed() throws Exception {
        URI soap = pipeline.requestReplyEndpoint().resolve("/soap");
        SigV4Requests signed = SigV4Requests.of(pipeline.requestReplyKey());
        HttpResponse<String> wsdl = signed.get(URI.create(soap + "?wsdl")).send();
        HttpResponse<String> unknown = signed.post(soap, "<soapenv:Envelope xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\">"
                + "<soapenv:Body><deleteOrder xmlns=\"urn:sfbridge:orders:v1\"/></soapenv:Body></soapenv:Envelope>",
                Map.of("Content-Type", "text/xml; charset=utf-8")).send();
        HttpResponse<String> unsigned = http.send(HttpRequest.newBuilder(URI.create(soap + "?wsdl")).GET().build(),
                HttpResponse.BodyHandlers.ofString());

        assertEquals(403, unsigned.statusCode(), unsigned.body());
        assertEquals(200, wsdl.statusCode(), wsdl.body());
        assertTrue(wsdl.body().contains("<soap:address location=\"" + soap + "\"/>"), wsdl.body());
        assertEquals(500, unknown.statusCode(), unknown.body());
        assertTrue(unknown.body().contains("<faultcode>soapenv:Client</faultcode>"), unknown.body());
        assertTrue(unknown.body().contains("<error>unknown_operation</error>"), unknown.body());
    }

    @Test
    void optionsHaveDefaultsAndClearErrors() {
        LocalOptions defaults = LocalOptions.parse();
        assertEquals(LocalOptions.DEFAULT_PORT, defaults.port());
        assertEquals(1000, defaults.opportunities());
        assertEquals(500, defaults.liveSessionOpportunities());
        assertNull(defaults.logFile());
        assertEquals(10, LocalOptions.parse("--opportunities", "20").liveSessionOpportunities());
        assertEquals(0, defaults.closeRate());
        assertEquals(25, LocalOptions.parse("--close-rate", "25").closeRate());
        assertEquals("--close-rate takes a number from 0 to 1000000, not -1",
                assertThrows(IllegalArgumentException.class, () -> LocalOptions.parse("--close-rate", "-1")).getMessage());
        assertTrue(LocalOptions.parse("--exit-after-scenario").exitAfterScenario());
        assertTrue(LocalOptions.parse("--help").help());
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> LocalOptions.parse("--port", "x"));
        assertTrue(bad.getMessage().contains("--port"));
        assertThrows(IllegalArgumentException.class, () -> LocalOptions.parse("--time-scale", "0"));
        assertThrows(IllegalArgumentException.class, () -> LocalOptions.parse("--opportunities"));
        assertThrows(IllegalArgumentException.class, () -> LocalOptions.parse("--frobnicate"));
        assertEquals(ScenarioMessage.FIELDS, defaults.message());
        assertEquals(ScenarioMessage.ID_ONLY, LocalOptions.parse("--message", "id-only").message());
        IllegalArgumentException message = assertThrows(IllegalArgumentException.class, () -> LocalOptions.parse("--message", "ids"));
        assertEquals("--message takes fields or id-only, not ids", message.getMessage());
    }

    @Test
    void templateParametersAreGivenOneFlagEach() {
        LocalOptions given = LocalOptions.parse("--parameter", "RequestReplyAuth=JwtAuthorizer",
                "--parameter", "RequestReplyJwtPublicKeys=-----BEGIN PUBLIC KEY-----\nMFkw=\n-----END PUBLIC KEY-----");

        assertEquals(Map.of("RequestReplyAuth", "JwtAuthorizer",
                "RequestReplyJwtPublicKeys", "-----BEGIN PUBLIC KEY-----\nMFkw=\n-----END PUBLIC KEY-----"), given.parameters());
        assertEquals(Map.of(), LocalOptions.parse().parameters());
        assertEquals("--parameter takes NAME=VALUE, not 'JwtAuthorizer'",
                assertThrows(IllegalArgumentException.class, () -> LocalOptions.parse("--parameter", "JwtAuthorizer")).getMessage());
        assertEquals("--parameter takes NAME=VALUE, not '=x'",
                assertThrows(IllegalArgumentException.class, () -> LocalOptions.parse("--parameter", "=x")).getMessage());
        assertEquals("--parameter takes NAME=VALUE, not ''",
                assertThrows(IllegalArgumentException.class, () -> LocalOptions.parse("--parameter")).getMessage());
        assertEquals("--parameter A is given twice", assertThrows(IllegalArgumentException.class,
                () -> LocalOptions.parse("--parameter", "A=1", "--parameter", "A=2")).getMessage());
        assertEquals(Map.of("SyncSchedule", "rate(1 hour)"), LocalOptions.parse("--sync-schedule", "rate(1 hour)").parameters());
        assertEquals("--sync-schedule sets the parameter SyncSchedule: give one of them", assertThrows(IllegalArgumentException.class,
                () -> LocalOptions.parse("--sync-schedule", "rate(1 hour)", "--parameter", "SyncSchedule=rate(2 hours)")).getMessage());
    }

    private static HttpResponse<String> post(String contentType, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(pipeline.outboundMessagesEndpoint())
                .header("Content-Type", contentType).header("SOAPAction", "\"\"")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
