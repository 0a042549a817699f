package dev.sfbridge.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The status page over HTTP while a scenario runs: its numbers are the progress line's and the reconciliation's,
 * its errors and latencies the functions' log lines, and the page itself loads nothing from elsewhere.
 * (local/e2e/status-page.test.mjs draws it in a browser.)
 */
class StatusPageTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void showsTheProgressCountsAndThenTheScenariosReconciliation() throws Exception {
        try (LocalPipeline pipeline = new LocalPipeline(LocalOptions.parse("--port", "0", "--status-port", "0", "--sqs-port", "0",
                "--dynamodb-port", "0", "--opportunities", "20", "--erp-outages", "1", "--time-scale", "360",
                "--scenario-timeout", "120", "--template", System.getProperty("sfbridge.template"),
                "--log-file", "target/status-page-test.log"))) {
            JsonNode before = status(pipeline);
            assertEquals("running", before.at("/scenario/state").asText());
            assertTrue(before.at("/scenario/reconciliation").isMissingNode());
            assertEquals(0, before.at("/counts/posts").asInt());
            assertEquals(20, before.at("/counts/watched").asInt());

            Reconciliation reconciliation = pipeline.runScenario(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
            JsonNode after = status(pipeline);

            assertTrue(reconciliation.passed(), reconciliation.report());
            assertEquals("reconciled", after.at("/scenario/state").asText());
            assertEquals(JSON.readTree("""
                    {"passed": true, "opportunities": 20, "withOrder": 20, "ordersInErp": 20, "callbacksMatching": 20, "mismatches": []}
                    """), after.at("/scenario/reconciliation"));
            // settled: the counts the console prints are the ones served
            assertEquals(JSON.readTree(JSON.writeValueAsString(pipeline.progress().counts())), after.get("counts"));
            assertEquals(20, after.at("/counts/ordersInErp").asInt());
            assertEquals(pipeline.outboundMessaging().posts(), after.get("latencies").size(), "one latency per answered message");
            after.get("latencies").forEach(latency -> assertEquals("ack", latency.get("outcome").asText()));
            List<String> reasons = new ArrayList<>();
            after.get("errors").forEach(error -> reasons.add(error.get("reason").asText()));
            assertTrue(reasons.contains("erp_unavailable"), "the ERP's outage is among the last errors: " + after.get("errors"));
            assertEquals("erp-invoices-to-salesforce", after.at("/syncJobs/0/job").asText(), after.toString());
            assertEquals("SUCCEEDED", after.at("/syncJobs/0/status").asText(), after.toString());
            assertTrue(after.at("/scenario/syncReconciliations/0/passed").asBoolean(), after.toString());
            assertTrue(after.at("/scenario/syncReconciliations/1/passed").asBoolean(), after.toString());
        }
    }

    @Test
    void servesItsOwnFilesOnlyAndNothingFromElsewhere() throws Exception {
        try (LocalPipeline pipeline = new LocalPipeline(LocalOptions.parse("--port", "0", "--status-port", "0", "--sqs-port", "0",
                "--dynamodb-port", "0", "--opportunities", "0", "--template", System.getProperty("sfbridge.template"),
                "--log-file", "target/status-page-test.log"))) {
            URI page = pipeline.statusPageUri();
            HttpResponse<String> index = get(page);
            assertEquals(200, index.statusCode());
            assertTrue(index.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
            assertEquals("none", status(pipeline).at("/scenario/state").asText());

            Matcher reference = Pattern.compile("(?:src|href)=\"([^\"]*)\"").matcher(index.body());
            int references = 0;
            while (reference.find()) {
                references++;
                assertTrue(reference.group(1).startsWith("/"), "the page refers to " + reference.group(1));
                assertEquals(200, get(page.resolve(reference.group(1))).statusCode(), reference.group(1));
            }
            assertEquals(3, references, "its style sheet, its script and its JSON");
            for (String file : List.of("/status.js", "/status.css")) {
                String body = get(page.resolve(file)).body();
                assertFalse(body.replace("http://www.w3.org/2000/svg", "").matches("(?s).*(https?:|[\"'(])//.*"), file + " names another host");
            }

            assertEquals(404, get(page.resolve("/outbound-messages")).statusCode());
            assertEquals(405, http.send(HttpRequest.newBuilder(page).POST(HttpRequest.BodyPublishers.ofString("x")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode());
        }
    }

    private static JsonNode status(LocalPipeline pipeline) throws Exception {
        HttpResponse<String> response = get(pipeline.statusPageUri().resolve("/status.json"));
        assertEquals(200, response.statusCode(), response.body());
        return JSON.readTree(response.body());
    }

    private static HttpResponse<String> get(URI uri) throws Exception {
        return http.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
