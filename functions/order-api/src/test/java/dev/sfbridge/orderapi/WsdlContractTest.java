package dev.sfbridge.orderapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * The WSDL in the repository, read with a DOM parser and held to the WS-I Basic Profile 1.1's rules for a SOAP 1.1
 * document/literal description, and to what Salesforce's WSDL2Apex ("Generate from WSDL") reads (its documentation,
 * and its source, forcedotcom/WSDL2Apex: docs/request-reply.md, "The SOAP service"). Each rule is also shown to find
 * a WSDL that breaks it. And the WSDL the function serves is this file, its address the request's own URL.
 */
class WsdlContractTest {
    static final Path COMMITTED = Path.of("src/main/resources/wsdl/order-api.wsdl");
    private static final String WSDL = "http://schemas.xmlsoap.org/wsdl/";
    private static final String SOAP_BINDING = "http://schemas.xmlsoap.org/wsdl/soap/";
    private static final String XSD = "http://www.w3.org/2001/XMLSchema";
    private static final String SOAP_ENCODING = "http://schemas.xmlsoap.org/soap/encoding/";
    private static final String HTTP_TRANSPORT = "http://schemas.xmlsoap.org/soap/http";

    /** The XML Schema types WSDL2Apex maps to an Apex type (ApexTypeMapper); any other is "Unsupported schema type". */
    private static final Set<String> APEX_SCHEMA_TYPES = Set.of("string", "boolean", "decimal", "float", "double",
            "dateTime", "time", "date", "base64Binary", "anyURI", "normalizedString", "token", "integer", "long", "int",
            "short", "nonNegativeInteger", "positiveInteger", "unsignedInt", "unsignedLong");
    /** Names WSDL2Apex renames with "_x" (Apex's reserved words and keywords, ApexTypeMapper): a field an Apex developer would not find. */
    private static final Set<String> APEX_KEYWORDS = Set.of("array", "any", "begin", "byte", "case", "cast", "char",
            "commit", "const", "default", "desc", "end", "exception", "exit", "float", "goto", "group", "having", "int",
            "into", "import", "join", "loop", "number", "object", "of", "package", "short", "super", "switch", "system",
            "this", "then", "when", "currency", "date", "time", "datetime", "double", "private", "public", "string",
            "type", "user", "return", "abstract", "and", "as", "asc", "blob", "break", "by", "catch", "class", "decimal",
            "delete", "do", "else", "enum", "false", "final", "for", "from", "global", "if", "insert", "interface",
            "limit", "list", "long", "map", "merge", "new", "not", "null", "on", "or", "select", "set", "sort", "true",
            "try", "update", "upsert", "where", "while");
    /** The XML Schema constructs this WSDL keeps to; WSDL2Apex reads these, and no attribute, wildcard or derivation. */
    private static final Set<String> SCHEMA_CONSTRUCTS = Set.of("schema", "element", "complexType", "sequence");

    @AutoClose
    private final OrderApiFixture fixture = new OrderApiFixture();

    @Test
    void theCommittedWsdlKeepsToBasicProfileAndToWhatWsdl2ApexReads() throws IOException {
        assertEquals(List.of(), violations(Files.readString(COMMITTED)));
    }

    /** A WSDL that breaks one rule, and the violation that rule must report. */
    static Stream<Arguments> brokenWsdls() throws IOException {
        String wsdl = Files.readString(COMMITTED);
        return Stream.of(
                Arguments.of("rpc style", wsdl.replace("style=\"document\" transport", "style=\"rpc\" transport"),
                        "R2705: the binding's style is rpc, not document"),
                Arguments.of("encoded use", wsdl.replaceFirst("<soap:body use=\"literal\"/>",
                        "<soap:body use=\"encoded\" encodingStyle=\"" + SOAP_ENCODING + "\"/>"), "R2706: a soap:body is not literal"),
                Arguments.of("SOAP encoding", wsdl.replace("xmlns:xsd=", "xmlns:soapenc=\"" + SOAP_ENCODING + "\" xmlns:xsd="),
                        "R2706: the SOAP encoding namespace is used"),
                Arguments.of("a part of a type", wsdl.replace("element=\"tns:createOrder\"", "type=\"tns:Order\""),
                        "R2204: part parameters of message createOrderRequest names no element"),
                Arguments.of("two parts", wsdl.replace("<wsdl:part name=\"parameters\" element=\"tns:createOrder\"/>",
                        "<wsdl:part name=\"parameters\" element=\"tns:createOrder\"/><wsdl:part name=\"more\" element=\"tns:createOrder\"/>"),
                        "R2210: message createOrderRequest has 2 parts, not one"),
                Arguments.of("another transport", wsdl.replace(HTTP_TRANSPORT + "\"", "http://example.com/smtp\""),
                        "R2702: the binding's transport is not SOAP over HTTP"),
                Arguments.of("an overloaded operation", wsdl.replace("<wsdl:operation name=\"getBillingHistory\">\n      <wsdl:input",
                        "<wsdl:operation name=\"createOrder\">\n      <wsdl:input"), "R2304: operation createOrder is declared twice"),
                Arguments.of("a fault without its soap:fault", wsdl.replaceFirst(
                        "<soap:fault name=\"orderApiFault\" use=\"literal\"/>", ""), "R2721: fault orderApiFault of createOrder has no soap:fault"),
                Arguments.of("a soapAction missing", wsdl.replace(" soapAction=\"urn:sfbridge:orders:v1:createOrder\"", ""),
                        "soapAction: operation createOrder has none"),
                Arguments.of("a namespace on soap:body", wsdl.replaceFirst("<soap:body use=\"literal\"/>",
                        "<soap:body use=\"literal\" namespace=\"urn:x\"/>"), "R2716: a document-literal soap:body has a namespace"),
                Arguments.of("a wsdl:import", wsdl.replace("<wsdl:types>", "<wsdl:import namespace=\"urn:x\" location=\"x.wsdl\"/><wsdl:types>"),
                        "Salesforce: wsdl:import is not read (\"Unknown element: import\")"),
                Arguments.of("an xsd:include", wsdl.replace("<xsd:element name=\"createOrder\">",
                        "<xsd:include schemaLocation=\"x.xsd\"/><xsd:element name=\"createOrder\">"),
                        "Salesforce: schema construct include is not read"),
                Arguments.of("a second binding", wsdl.replace("<wsdl:service", "<wsdl:binding name=\"Soap12\" type=\"tns:OrderApiPortType\"/><wsdl:service"),
                        "Salesforce: 2 bindings, not one"),
                Arguments.of("an unmapped type", wsdl.replace("name=\"stage\" type=\"xsd:string\"", "name=\"stage\" type=\"xsd:anyType\""),
                        "Salesforce: element stage has type anyType, which Apex has no type for"),
                Arguments.of("an Apex keyword", wsdl.replace("name=\"currencyIsoCode\"", "name=\"currency\""),
                        "Salesforce: element currency is an Apex keyword"),
                Arguments.of("an attribute", wsdl.replace("<xsd:element name=\"stage\" type=\"xsd:string\" minOccurs=\"0\"/>",
                        "<xsd:element name=\"stage\" type=\"xsd:string\" minOccurs=\"0\"/></xsd:sequence><xsd:attribute name=\"a\" type=\"xsd:string\"/><xsd:sequence>"),
                        "Salesforce: schema construct attribute is not read"),
                Arguments.of("a port Salesforce cannot call", wsdl.replace("amazonaws.com/prod/soap", "amazonaws.com:22/prod/soap"),
                        "Salesforce: the address's port 22 is not 80, 443 or 1024 to 66535"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenWsdls")
    void eachRuleFindsAWsdlThatBreaksIt(String what, String broken, String violation) {
        assertTrue(violations(broken).contains(violation), what + ": " + violations(broken));
    }

    @Test
    void theServedWsdlIsTheCommittedOneWithTheStagesAddress() throws IOException {
        APIGatewayProxyRequestEvent get = new APIGatewayProxyRequestEvent().withHttpMethod("GET").withResource(OrderApi.SOAP)
                .withPath("/soap").withQueryStringParameters(Map.of("wsdl", ""))
                .withHeaders(Map.of("Host", "abc123.execute-api.eu-west-1.amazonaws.com", "X-Forwarded-Proto", "https"));
        APIGatewayProxyResponseEvent served = fixture.send(get);
        // API Gateway's context: its domain name, and the path with the stage
        get.getRequestContext().withDomainName("abc123.execute-api.eu-west-1.amazonaws.com").withPath("/prod/soap");
        String expected = Files.readString(COMMITTED).replace(WsdlDocument.PLACEHOLDER_ADDRESS,
                "https://abc123.execute-api.eu-west-1.amazonaws.com/prod/soap");

        APIGatewayProxyResponseEvent onTheStage = fixture.handler.handleRequest(get, null);

        assertEquals(200, served.getStatusCode(), served.getBody());
        assertEquals("text/xml; charset=utf-8", onTheStage.getHeaders().get("Content-Type"));
        assertEquals(expected, onTheStage.getBody());
        assertEquals(List.of(), violations(onTheStage.getBody()));
    }

    @Test
    void theAddressIsTheRequestsOwnUrlOrNoneAtAll() {
        assertEquals(URI.create("http://127.0.0.1:8787/soap"), OrderApiHandler.address(event("127.0.0.1:8787", null, null, null)),
                "the local stack: its Host, plain http");
        assertEquals(URI.create("https://orders.example.com/v1/soap"),
                OrderApiHandler.address(event("orders.example.com", "https", "orders.example.com", "/v1/soap")),
                "a custom domain with a base path");
        assertNull(OrderApiHandler.address(event("evil.example.com\"><x", null, null, null)), "a Host that is no host name");
        assertNull(OrderApiHandler.address(event("a.example.com", null, null, "/prod/soap?x=\"")), "a path that is not plain");
        APIGatewayProxyResponseEvent refused = fixture.send(new APIGatewayProxyRequestEvent().withHttpMethod("GET")
                .withResource(OrderApi.SOAP).withPath("/soap").withHeaders(Map.of("Host", "<evil>")));
        assertEquals("unknown_address", SoapClient.fault(refused).detail().getError());
    }

    private static APIGatewayProxyRequestEvent event(String host, String proto, String domainName, String contextPath) {
        Map<String, String> headers = new HashMap<>(Map.of("Host", host));
        if (proto != null) {
            headers.put("X-Forwarded-Proto", proto);
        }
        return new APIGatewayProxyRequestEvent().withPath("/soap").withHeaders(headers).withRequestContext(
                new APIGatewayProxyRequestEvent.ProxyRequestContext().withDomainName(domainName).withPath(contextPath));
    }

    /** Every rule the WSDL breaks, in words; empty when it keeps to them all. */
    static List<String> violations(String text) {
        Document wsdl = parse(text);
        List<String> found = new ArrayList<>();
        Element definitions = wsdl.getDocumentElement();
        String tns = definitions.getAttribute("targetNamespace");
        if (text.contains(SOAP_ENCODING)) {
            found.add("R2706: the SOAP encoding namespace is used");
        }
        // Salesforce: one portType, binding and service (Definitions: "WSDL with multiple ... not supported"), no import
        for (String single : List.of("portType", "binding", "service")) {
            int count = children(definitions, WSDL, single).size();
            if (count != 1) {
                found.add("Salesforce: " + count + " " + single + "s, not one");
            }
        }
        if (!children(definitions, WSDL, "import").isEmpty()) {
            found.add("Salesforce: wsdl:import is not read (\"Unknown element: import\")");
        }
        Map<String, Element> elements = schemaChecks(wsdl, tns, found);
        Map<String, Element> messages = new HashMap<>();
        for (Element message : children(definitions, WSDL, "message")) {
            messages.put(message.getAttribute("name"), message);
            List<Element> parts = children(message, WSDL, "part");
            if (parts.size() != 1) {
                found.add("R2210: message " + message.getAttribute("name") + " has " + parts.size() + " parts, not one");
            }
            for (Element part : parts) {
                if (!elements.containsKey(local(part.getAttribute("element")))) {
                    found.add("R2204: part " + part.getAttribute("name") + " of message " + message.getAttribute("name")
                            + " names no element");
                }
            }
        }
        Set<String> operations = new HashSet<>();
        for (Element portType : children(definitions, WSDL, "portType")) {
            for (Element operation : children(portType, WSDL, "operation")) {
                String name = operation.getAttribute("name");
                if (!operations.add(name)) {
                    found.add("R2304: operation " + name + " is declared twice");
                }
                // document/literal wrapped: the input's element is named as the operation
                List<Element> input = children(operation, WSDL, "input");
                if (input.size() != 1 || children(operation, WSDL, "output").size() != 1) {
                    found.add("Salesforce: operation " + name + " is not one input and one output");
                } else if (messages.containsKey(local(input.get(0).getAttribute("message")))) {
                    Element part = children(messages.get(local(input.get(0).getAttribute("message"))), WSDL, "part").get(0);
                    if (!name.equals(local(part.getAttribute("element")))) {
                        found.add("wrapped: the input of " + name + " is not its own element");
                    }
                }
            }
        }
        bindingChecks(definitions, found);
        for (Element service : children(definitions, WSDL, "service")) {
            for (Element port : children(service, WSDL, "port")) {
                for (Element address : children(port, SOAP_BINDING, "address")) {
                    URI location = URI.create(address.getAttribute("location"));
                    int portNumber = location.getPort() < 0 ? ("https".equals(location.getScheme()) ? 443 : 80) : location.getPort();
                    if (portNumber != 80 && portNumber != 443 && (portNumber < 1024 || portNumber > 66535)) {
                        found.add("Salesforce: the address's port " + portNumber + " is not 80, 443 or 1024 to 66535");
                    }
                }
            }
        }
        return found;
    }

    private static void bindingChecks(Element definitions, List<String> found) {
        Set<String> actions = new HashSet<>();
        for (Element binding : children(definitions, WSDL, "binding")) {
            List<Element> soapBinding = children(binding, SOAP_BINDING, "binding");
            if (soapBinding.size() != 1) {
                found.add("R2701: binding " + binding.getAttribute("name") + " has no soap:binding");
                continue;
            }
            if (!"document".equals(soapBinding.get(0).getAttribute("style"))) {
                found.add("R2705: the binding's style is " + soapBinding.get(0).getAttribute("style") + ", not document");
            }
            if (!HTTP_TRANSPORT.equals(soapBinding.get(0).getAttribute("transport"))) {
                found.add("R2702: the binding's transport is not SOAP over HTTP");
            }
            for (Element operation : children(binding, WSDL, "operation")) {
                String name = operation.getAttribute("name");
                List<Element> soapOperation = children(operation, SOAP_BINDING, "operation");
                if (soapOperation.size() != 1 || !soapOperation.get(0).hasAttribute("soapAction")) {
                    found.add("soapAction: operation " + name + " has none");
                } else if (!actions.add(soapOperation.get(0).getAttribute("soapAction"))) {
                    found.add("soapAction: operation " + name + " shares its soapAction");
                }
                for (String message : List.of("input", "output")) {
                    for (Element body : descendants(children(operation, WSDL, message), SOAP_BINDING, "body")) {
                        if (!"literal".equals(body.getAttribute("use"))) {
                            found.add("R2706: a soap:body is not literal");
                        }
                        if (body.hasAttribute("namespace")) {
                            found.add("R2716: a document-literal soap:body has a namespace");
                        }
                    }
                }
                for (Element fault : children(operation, WSDL, "fault")) {
                    List<Element> soapFault = children(fault, SOAP_BINDING, "fault");
                    if (soapFault.size() != 1) {
                        found.add("R2721: fault " + fault.getAttribute("name") + " of " + name + " has no soap:fault");
                    } else if (!fault.getAttribute("name").equals(soapFault.get(0).getAttribute("name"))
                            || !"literal".equals(soapFault.get(0).getAttribute("use"))) {
                        found.add("R2754: soap:fault of " + name + " is not named as its fault, or not literal");
                    }
                }
            }
        }
    }

    /** The schema's checks; answers its global elements by name. */
    private static Map<String, Element> schemaChecks(Document wsdl, String tns, List<String> found) {
        Map<String, Element> globals = new HashMap<>();
        NodeList all = wsdl.getElementsByTagNameNS(XSD, "*");
        for (int i = 0; i < all.getLength(); i++) {
            Element construct = (Element) all.item(i);
            if (!SCHEMA_CONSTRUCTS.contains(construct.getLocalName())) {
                found.add("Salesforce: schema construct " + construct.getLocalName() + " is not read");
            }
            if ("schema".equals(construct.getLocalName()) && !tns.equals(construct.getAttribute("targetNamespace"))) {
                found.add("the schema is not in the WSDL's target namespace");
            }
            if (!"element".equals(construct.getLocalName())) {
                continue;
            }
            String name = construct.getAttribute("name");
            if ("schema".equals(((Element) construct.getParentNode()).getLocalName())) {
                globals.put(name, construct);
            }
            if (APEX_KEYWORDS.contains(name.toLowerCase(java.util.Locale.ROOT))) {
                found.add("Salesforce: element " + name + " is an Apex keyword");
            }
            String type = construct.getAttribute("type");
            if (type.isEmpty() && children(construct, XSD, "complexType").isEmpty()) {
                found.add("Salesforce: element " + name + " has no type (\"No type specified for element\")");
            }
            if (type.startsWith("xsd:") && !APEX_SCHEMA_TYPES.contains(local(type))) {
                found.add("Salesforce: element " + name + " has type " + local(type) + ", which Apex has no type for");
            }
        }
        return globals;
    }

    private static Document parse(String text) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            return factory.newDocumentBuilder().parse(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException("the WSDL is not XML", e);
        }
    }

    private static List<Element> children(Element parent, String namespace, String localName) {
        List<Element> found = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && namespace.equals(e.getNamespaceURI()) && localName.equals(e.getLocalName())) {
                found.add(e);
            }
        }
        return found;
    }

    private static List<Element> descendants(List<Element> parents, String namespace, String localName) {
        List<Element> found = new ArrayList<>();
        for (Element parent : parents) {
            NodeList matches = parent.getElementsByTagNameNS(namespace, localName);
            for (int i = 0; i < matches.getLength(); i++) {
                found.add((Element) matches.item(i));
            }
        }
        return found;
    }

    private static String local(String qname) {
        return qname.substring(qname.indexOf(':') + 1);
    }
}
