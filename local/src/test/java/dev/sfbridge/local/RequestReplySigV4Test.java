package dev.sfbridge.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.sfbridge.testing.TestIds;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The request-reply routes behind the local front's IAM authorization (template.yaml's RequestReplyAuth default,
 * AWS_IAM), over HTTP against the real order API function and the simulated ERP: a request signed by the SDK's
 * signer, as Salesforce's External Credential signs it, is served; each tampered or badly signed one is API
 * Gateway's 403 with its message, and the ERP never sees an order for it.
 */
class RequestReplySigV4Test {
    private static LocalPipeline pipeline;
    private static SigV4Requests signer;
    /** The records of requests that must have been refused: none may have an ERP order. */
    private final List<String> refusedRecords = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        pipeline = new LocalPipeline(LocalOptions.parse("--port", "0", "--status-port", "0", "--sqs-port", "0", "--dynamodb-port", "0",
                "--opportunities", "0", "--template", System.getProperty("sfbridge.template"), "--log-file", "target/request-reply-sigv4-test.log"));
        signer = SigV4Requests.of(pipeline.requestReplyKey());
    }

    @AfterAll
    static void stop() {
        pipeline.close();
    }

    @AfterEach
    void nothingWasCreatedForARefusedRequest() {
        for (String record : refusedRecords) {
            assertTrue(pipeline.erp().order(record).isEmpty(), "the ERP has an order for the refused request of " + record);
        }
    }

    private static String order(int n) {
        return """
                {"salesforceRecordId": "%s", "name": "Deal %d", "amount": 1001.50, "stage": "Closed Won",
                 "sourceModifiedAt": "2026-11-20T10:00:01.000Z"}""".formatted(TestIds.id("006", n), n);
    }

    private SigV4Requests.Signed signedOrder(SigV4Requests by, int n) {
        return by.post(pipeline.requestReplyEndpoint(), order(n), Map.of());
    }

    /** Sends it, expects API Gateway's 403 with this message, and the ERP no order for record {@code n}. */
    private HttpResponse<String> assertRefused(SigV4Requests.Signed request, int n, String errorType, String message) throws Exception {
        int ordersBefore = pipeline.erp().ordersCreated();
        refusedRecords.add(TestIds.id("006", n));
        HttpResponse<String> response = request.send();
        assertEquals(403, response.statusCode(), response.body());
        assertEquals(errorType, response.headers().firstValue("x-amzn-ErrorType").orElse(""), response.body());
        assertEquals("application/json", response.headers().firstValue("Content-Type").orElse(""));
        assertTrue(response.body().startsWith("{\"message\":\"" + message), response.body());
        assertEquals(ordersBefore, pipeline.erp().ordersCreated(), "an order was created for a refused request");
        return response;
    }

    private static final String MISMATCH = "The request signature we calculated does not match the signature you provided.";

    @Test
    void aRequestSignedByTheSdkSignerIsServedAndItsRetryGetsTheSameOrder() throws Exception {
        HttpResponse<String> created = signedOrder(signer, 1).send();
        assertEquals(201, created.statusCode(), created.body());
        String orderNumber = pipeline.erp().order(TestIds.id("006", 1)).orElseThrow().orderNumber();
        assertTrue(created.body().contains(orderNumber), created.body());

        // a retried callout is signed again (a new date): the same order, not a second one
        HttpResponse<String> retried = signedOrder(signer, 1).send();
        assertEquals(200, retried.statusCode(), retried.body());
        assertTrue(retried.body().contains(orderNumber), retried.body());
    }

    @Test
    void aGetWithPathParameterAndQueryIsServedWhenSigned() throws Exception {
        HttpResponse<String> unknownAccount = signer.get(pipeline.requestReplyEndpoint()
                .resolve("/accounts/ACC-404/billing-history?pageSize=5")).send();

        // the function's own answer: the request got past the signature check
        assertEquals(404, unknownAccount.statusCode(), unknownAccount.body());
        assertTrue(unknownAccount.headers().firstValue("x-amzn-ErrorType").isEmpty());
    }

    @Test
    void aDateFourMinutesOldIsStillServed() throws Exception {
        SigV4Requests.Signed request = signer.sign("POST", pipeline.requestReplyEndpoint(), order(2), Map.of(),
                Instant.now().minus(Duration.ofMinutes(4)));

        assertEquals(201, request.send().statusCode());
    }

    @Test
    void withoutAuthorizationItIsMissingAnAuthenticationToken() throws Exception {
        assertRefused(signedOrder(signer, 10).withHeader("Authorization", null), 10,
                "MissingAuthenticationTokenException", "Missing Authentication Token");
    }

    @Test
    void aBearerTokenIsNotASignature() throws Exception {
        assertRefused(signedOrder(signer, 11).withHeader("Authorization", "Bearer eyJhbGciOiJSUzI1NiJ9.e30.c2ln"), 11,
                "IncompleteSignatureException", "Authorization header requires 'Credential' parameter.");
    }

    @Test
    void aChangedBodyIsRefusedWhetherOrNotItsHashWasChangedToo() throws Exception {
        SigV4Requests.Signed signed = signedOrder(signer, 12);
        assertRefused(signed.withBody(order(13)), 13, "InvalidSignatureException", MISMATCH);

        String otherBody = order(14);
        assertRefused(signed.withBody(otherBody).withHeader("x-amz-content-sha256",
                SigV4Verification.sha256(otherBody.getBytes(StandardCharsets.UTF_8))), 14,
                "InvalidSignatureException", MISMATCH);
        refusedRecords.add(TestIds.id("006", 12));
    }

    @Test
    void aChangedPathOrQueryIsRefused() throws Exception {
        URI signedUri = pipeline.requestReplyEndpoint().resolve("/accounts/ACC-1/billing-history?pageSize=5");
        SigV4Requests.Signed signed = signer.get(signedUri);

        assertRefused(signed.withUri(signedUri.resolve("/accounts/ACC-2/billing-history?pageSize=5")), 15,
                "InvalidSignatureException", MISMATCH);
        assertRefused(signed.withUri(signedUri.resolve("/accounts/ACC-1/billing-history?pageSize=6")), 15,
                "InvalidSignatureException", MISMATCH);
        assertRefused(signed.withUri(signedUri.resolve("/accounts/ACC-1/billing-history?pageSize=5&pageToken=x")), 15,
                "InvalidSignatureException", MISMATCH);
    }

    @Test
    void aChangedSignedHeaderIsRefused() throws Exception {
        SigV4Requests.Signed signed = signer.post(pipeline.requestReplyEndpoint(), order(16), Map.of("Idempotency-Key", "key-16"));

        assertRefused(signed.withHeader("Idempotency-Key", "key-17"), 16, "InvalidSignatureException", MISMATCH);
        assertRefused(signed.withHeader("Content-Type", "application/json; charset=utf-8"), 16, "InvalidSignatureException", MISMATCH);
        // dropping a header the signature covers is a change too
        assertRefused(signed.withHeader("Idempotency-Key", null), 16, "InvalidSignatureException", MISMATCH);
        // the request as signed is served: the refusals were the changes'
        refusedRecords.clear();
        assertEquals(201, signed.send().statusCode());
    }

    @Test
    void anotherSecretOrAnUnknownKeyIsRefused() throws Exception {
        assertRefused(signedOrder(signer.secret("not-the-secret"), 18), 18, "InvalidSignatureException", MISMATCH);
        assertRefused(signedOrder(signer.accessKeyId("AKIAUNKNOWNUNKNOWN00"), 19), 19, "UnrecognizedClientException",
                "The security token included in the request is invalid.");
    }

    @Test
    void aSignatureForAnotherRegionOrServiceIsRefused() throws Exception {
        assertRefused(signedOrder(signer.region("eu-west-1"), 20), 20, "IncompleteSignatureException",
                "Credential should be scoped to a valid region.");
        assertRefused(signedOrder(signer.service("lambda"), 21), 21, "IncompleteSignatureException",
                "Credential should be scoped to correct service: 'execute-api'.");
    }

    @Test
    void aDateMoreThanFiveMinutesAwayIsRefused() throws Exception {
        assertRefused(signer.sign("POST", pipeline.requestReplyEndpoint(), order(22), Map.of(), Instant.now().minus(Duration.ofMinutes(6))),
                22, "InvalidSignatureException", "Signature expired: ");
        assertRefused(signer.sign("POST", pipeline.requestReplyEndpoint(), order(23), Map.of(), Instant.now().plus(Duration.ofMinutes(6))),
                23, "InvalidSignatureException", "Signature not yet current: ");
    }

    @Test
    void aDateOtherThanTheCredentialScopesIsRefused() throws Exception {
        SigV4Requests.Signed signed = signedOrder(signer, 24);
        String authorization = signed.headers().get("Authorization");
        String scopeDate = authorization.replaceFirst(".*Credential=[^/]+/(\\d{8})/.*", "$1");
        String otherDay = String.valueOf(Integer.parseInt(scopeDate) - 1);

        assertRefused(signed.withHeader("Authorization", authorization.replace("/" + scopeDate + "/", "/" + otherDay + "/")), 24,
                "InvalidSignatureException", "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP");
    }

    @Test
    void theOpenApiDocumentIsBehindTheSignatureToo() throws Exception {
        URI document = pipeline.requestReplyEndpoint().resolve("/openapi.yaml");

        assertEquals(403, SigV4Requests.HTTP.send(HttpRequest.newBuilder(document).GET().build(),
                HttpResponse.BodyHandlers.ofString()).statusCode());
        HttpResponse<String> signed = signer.get(document).send();
        assertEquals(200, signed.statusCode(), signed.body());
        assertTrue(signed.body().contains("operationId: createOrder"), signed.body());
    }

    /** What docs/local-stack.md shows: curl signs the request itself (--aws-sigv4), without x-amz-content-sha256. */
    @Test
    void curlsOwnSigV4IsServed() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/curl")), "no curl on this machine");
        SigV4Verification.AccessKey key = pipeline.requestReplyKey();
        Process curl = new ProcessBuilder("/usr/bin/curl", "-s", "-o", "/dev/null", "-w", "%{http_code}",
                "--aws-sigv4", "aws:amz:" + LocalPipeline.REGION + ":execute-api", "--user", key.id() + ":" + key.secret(),
                "-H", "Content-Type: application/json", "--data-binary", order(25), pipeline.requestReplyEndpoint().toString())
                .redirectErrorStream(true).start();
        try {
            assertTrue(curl.waitFor(30, TimeUnit.SECONDS), "curl did not finish");
            assertEquals("201", new String(curl.getInputStream().readAllBytes()).strip());
            assertTrue(pipeline.erp().order(TestIds.id("006", 25)).isPresent());
        } finally {
            curl.destroyForcibly();
        }
    }
}
