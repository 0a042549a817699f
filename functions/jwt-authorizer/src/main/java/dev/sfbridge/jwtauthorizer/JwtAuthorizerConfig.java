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
 * @param clockSkew how far {@code exp}, {@code nbf} and {@code iat} may be off between Salesforce's clock and ours
 *                  (default 60 s)
 * @param maxLifetime the furthest ahead of now a token's {@code exp} may lie, skew aside ({@code JWT_MAX_LIFETIME_SECONDS},
 *                  default 10 minutes): Salesforce's External Credential mints tokens of 2 minutes unless its
 *                  Expiration says otherwise, so a token valid for days was minted by someone else with the key
 */
public record JwtAuthorizerConfig(List<RSAPublicKey> keys, String issuer, String audience, Duration clockSkew,
                                  Duration maxLifetime) {

    public static JwtAuthorizerConfig from(Env env) {
        List<RSAPublicKey> keys = PublicKeys.fromPem(env.optional("JWT_PUBLIC_KEYS", ""));
        return new JwtAuthorizerConfig(keys,
                keys.isEmpty() ? "" : env.required("JWT_ISSUER"),
                keys.isEmpty() ? "" : env.required("JWT_AUDIENCE"),
                Duration.ofSeconds(env.integer("JWT_CLOCK_SKEW_SECONDS", 60, 0, 300)),
                Duration.ofSeconds(env.integer("JWT_MAX_LIFETIME_SECONDS", 600, 60, 86_400)));
    }
}
