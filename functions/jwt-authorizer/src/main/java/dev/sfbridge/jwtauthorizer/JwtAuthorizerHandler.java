package dev.sfbridge.jwtauthorizer;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayCustomAuthorizerEvent;
import com.amazonaws.services.lambda.runtime.events.IamPolicyResponseV1;
import dev.sfbridge.config.Env;
import dev.sfbridge.observability.JsonLog;
import java.time.Clock;

/** Lambda entry point: the request-reply API's TOKEN authorizer (template parameter RequestReplyAuth=JwtAuthorizer). */
public final class JwtAuthorizerHandler implements RequestHandler<APIGatewayCustomAuthorizerEvent, IamPolicyResponseV1> {
    private final JwtAuthorizer authorizer;

    public JwtAuthorizerHandler() {
        this(JwtAuthorizerConfig.from(Env.system()), JsonLog.stdout(), Clock.systemUTC());
    }

    /** @param clock what a token's exp and nbf are checked against */
    public JwtAuthorizerHandler(JwtAuthorizerConfig config, JsonLog log, Clock clock) {
        this.authorizer = new JwtAuthorizer(new TokenVerifier(config, clock), log);
    }

    @Override
    public IamPolicyResponseV1 handleRequest(APIGatewayCustomAuthorizerEvent event, Context context) {
        try (var scope = JsonLog.forRequest(context == null ? null : context.getAwsRequestId())) {
            return authorizer.authorize(event.getAuthorizationToken(), event.getMethodArn());
        }
    }
}
