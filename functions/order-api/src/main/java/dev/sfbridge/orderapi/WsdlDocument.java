package dev.sfbridge.orderapi;

import dev.sfbridge.contract.SoapResponses;
import java.net.URI;
import java.util.Map;

/**
 * The SOAP service's WSDL ({@code wsdl/order-api.wsdl}, the one the repository holds and CXF generated the types
 * from), served as {@code GET /soap?wsdl} with its {@code soap:address} set to the URL it was fetched from, as
 * Salesforce's "Generate from WSDL" writes that address into the Apex stub (docs/request-reply.md, "The SOAP service").
 */
final class WsdlDocument {
    static final String RESOURCE = "/wsdl/order-api.wsdl";
    /** The committed file's address, which the served copy replaces. */
    static final String PLACEHOLDER_ADDRESS = "https://api-id.execute-api.region.amazonaws.com/prod/soap";
    private static final String LOCATION = "location=\"" + PLACEHOLDER_ADDRESS + "\"";

    private final String text;

    private WsdlDocument(String text) {
        if (text.indexOf(LOCATION) < 0 || text.indexOf(LOCATION) != text.lastIndexOf(LOCATION)) {
            throw new IllegalStateException(RESOURCE + " must hold its placeholder address exactly once: " + LOCATION);
        }
        this.text = text;
    }

    static WsdlDocument fromClassPath() {
        return new WsdlDocument(ClassPathText.read(RESOURCE));
    }

    /**
     * @param address the URL the request was sent to, from the request itself ({@link ApiRequest#address()})
     * @throws Refusal 400 when the request does not say where it was sent
     */
    ApiResponse answer(URI address) throws Refusal {
        if (address == null) {
            throw Refusal.badRequest("unknown_address", "the request does not say which host and path it was sent to");
        }
        // the handler let only a host name and a plain path through: nothing here needs escaping in an attribute
        return new ApiResponse(200, Map.of("Content-Type", SoapResponses.CONTENT_TYPE),
                text.replace(LOCATION, "location=\"" + address + "\""));
    }
}
