package dev.sfbridge.jwtauthorizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayCustomAuthorizerEvent;
import com.amazonaws.services.lambda.runtime.events.IamPolicyResponseV1;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import dev.sfbridge.jwtauthorizer.JwtAuthorizer.Unauthorized;
import dev.sfbridge.observability.JsonLog;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The authorizer's decision on every kind of token: only a token Salesforce's JWT External Credential would send,
 * signed by a configured key, is allowed; everything else is API Gateway's 401, and no token is ever logged.
 */
class JwtAuthorizerTest {
    static final String ISSUER = "3MVG9SFBridgeConsumerKey";
    static final String AUDIENCE = "https://abc123.execute-api.eu-west-1.amazonaws.com/prod";
    static final String METHOD_ARN = "arn:aws:execute-api:eu-west-1:123456789012:abc123/prod/POST/orders";
    static final String SUBJECT = "integration@example.com";
    private static final KeyPair ORG_KEY = TestKeys.rsa(2048);
    private static final KeyPair OTHER_KEY = TestKeys.rsa(2048);
    private static final Duration SKEW = Duration.ofSeconds(60);
    private static final Duration MAX_LIFETIME = Duration.ofMinutes(10);

    private final Instant now = Instant.parse("2026-11-27T10:00:00Z");
    private final List<String> logLines = new ArrayList<>();

    private JwtAuthorizerHandler handler(String pem) {
        var config = new JwtAuthorizerConfig(PublicKeys.fromPem(pem), ISSUER, AUDIENCE, SKEW, MAX_LIFETIME);
        return new JwtAuthorizerHandler(config, new JsonLog(logLines::add, Clock.fixed(now, ZoneOffset.UTC)),
                Clock.fixed(now, ZoneOffset.UTC));
    }

    private IamPolicyResponseV1 authorize(String authorization) {
        return authorize(TestKeys.publicKeyPem(ORG_KEY), authorization);
    }

    private IamPolicyResponseV1 authorize(String pem, String authorization) {
        var event = APIGatewayCustomAuthorizerEvent.builder()
                .withType("TOKEN").withAuthorizationToken(authorization).withMethodArn(METHOD_ARN).build();
        return handler(pem).handleRequest(event, null);
    }

    /** Salesforce's default claims (docs/request-reply.md): iss, sub, aud, iat, nbf and exp 2 minutes on. */
    private JWTClaimsSet.Builder claims() {
        return new JWTClaimsSet.Builder().issuer(ISSUER).subject(SUBJECT).audience(AUDIENCE)
                .issueTime(Date.from(now)).notBeforeTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(120)))
                .jwtID("5d1b4e55");
    }

    private static String signed(JWSAlgorithm algorithm, PrivateKey key, JWTClaimsSet claims) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader(algorithm), claims);
            jwt.sign(new RSASSASigner(key));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String signed(JWTClaimsSet claims) {
        return signed(JWSAlgorithm.RS256, ORG_KEY.getPrivate(), claims);
    }

    private String bearer(UnaryOperator<JWTClaimsSet.Builder> change) {
        return "Bearer " + signed(change.apply(claims()).build());
    }

    private void assertRefused(String authorization, String reason) {
        assertRefused(TestKeys.publicKeyPem(ORG_KEY), authorization, reason);
    }

    private void assertRefused(String pem, String authorization, String reason) {
        Unauthorized refused = assertThrows(Unauthorized.class, () -> authorize(pem, authorization));
        assertEquals("Unauthorized", refused.getMessage(), "API Gateway answers 401 for this message only");
        String log = String.join("\n", logLines);
        assertTrue(log.contains("JWT refused") && log.contains(reason), log);
        assertTokenNeverLogged(authorization);
    }

    private void assertTokenNeverLogged(String authorization) {
        if (authorization == null) {
            return;
        }
        String log = String.join("\n", logLines);
        for (String part : authorization.replace("Bearer ", "").split("\\.")) {
            if (part.length() > 8) {
                assertFalse(log.contains(part), "a part of the token is in the log: " + log);
            }
        }
    }

    @Test
    void aTokenSalesforceWouldSendIsAllowedOnEveryRouteOfTheStageAsItsSubject() throws JsonProcessingException {
        String authorization = bearer(c -> c);

        IamPolicyResponseV1 policy = authorize(authorization);

        // as the Lambda runtime serializes it for API Gateway (field order aside)
        ObjectMapper json = new ObjectMapper().setSerializationInclusion(JsonInclude.Include.NON_NULL);
        assertEquals(json.readTree("""
                {"principalId":"integration@example.com","policyDocument":{"Version":"2012-10-17","Statement":[\
                {"Action":"execute-api:Invoke","Effect":"Allow","Resource":["arn:aws:execute-api:eu-west-1:123456789012:abc123/prod/*/*"]}\
                ]}}"""), json.readTree(json.writeValueAsString(policy)));
        assertTrue(String.join("\n", logLines).contains("JWT accepted"));
        assertTokenNeverLogged(authorization);
    }

    @Test
    void rs512IsAcceptedAndAnAudienceListNeedsOnlyContainOurs() {
        String token = signed(JWSAlgorithm.RS512, ORG_KEY.getPrivate(),
                claims().audience(List.of("https://elsewhere.example.com", AUDIENCE)).build());

        assertEquals(SUBJECT, authorize("Bearer " + token).getPrincipalId());
        assertEquals(SUBJECT, authorize("bearer " + token).getPrincipalId(), "the scheme is case-insensitive (RFC 9110)");
    }

    @Test
    void theOrgsCertificateAsDownloadedFromSalesforceVerifiesItsTokens(@TempDir Path directory) {
        var certificate = TestKeys.SelfSigned.create(directory);
        String token = signed(JWSAlgorithm.RS256, certificate.privateKey(), claims().build());

        assertEquals(SUBJECT, authorize(certificate.certificatePem(), "Bearer " + token).getPrincipalId());
    }

    @Test
    void duringARotationATokenOfEitherKeyIsAllowed() {
        String both = TestKeys.publicKeyPem(ORG_KEY) + TestKeys.publicKeyPem(OTHER_KEY);

        assertEquals(SUBJECT, authorize(both, "Bearer " + signed(claims().build())).getPrincipalId());
        assertEquals(SUBJECT, authorize(both, "Bearer " + signed(JWSAlgorithm.RS256, OTHER_KEY.getPrivate(), claims().build()))
                .getPrincipalId());
    }

    @Test
    void noHeaderOrNotABearerTokenIsRefused() {
        assertRefused(null, "no Authorization header");
        assertRefused("  ", "no Authorization header");
        assertRefused("Basic aW50ZWdyYXRpb246c2VjcmV0", "not a Bearer token");
        assertRefused("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261127/eu-west-1/execute-api/aws4_request", "not a Bearer token");
        assertRefused("Bearer " + "a".repeat(8193), "longer than 8192");
    }

    @Test
    void aMalformedTokenIsRefused() {
        assertRefused("Bearer ", "not a signed JWT");
        assertRefused("Bearer not-a-jwt", "not a signed JWT");
        assertRefused("Bearer eyJhbGciOiJSUzI1NiJ9.bm90IGpzb24.c2lnbmF0dXJl", "not a signed JWT");
        assertRefused("Bearer a.b.c.d.e", "not a signed JWT");
    }

    @Test
    void aTokenWithAChangedClaimOrSignatureIsRefused() {
        String[] parts = signed(claims().build()).split("\\.");
        String otherClaims = signed(claims().subject("admin@example.com").build()).split("\\.")[1];
        String otherSignature = signed(claims().jwtID("another").build()).split("\\.")[2];

        assertRefused("Bearer " + parts[0] + "." + otherClaims + "." + parts[2], "signature is not by a configured key");
        assertRefused("Bearer " + parts[0] + "." + parts[1] + "." + otherSignature, "signature is not by a configured key");
        assertRefused("Bearer " + parts[0] + "." + parts[1] + ".", "signature is not by a configured key");
    }

    @Test
    void aTokenSignedByAnotherKeyIsRefused() {
        assertRefused("Bearer " + signed(JWSAlgorithm.RS256, OTHER_KEY.getPrivate(), claims().build()),
                "signature is not by a configured key");
    }

    @Test
    void anUnsignedTokenIsRefused() {
        assertRefused("Bearer " + new PlainJWT(claims().build()).serialize(), "not a signed JWT");
    }

    @Test
    void anHmacTokenKeyedWithThePublicKeyIsRefusedBeforeAnyKeyIsTried() throws JOSEException {
        // the classic confusion: the verifier's public key, known to all, used as an HMAC secret
        byte[] publicKeyBytes = TestKeys.publicKeyPem(ORG_KEY).getBytes(StandardCharsets.US_ASCII);
        SignedJWT hmac = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims().build());
        hmac.sign(new MACSigner(Arrays.copyOf(publicKeyBytes, Math.max(32, publicKeyBytes.length))));

        assertRefused("Bearer " + hmac.serialize(), "algorithm HS256 is not RS256 or RS512");
        assertRefused("Bearer " + signed(JWSAlgorithm.PS256, ORG_KEY.getPrivate(), claims().build()), "algorithm PS256");
    }

    @Test
    void anExpiredTokenIsRefusedOnlyPastTheClockSkew() {
        assertEquals(SUBJECT, authorize(bearer(c -> c.expirationTime(Date.from(now.minus(SKEW))))).getPrincipalId());

        assertRefused(bearer(c -> c.expirationTime(Date.from(now.minus(SKEW).minusSeconds(1)))), "the token expired at");
        assertRefused(bearer(c -> c.expirationTime(null)), "no expiry");
    }

    @Test
    void aTokenThatExpiresFurtherAheadThanTheLongestLifetimeIsRefused() {
        Instant furthest = now.plus(MAX_LIFETIME).plus(SKEW);
        assertEquals(SUBJECT, authorize(bearer(c -> c.expirationTime(Date.from(furthest)))).getPrincipalId());

        assertRefused(bearer(c -> c.expirationTime(Date.from(furthest.plusSeconds(1)))), "more than 600 s from now");
        // minted by whoever holds the key, valid until 2099
        assertRefused(bearer(c -> c.expirationTime(Date.from(Instant.parse("2099-01-01T00:00:00Z")))),
                "expires at 2099-01-01T00:00:00Z, more than 600 s from now (JWT_MAX_LIFETIME_SECONDS)");
    }

    @Test
    void aTokenIssuedInTheFutureIsRefusedOnlyPastTheClockSkewAndOneWithoutIatIsNot() {
        assertEquals(SUBJECT, authorize(bearer(c -> c.issueTime(Date.from(now.plus(SKEW))))).getPrincipalId());
        assertEquals(SUBJECT, authorize(bearer(c -> c.issueTime(null))).getPrincipalId());

        assertRefused(bearer(c -> c.issueTime(Date.from(now.plus(SKEW).plusSeconds(1)))), "issued in the future");
    }

    @Test
    void aTokenNotYetValidIsRefusedOnlyPastTheClockSkew() {
        assertEquals(SUBJECT, authorize(bearer(c -> c.notBeforeTime(Date.from(now.plus(SKEW))))).getPrincipalId());

        assertRefused(bearer(c -> c.notBeforeTime(Date.from(now.plus(SKEW).plusSeconds(1)))), "not valid before");
    }

    @Test
    void anotherIssuerOrAudienceOrNoSubjectIsRefused() {
        assertRefused(bearer(c -> c.issuer("3MVG9AnotherOrgsConsumerKey")), "issuer is not " + ISSUER);
        assertRefused(bearer(c -> c.issuer(null)), "issuer is not");
        assertRefused(bearer(c -> c.audience("https://other.execute-api.eu-west-1.amazonaws.com/prod")), "audience does not include");
        assertRefused(bearer(c -> c.audience((String) null)), "audience does not include");
        assertRefused(bearer(c -> c.subject(null)), "names no subject");
        assertRefused(bearer(c -> c.subject(" ")), "names no subject");
    }

    @Test
    void withoutAConfiguredKeyEveryTokenIsRefused() {
        assertRefused("", bearer(c -> c), "no key is configured");
    }

    @Test
    void aMethodArnNotOfApiGatewayIsRefused() {
        var event = APIGatewayCustomAuthorizerEvent.builder().withType("TOKEN")
                .withAuthorizationToken(bearer(c -> c)).withMethodArn("arn:aws:lambda:eu-west-1:123456789012:function:x").build();

        assertThrows(Unauthorized.class, () -> handler(TestKeys.publicKeyPem(ORG_KEY)).handleRequest(event, null));
    }
}
