package dev.sfbridge.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.sfbridge.testing.TestIds;
import dev.sfbridge.testing.TestKeys;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The request-reply routes with RequestReplyAuth=JwtAuthorizer: the local front runs the template's real JWT
 * authorizer function before the route, as API Gateway runs a TOKEN authorizer. The stack is started as an admin
 * would start it, with that parameter and a key, issuer and audience given by {@code ./dev up --parameter}; every
 * refused token is a 401 and no ERP order.
 */
class RequestReplyJwtTest {
    private static final String ISSUER = "https://sfbridge-test.my.salesforce.com";
    private static final String AUDIENCE = "https://local.execute-api.us-east-1.amazonaws.com/prod";
    private static final KeyPair ORG_KEY = TestKeys.generate();
    private static final KeyPair OTHER_KEY = TestKeys.generate();
    private static LocalPipeline pipeline;

    @BeforeAll
    static void start() throws IOException {
        String publicKeyPem = "-----BEGIN PUBLIC KEY-----\n" + Base64.getEncoder().encodeToString(ORG_KEY.getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
        pipeline = new LocalPipeline(LocalOptions.parse("--port", "0", "--status-port", "0", "--sqs-port", "0", "--dynamodb-port", "0",
                "--opportunities", "0", "--template", System.getProperty("sfbridge.template"),
                "--log-file", "target/request-reply-jwt-test.log",
                "--parameter", "RequestReplyAuth=JwtAuthorizer", "--parameter", "RequestReplyJwtPublicKeys=" + publicKeyPem,
                "--parameter", "RequestReplyJwtIssuer=" + ISSUER, "--parameter", "RequestReplyJwtAudience=" + AUDIENCE));
    }

    @AfterAll
    static void stop() {
        pipeline.close();
    }

    private static String order(int n) {
        return """
                {"salesforceRecordId": "%s", "name": "Deal %d", "amount": 10.00}""".formatted(TestIds.id("006", n), n);
    }

    /** Salesforce's claims for a named principal: iss, sub, aud, iat, nbf, exp two minutes on. */
    private static String token(PrivateKey key, UnaryOperator<JWTClaimsSet.Builder> change) {
        Instant now = Instant.now();
        JWTClaimsSet claims = change.apply(new JWTClaimsSet.Builder().issuer(ISSUER).subject("integration@example.com").audience(AUDIENCE)
                .issueTime(Date.from(now)).notBeforeTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(120)))).build();
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), claims);
            jwt.sign(new RSASSASigner(key));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static HttpResponse<String> post(int n, String authorization) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(pipeline.requestReplyEndpoint()).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(order(n)));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return SigV4Requests.HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void assertUnauthorized(int n, String authorization) throws Exception {
        int ordersBefore = pipeline.erp().ordersCreated();
        HttpResponse<String> response = post(n, authorization);

        assertEquals(401, response.statusCode(), response.body());
        assertEquals("{\"message\":\"Unauthorized\"}", response.body());
        assertEquals(ordersBefore, pipeline.erp().ordersCreated());
        assertTrue(pipeline.erp().order(TestIds.id("006", n)).isEmpty());
    }

    @Test
    void aTokenSignedByTheOrgsKeyIsServed() throws Exception {
        HttpResponse<String> created = post(1, "Bearer " + token(ORG_KEY.getPrivate(), claims -> claims));

        assertEquals(201, created.statusCode(), created.body());
        assertTrue(pipeline.erp().order(TestIds.id("006", 1)).isPresent());
    }

    @Test
    void everyRefusedTokenIsA401AndNoOrder() throws Exception {
        assertUnauthorized(10, null);
        assertUnauthorized(11, "Bearer " + token(OTHER_KEY.getPrivate(), claims -> claims));
        assertUnauthorized(12, "Bearer " + token(ORG_KEY.getPrivate(), claims -> claims.expirationTime(Date.from(Instant.now().minusSeconds(300)))));
        assertUnauthorized(13, "Bearer " + token(ORG_KEY.getPrivate(), claims -> claims.issuer("https://other.my.salesforce.com")));
        assertUnauthorized(14, "Bearer " + token(ORG_KEY.getPrivate(), claims -> claims.audience("https://elsewhere")));
        String valid = token(ORG_KEY.getPrivate(), claims -> claims);
        assertUnauthorized(15, "Bearer " + valid.substring(0, valid.length() - 4) + "AAAA");
        // a SigV4 signature is no token: the IAM key does not open a JwtAuthorizer API
        assertUnauthorized(16, SigV4Requests.of(pipeline.requestReplyKey())
                .post(pipeline.requestReplyEndpoint(), order(16), Map.of()).headers().get("Authorization"));
    }
}
