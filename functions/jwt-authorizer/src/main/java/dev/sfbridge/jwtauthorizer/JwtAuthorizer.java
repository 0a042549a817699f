package dev.sfbridge.jwtauthorizer;

import com.amazonaws.services.lambda.runtime.events.IamPolicyResponseV1;
import dev.sfbridge.jwtauthorizer.TokenVerifier.Verdict;
import dev.sfbridge.observability.JsonLog;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The decision of a TOKEN authorizer: a token {@link TokenVerifier} accepts gets a policy allowing every route of
 * the API's stage, with the token's subject as the principal; anything else is {@link Unauthorized} (API Gateway's
 * 401). The policy covers the stage, not the one route called, because API Gateway caches it by token for the
 * authorizer's TTL and answers the API's other routes from that cache
 * (https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-lambda-authorizer-output.html).
 */
final class JwtAuthorizer {
    /** {@code arn:aws:execute-api:region:account:api-id/stage/VERB/path}: the stage's routes are its first two parts. */
    private static final Pattern METHOD_ARN = Pattern.compile("(arn:[^:]+:execute-api:[^:]+:\\d{12}:[a-z0-9]+/[^/]+)/[A-Z*]+/.*");

    private final TokenVerifier verifier;
    private final JsonLog log;

    JwtAuthorizer(TokenVerifier verifier, JsonLog log) {
        this.verifier = verifier;
        this.log = log;
    }

    /** API Gateway answers 401 when a Lambda authorizer fails with exactly this message. */
    static final class Unauthorized extends RuntimeException {
        Unauthorized() {
            super("Unauthorized", null, false, false);
        }
    }

    IamPolicyResponseV1 authorize(String authorization, String methodArn) {
        Matcher stage = METHOD_ARN.matcher(methodArn == null ? "" : methodArn);
        if (!stage.matches()) {
            log.error("JWT refused", Map.of("reason", "the method ARN is not API Gateway's", "methodArn", String.valueOf(methodArn)));
            throw new Unauthorized();
        }
        return switch (verifier.verify(authorization)) {
            case Verdict.Accepted accepted -> {
                log.info("JWT accepted", Map.of("subject", accepted.subject(), "methodArn", methodArn));
                yield IamPolicyResponseV1.builder()
                        .withPrincipalId(accepted.subject())
                        .withPolicyDocument(IamPolicyResponseV1.PolicyDocument.builder()
                                .withVersion(IamPolicyResponseV1.VERSION_2012_10_17)
                                .withStatement(List.of(IamPolicyResponseV1.allowStatement(stage.group(1) + "/*/*")))
                                .build())
                        .build();
            }
            case Verdict.Refused refused -> {
                log.warn("JWT refused", Map.of("reason", refused.reason(), "methodArn", methodArn));
                throw new Unauthorized();
            }
        };
    }
}
