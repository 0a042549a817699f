package dev.sfbridge.local;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sfbridge.erp.ErpSecret;
import dev.sfbridge.testing.LogScrubbing;
import dev.sfbridge.testing.OutboundMessages;
import dev.sfbridge.testing.TestKeys;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The whole local stack plays a scenario that uses every credential — the messages' sessions (of a legacy org that
 * still sends them, SenderVerification session), the JWT bearer
 * login and its access tokens, the ERP's API key — and not one captured line, of the functions' log,
 * of the console or of the errors, holds a session ID, access token, private key, API key, HMAC secret or a
 * whole message body.
 */
class LocalStackLogScrubbingTest {

    @Test
    void noLineOfAWholeScenarioHoldsASecretOrABody() throws Exception {
        Path logFile = Path.of("target/log-scrubbing-test.log");
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        PrintStream realErr = System.err;
        PrintStream captured = new PrintStream(console, true, StandardCharsets.UTF_8);
        LogScrubbing scrubbing = LogScrubbing.of();
        System.setErr(captured);
        try (LocalPipeline pipeline = new LocalPipeline(LocalOptions.parse("--port", "0", "--status-port", "0", "--sqs-port", "0",
                "--dynamodb-port", "0", "--opportunities", "30", "--expire-session-after", "0", "--erp-outages", "1",
                "--time-scale", "360", "--scenario-timeout", "120", "--template", System.getProperty("sfbridge.template"),
                "--log-file", logFile.toString(), "--parameter", "SenderVerification=session"))) {
            assertTrue(pipeline.runScenario(captured).passed(), console.toString(StandardCharsets.UTF_8));

            // every message's session has expired, so every callback tries it, is refused, and logs in: a scenario
            // that mixed live sessions in would log in only when a batch's newest callback held an expired one
            assertTrue(pipeline.salesforce().tokenRequests() >= 1, "the expired session made the callbacks log in");
            for (OutboundMessages message : pipeline.scenarioMessages()) {
                scrubbing.sessionId(message.sessionId()).messageBody(message.xml());
            }
            scrubbing.accessTokens(pipeline.salesforce().issuedTokens())
                    .apiKey(((ErpSecret.ApiKey) pipeline.erp().secret()).apiKey())
                    .hmacSecret(pipeline.erpEventsSigningSecret())
                    .privateKeyPem(TestKeys.pkcs8Pem(TestKeys.connectedApp().getPrivate()));
        } finally {
            System.setErr(realErr);
        }

        List<String> lines = new ArrayList<>(Files.readAllLines(logFile));
        assertTrue(lines.stream().anyMatch(l -> l.contains("\"organizationId\"")), "the functions' log lines were captured");
        lines.addAll(console.toString(StandardCharsets.UTF_8).lines().toList());
        scrubbing.assertNoneIn(lines);
    }
}
