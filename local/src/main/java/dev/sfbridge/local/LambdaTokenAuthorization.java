package dev.sfbridge.local;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayCustomAuthorizerEvent;
import com.amazonaws.services.lambda.runtime.events.IamPolicyResponseV1;
import dev.sfbridge.model.QueueJson;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A TOKEN Lambda authorizer in front of a route, as API Gateway runs it: no token header, 401 without calling the
 * function; the function's {@code Unauthorized} failure, 401; any other failure, or an answer without principal or
 * policy, 500; a policy that denies the
 * route, or allows it nowhere, 403; otherwise the request goes on with the policy's principal in
 * {@code requestContext.authorizer.principalId}. No cache: the template's authorizer has none.
 * (https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-lambda-authorizer-output.html)
 */
final class LambdaTokenAuthorization implements RouteAuthorization {
    /** The message API Gateway turns into a 401, the only failure of an authorizer that is not a 500. */
    static final String UNAUTHORIZED = "Unauthorized";

    private final RequestHandler<APIGatewayCustomAuthorizerEvent, IamPolicyResponseV1> authorizer;
    private final String tokenHeader;
    /** {@code arn:aws:execute-api:region:account:api-id/stage}: a route's method ARN is this, its verb and path. */
    private final String stageArn;

    LambdaTokenAuthorization(RequestHandler<APIGatewayCustomAuthorizerEvent, IamPolicyResponseV1> authorizer, String tokenHeader,
                             String stageArn) {
        this.authorizer = authorizer;
        this.tokenHeader = tokenHeader;
        this.stageArn = stageArn;
    }

    @Override
    public Decision decide(Request request) {
        String token = request.firstHeader(tokenHeader);
        if (token == null || token.isEmpty()) {
            return unauthorized();
        }
        String methodArn = stageArn + "/" + request.method() + request.rawPath();
        APIGatewayCustomAuthorizerEvent event = new APIGatewayCustomAuthorizerEvent();
        event.setType("TOKEN");
        event.setAuthorizationToken(token);
        event.setMethodArn(methodArn);
        IamPolicyResponseV1 policy;
        try {
            policy = authorizer.handleRequest(event, null);
        } catch (RuntimeException e) {
            return UNAUTHORIZED.equals(e.getMessage()) ? unauthorized()
                    : new Refused(500, "AuthorizerConfigurationException", null);
        }
        if (policy == null || policy.getPrincipalId() == null || policy.getPolicyDocument() == null) {
            return new Refused(500, "AuthorizerConfigurationException", null);
        }
        // the policy as API Gateway reads it: the JSON the function's answer is serialized to
        Map<?, ?> document = QueueJson.read(QueueJson.write(policy.getPolicyDocument()), Map.class);
        List<?> statements = document.get("Statement") instanceof List<?> list ? list : List.of();
        if (statements.stream().anyMatch(statement -> effect(statement, "Deny") && covers(statement, methodArn))) {
            return new Refused(403, "AccessDeniedException", "User is not authorized to access this resource with an explicit deny");
        }
        if (statements.stream().noneMatch(statement -> effect(statement, "Allow") && covers(statement, methodArn))) {
            return new Refused(403, "AccessDeniedException", "User is not authorized to access this resource");
        }
        return new Allowed(context -> context.setAuthorizer(Map.of("principalId", policy.getPrincipalId())));
    }

    private static boolean effect(Object statement, String effect) {
        return statement instanceof Map<?, ?> map && effect.equals(map.get("Effect"));
    }

    /** Whether one of the statement's resources, its {@code *} and {@code ?} IAM's wildcards, names the method. */
    private static boolean covers(Object statement, String methodArn) {
        Object resources = ((Map<?, ?>) statement).get("Resource");
        List<?> list = resources instanceof List<?> many ? many : resources == null ? List.of() : List.of(resources);
        return list.stream().anyMatch(resource -> Pattern.compile(Pattern.quote(String.valueOf(resource))
                .replace("*", "\\E.*\\Q").replace("?", "\\E.\\Q")).matcher(methodArn).matches());
    }

    private static Refused unauthorized() {
        return new Refused(401, "UnauthorizedException", UNAUTHORIZED);
    }
}
