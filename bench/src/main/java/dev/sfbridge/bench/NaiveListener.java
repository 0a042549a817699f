package dev.sfbridge.bench;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import dev.sfbridge.contract.FaultCode;
import dev.sfbridge.contract.OutboundMessageParser;
import dev.sfbridge.contract.SoapResponses;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The baseline a developer writes first, behind the same local API Gateway as sfbridge's listener: the body
 * parsed into a DOM with the JDK's default {@link DocumentBuilderFactory} (namespace-aware, and DOCTYPEs
 * refused, so that this repository holds no XXE hole even in a benchmark), the notifications read off the tree,
 * and one {@code SendMessage} per notification, one after another. No validation beyond what the DOM needs;
 * any exception is a fault (HTTP 500), as an unhandled one would be.
 */
final class NaiveListener implements RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> {
    private static final String DISALLOW_DOCTYPE = "http://apache.org/xml/features/disallow-doctype-decl";

    private final SqsClient sqs;
    private final String queueUrl;
    private final DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();

    NaiveListener(SqsClient sqs, String queueUrl) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        factory.setNamespaceAware(true);
        try {
            factory.setFeature(DISALLOW_DOCTYPE, true);
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("the JDK's parser refuses DOCTYPEs by this feature", e);
        }
    }

    @Override
    public APIGatewayProxyResponseEvent handleRequest(APIGatewayProxyRequestEvent event, Context context) {
        try {
            byte[] body = event.getIsBase64Encoded() ? Base64.getDecoder().decode(event.getBody()) : event.getBody().getBytes(StandardCharsets.UTF_8);
            Document document = factory.newDocumentBuilder().parse(new ByteArrayInputStream(body));
            String organizationId = text(document.getDocumentElement(), "OrganizationId");
            NodeList notifications = document.getElementsByTagNameNS(OutboundMessageParser.OUTBOUND_NS, "Notification");
            for (int i = 0; i < notifications.getLength(); i++) {
                Element notification = (Element) notifications.item(i);
                Element sObject = (Element) notification.getElementsByTagNameNS(OutboundMessageParser.OUTBOUND_NS, "sObject").item(0);
                String message = NaiveQueueMessage.json(organizationId, text(notification, "Id"), fields(sObject));
                sqs.sendMessage(b -> b.queueUrl(queueUrl).messageBody(message));
            }
            return answer(200, SoapResponses.ACK);
        } catch (Exception e) {
            return answer(500, SoapResponses.fault(FaultCode.SERVER, e.getClass().getSimpleName()));
        }
    }

    /** The text of the first element of that name in the outbound namespace below {@code parent}. */
    private static String text(Element parent, String localName) {
        return parent.getElementsByTagNameNS(OutboundMessageParser.OUTBOUND_NS, localName).item(0).getTextContent();
    }

    private static Map<String, String> fields(Element sObject) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (Node child = sObject.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element field) {
                fields.put(field.getLocalName(), field.getTextContent());
            }
        }
        return fields;
    }

    private static APIGatewayProxyResponseEvent answer(int status, String soap) {
        return new APIGatewayProxyResponseEvent().withStatusCode(status)
                .withHeaders(Map.of("Content-Type", SoapResponses.CONTENT_TYPE)).withBody(soap);
    }
}
