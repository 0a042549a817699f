package dev.sfbridge.jwtauthorizer;

import dev.sfbridge.config.Env;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.util.List;

/**
 * The authorizer's settings, read once at start (docs/request-reply.md, "JWT signed by the org's certificate").
 *
 * @param keys      the keys a token may be signed with ({@code JWT_PUBLIC_KEYS}, PEM); none refuses every token,
 *                  which is how the function stands when the stack uses IAM authorization and no route calls it
 * @param issuer    the {@code iss} every token must carry, exactly ({@code JWT_ISSUER})
 * @param audience  a value the token's {@code aud} must contain ({@code JWT_AUDIENCE})
 * @param clockSkew how far {@code exp} and {@code nbf} may be off between Salesforce's clock and ours (default 60 s)
 */
public record JwtAuthorizerConfig(List<RSAPublicKey> keys, String issuer, String audience, Duration clockSkew) {

    public static JwtAuthorizerConfig from(Env env) {
        List<RSAPublicKey> keys = PublicKeys.fromPem(env.optional("JWT_PUBLIC_KEYS", ""));
        return new JwtAuthorizerConfig(keys,
                keys.isEmpty() ? "" : env.required("JWT_ISSUER"),
                keys.isEmpty() ? "" : env.required("JWT_AUDIENCE"),
                Duration.ofSeconds(env.integer("JWT_CLOCK_SKEW_SECONDS", 60, 0, 300)));
    }
}
