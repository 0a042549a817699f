package dev.sfbridge.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayCustomAuthorizerEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.IamPolicyResponseV1;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What API Gateway makes of a TOKEN authorizer's answers: the policy's effect on the one method called decides. */
class LambdaTokenAuthorizationTest {
    private static final String STAGE = "arn:aws:execute-api:us-east-1:000000000000:requestreplyapi/prod";
    private final List<APIGatewayCustomAuthorizerEvent> calls = new ArrayList<>();

    private static RouteAuthorization.Request request(String method, String path, String token) {
        return new RouteAuthorization.Request(method, path, path, null,
                token == null ? Map.of() : Map.of("Authorization", List.of(token)), new byte[0]);
    }

    private RouteAuthorization authorizer(RequestHandler<APIGatewayCustomAuthorizerEvent, IamPolicyResponseV1> function) {
        return new LambdaTokenAuthorization((event, context) -> {
            calls.add(event);
            return function.handleRequest(event, context);
        }, "Authorization", STAGE);
    }

    private static IamPolicyResponseV1 policy(String principal, IamPolicyResponseV1.Statement... statements) {
        return IamPolicyResponseV1.builder().withPrincipalId(principal).withPolicyDocument(IamPolicyResponseV1.PolicyDocument.builder()
                .withVersion(IamPolicyResponseV1.VERSION_2012_10_17).withStatement(List.of(statements)).build()).build();
    }

    private static void assertRefused(int status, String message, RouteAuthorization.Decision decision) {
        RouteAuthorization.Refused refused = assertInstanceOf(RouteAuthorization.Refused.class, decision);
        assertEquals(status, refused.status());
        assertEquals(message, refused.message());
    }

    @Test
    void anAllowOnTheMethodPassesTheTokenAndGivesThePrincipal() {
        RouteAuthorization.Decision decision = authorizer((event, context) -> policy("integration@example.com",
                IamPolicyResponseV1.allowStatement(STAGE + "/*/*"))).decide(request("POST", "/orders", "Bearer abc"));

        APIGatewayProxyRequestEvent.ProxyRequestContext context = new APIGatewayProxyRequestEvent.ProxyRequestContext();
        assertInstanceOf(RouteAuthorization.Allowed.class, decision).caller().accept(context);
        assertEquals(Map.of("principalId", "integration@example.com"), context.getAuthorizer());
        assertEquals("TOKEN", calls.getFirst().getType());
        assertEquals("Bearer abc", calls.getFirst().getAuthorizationToken());
        assertEquals(STAGE + "/POST/orders", calls.getFirst().getMethodArn());
    }

    @Test
    void noTokenIs401WithoutCallingTheFunction() {
        assertRefused(401, "Unauthorized", authorizer((event, context) -> policy("p", IamPolicyResponseV1.allowStatement("*")))
                .decide(request("POST", "/orders", null)));
        assertTrue(calls.isEmpty());
    }

    @Test
    void theFunctionsUnauthorizedIs401AndAnyOtherFailure500() {
        assertRefused(401, "Unauthorized", authorizer((event, context) -> {
            throw new IllegalStateException("Unauthorized");
        }).decide(request("POST", "/orders", "Bearer x")));
        assertRefused(500, null, authorizer((event, context) -> {
            throw new IllegalStateException("boom");
        }).decide(request("POST", "/orders", "Bearer x")));
        assertRefused(500, null, authorizer((event, context) -> policy(null, IamPolicyResponseV1.allowStatement("*")))
                .decide(request("POST", "/orders", "Bearer x")));
    }

    @Test
    void aDenyOrAnAllowOfOtherMethodsOnlyIs403() {
        assertRefused(403, "User is not authorized to access this resource with an explicit deny",
                authorizer((event, context) -> policy("p", IamPolicyResponseV1.allowStatement(STAGE + "/*/*"),
                        IamPolicyResponseV1.denyStatement(STAGE + "/POST/orders"))).decide(request("POST", "/orders", "Bearer x")));
        assertRefused(403, "User is not authorized to access this resource",
                authorizer((event, context) -> policy("p", IamPolicyResponseV1.allowStatement(STAGE + "/GET/*")))
                        .decide(request("POST", "/orders", "Bearer x")));
        assertInstanceOf(RouteAuthorization.Allowed.class, authorizer((event, context) -> policy("p",
                IamPolicyResponseV1.allowStatement(STAGE + "/GET/accounts/*/billing-history")))
                .decide(request("GET", "/accounts/A-1/billing-history", "Bearer x")));
    }
}
