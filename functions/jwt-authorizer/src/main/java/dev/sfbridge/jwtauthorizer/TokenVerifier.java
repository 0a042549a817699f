package dev.sfbridge.jwtauthorizer;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.security.interfaces.RSAPublicKey;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.Locale;
import java.util.Set;

/**
 * Checks the {@code Authorization} header Salesforce's JWT External Credential sends: {@code Bearer} and a JWS
 * signed with RS256 or RS512 (the two algorithms Salesforce offers) by one of the configured keys, from the
 * configured issuer, for the configured audience, within its lifetime give or take the clock skew, naming a subject;
 * its expiry no further ahead than the longest lifetime configured, and its issue time (if any) not in the future.
 * The algorithm is pinned before any key is used: {@code none} and HMAC (a public key taken for a shared secret)
 * never reach a verifier. A refusal's reason never quotes the token.
 */
final class TokenVerifier {
    private static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.RS512);
    private static final String BEARER = "bearer ";
    /** API Gateway takes headers up to 10 KiB; Salesforce's tokens are well under 2 KiB. */
    private static final int MAX_TOKEN_CHARS = 8192;

    private final JwtAuthorizerConfig config;
    private final Clock clock;

    TokenVerifier(JwtAuthorizerConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
    }

    /** What is known of a request's {@code Authorization} header. */
    sealed interface Verdict {
        /** @param subject the token's {@code sub}: the Salesforce user or integration the call is made as */
        record Accepted(String subject) implements Verdict {
        }

        /** @param reason why, in words safe to log */
        record Refused(String reason) implements Verdict {
        }
    }

    Verdict verify(String authorization) {
        if (authorization == null || authorization.isBlank()) {
            return new Verdict.Refused("no Authorization header");
        }
        if (!authorization.toLowerCase(Locale.ROOT).startsWith(BEARER)) {
            return new Verdict.Refused("the Authorization header is not a Bearer token");
        }
        String token = authorization.substring(BEARER.length()).strip();
        if (token.length() > MAX_TOKEN_CHARS) {
            return new Verdict.Refused("the token is longer than " + MAX_TOKEN_CHARS + " characters");
        }
        if (config.keys().isEmpty()) {
            return new Verdict.Refused("no key is configured (JWT_PUBLIC_KEYS)");
        }
        SignedJWT jwt;
        JWTClaimsSet claims;
        try {
            jwt = SignedJWT.parse(token);
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            return new Verdict.Refused("the token is not a signed JWT");
        }
        JWSAlgorithm algorithm = jwt.getHeader().getAlgorithm();
        if (!ALGORITHMS.contains(algorithm)) {
            return new Verdict.Refused("the token's algorithm " + algorithm + " is not RS256 or RS512");
        }
        if (!signedByAConfiguredKey(jwt)) {
            return new Verdict.Refused("the token's signature is not by a configured key");
        }
        return checked(claims);
    }

    private boolean signedByAConfiguredKey(SignedJWT jwt) {
        for (RSAPublicKey key : config.keys()) {
            try {
                if (jwt.verify(new RSASSAVerifier(key))) {
                    return true;
                }
            } catch (JOSEException e) {
                return false;
            }
        }
        return false;
    }

    private Verdict checked(JWTClaimsSet claims) {
        if (!config.issuer().equals(claims.getIssuer())) {
            return new Verdict.Refused("the token's issuer is not " + config.issuer());
        }
        if (claims.getAudience() == null || !claims.getAudience().contains(config.audience())) {
            return new Verdict.Refused("the token's audience does not include " + config.audience());
        }
        Instant now = clock.instant();
        Date expires = claims.getExpirationTime();
        if (expires == null) {
            return new Verdict.Refused("the token has no expiry (exp)");
        }
        if (now.isAfter(expires.toInstant().plus(config.clockSkew()))) {
            return new Verdict.Refused("the token expired at " + expires.toInstant());
        }
        if (expires.toInstant().isAfter(now.plus(config.maxLifetime()).plus(config.clockSkew()))) {
            // signed by a configured key, but not as the External Credential signs: a long-lived token would
            // outlast a key's removal from the org by as long as its maker chose
            return new Verdict.Refused("the token expires at " + expires.toInstant() + ", more than "
                    + config.maxLifetime().toSeconds() + " s from now (JWT_MAX_LIFETIME_SECONDS)");
        }
        Date issued = claims.getIssueTime();
        if (issued != null && now.isBefore(issued.toInstant().minus(config.clockSkew()))) {
            return new Verdict.Refused("the token is issued in the future, at " + issued.toInstant());
        }
        Date notBefore = claims.getNotBeforeTime();
        if (notBefore != null && now.isBefore(notBefore.toInstant().minus(config.clockSkew()))) {
            return new Verdict.Refused("the token is not valid before " + notBefore.toInstant());
        }
        String subject = claims.getSubject();
        if (subject == null || subject.isBlank()) {
            return new Verdict.Refused("the token names no subject (sub)");
        }
        return new Verdict.Accepted(subject);
    }
}
