package dev.sfbridge.apigateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import java.lang.reflect.Proxy;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProxyRequestTest {
    private static final String BODY = "<sessionId>00D000000000001!AQ4AQLUKsession</sessionId>";

    private static APIGatewayProxyRequestEvent event(Boolean base64Encoded) {
        return new APIGatewayProxyRequestEvent()
                .withHttpMethod("POST")
                .withHeaders(Map.of("content-TYPE", "text/xml; charset=utf-8"))
                .withBody(BODY)
                .withIsBase64Encoded(base64Encoded)
                .withRequestContext(new APIGatewayProxyRequestEvent.ProxyRequestContext().withRequestId("api-gateway-id"));
    }

    private static Context context(String awsRequestId) {
        return (Context) Proxy.newProxyInstance(Context.class.getClassLoader(), new Class<?>[] {Context.class},
                (proxy, method, args) -> method.getName().equals("getAwsRequestId") ? awsRequestId : null);
    }

    @Test
    void readsWhatEveryRouteNeedsFromTheEvent() {
        assertEquals(new ProxyRequest("POST", "text/xml; charset=utf-8", BODY, true, "lambda-id"),
                ProxyRequest.of(event(true), context("lambda-id")));
    }

    @Test
    void withoutAContextTheRequestIdIsApiGatewaysAndAnUnsetBase64FlagIsText() {
        assertEquals(new ProxyRequest("POST", "text/xml; charset=utf-8", BODY, false, "api-gateway-id"),
                ProxyRequest.of(event(null), null));
    }

    @Test
    void itsTextNeverHoldsTheBody() {
        String text = ProxyRequest.of(event(false), context("lambda-id")).toString();

        assertFalse(text.contains("sessionId"), text);
        assertEquals("ProxyRequest[method=POST, contentType=text/xml; charset=utf-8, requestId=lambda-id]", text);
    }
}
