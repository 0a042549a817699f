package dev.sfbridge.erp;

import static dev.sfbridge.testing.TestOrders.order;
import static dev.sfbridge.testing.TestOrders.orderWithLines;
import static dev.sfbridge.testing.TestOrders.withLines;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sfbridge.model.OrderLine;
import dev.sfbridge.model.QueueJson;
import dev.sfbridge.testing.ErpSimulator;
import dev.sfbridge.testing.ErpSimulator.Fault;
import dev.sfbridge.testing.TestIds;
import dev.sfbridge.testing.TestOrders;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The simulator on the wire, as docs/erp-api.md describes the ERP: what other modules' tests rely on. */
class ErpSimulatorTest {
    private static final String KEY = "sim-key-1";
    /** The request body of docs/erp-api.md, read from the page: the order of {@link TestOrders#orderWithLines(int)}. */
    private static final String DOCUMENTED_ORDER = documentedRequestBody();
    /** The same order without its lines, as an outbound message with the fields only makes it. */
    private static final String DOCUMENTED_ORDER_WITHOUT_LINES = DOCUMENTED_ORDER.substring(0, DOCUMENTED_ORDER.indexOf(",\n  \"lines\""))
            + DOCUMENTED_ORDER.substring(DOCUMENTED_ORDER.lastIndexOf(']') + 1);

    private final ErpSimulator erp = ErpSimulator.withApiKey(KEY);
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @AfterEach
    void close() {
        http.close();
        erp.close();
    }

    @Test
    void theDocumentedBodyIsWhatTheClientSends() {
        // same tree: amounts and prices are JSON numbers and dates ISO-8601 strings on both sides
        String sent = ErpJson.write(orderWithLines(1));
        assertEquals(QueueJson.read(DOCUMENTED_ORDER, JsonNode.class), QueueJson.read(sent, JsonNode.class));
        assertEquals(QueueJson.read(DOCUMENTED_ORDER_WITHOUT_LINES, JsonNode.class), QueueJson.read(ErpJson.write(order(1)), JsonNode.class));
        // and every number with the digits Salesforce sent (500.50, not 500.5), which a tree of doubles does not see
        Matcher number = Pattern.compile("(\"\\w+\"): (-?[0-9][0-9.]*)").matcher(DOCUMENTED_ORDER);
        int numbers = 0;
        for (; number.find(); numbers++) {
            assertTrue(sent.contains(number.group(1) + ":" + number.group(2)), number.group() + " in " + sent);
        }
        assertEquals(7, numbers);
    }

    @Test
    void theDocumentedRequestCreatesTheOrderAndARepeatUpdatesIt() throws Exception {
        String recordId = order(1).salesforceRecordId();
        HttpResponse<String> created = put(recordId, DOCUMENTED_ORDER, KEY);
        assertEquals(orderWithLines(1), erp.order(recordId).orElseThrow().request());

        HttpResponse<String> repeated = put(recordId, DOCUMENTED_ORDER.replace("1001.50", "1200"), KEY);

        assertEquals(201, created.statusCode());
        assertEquals(200, repeated.statusCode());
        assertEquals(created.body(), repeated.body());
        assertEquals("SO-000001", QueueJson.read(created.body(), Map.class).get("orderNumber"));
        assertEquals("1200", erp.order(recordId).orElseThrow().request().amount().toPlainString());
    }

    @Test
    void aChangeOlderThanTheOneHeldIsRefusedWith412AndTheHeldOrder() throws Exception {
        String recordId = order(1).salesforceRecordId();
        String held = DOCUMENTED_ORDER.replace("10:00:01Z", "10:05:00Z").replace("1001.50", "1500");
        HttpResponse<String> first = put(recordId, held, KEY);

        HttpResponse<String> older = put(recordId, DOCUMENTED_ORDER, KEY);
        HttpResponse<String> equal = put(recordId, held, KEY);
        HttpResponse<String> newer = put(recordId, DOCUMENTED_ORDER.replace("10:00:01Z", "10:06:00Z").replace("1001.50", "1600"), KEY);

        assertEquals(412, older.statusCode());
        assertEquals(Map.of("error", "stale_change", "message", "the ERP holds a newer change of this record",
                "orderNumber", "SO-000001", "status", "OPEN", "sourceModifiedAt", "2026-11-20T10:05:00Z"),
                QueueJson.read(older.body(), Map.class));
        assertEquals(200, equal.statusCode());
        assertEquals(first.body(), equal.body());
        assertEquals(200, newer.statusCode());
        assertEquals("1600", erp.order(recordId).orElseThrow().request().amount().toPlainString());
        assertEquals(1, erp.ordersCreated());
    }

    @Test
    void theErpMovesAnOrderOnThroughItsStatusesEachStampedAfterTheLastWriteAndAChangeKeepsIt() throws Exception {
        String recordId = order(1).salesforceRecordId();
        assertEquals(Optional.empty(), erp.moveOn(recordId), "no order, nothing to move on");
        List<String> created = new ArrayList<>();
        erp.whenCreated(created::add);
        Instant beforeWrite = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        HttpResponse<String> creation = put(recordId, DOCUMENTED_ORDER, KEY);

        ErpSimulator.StatusChange confirmed = erp.moveOn(recordId).orElseThrow();
        HttpResponse<String> changed = put(recordId, DOCUMENTED_ORDER.replace("10:00:01Z", "10:05:00Z"), KEY);
        ErpSimulator.StatusChange shipped = erp.moveOn(recordId).orElseThrow();

        assertEquals(List.of(recordId), created, "told of the creation, not of the change");
        assertEquals("CONFIRMED", confirmed.status());
        assertEquals("SO-000001", confirmed.orderNumber());
        assertTrue(confirmed.changedAt().isAfter(beforeWrite), "stamped after the write, to the millisecond at least");
        Instant opened = Instant.parse((String) QueueJson.read(creation.body(), Map.class).get("statusChangedAt"));
        assertTrue(confirmed.changedAt().isAfter(opened), "a move is never at the time of the status before it: " + opened);
        assertEquals("SHIPPED", shipped.status());
        assertTrue(shipped.changedAt().isAfter(confirmed.changedAt()));
        assertEquals("CONFIRMED", QueueJson.read(changed.body(), Map.class).get("status"), "a change leaves the status as it was moved");
        assertEquals(confirmed.changedAt().toString(), QueueJson.read(changed.body(), Map.class).get("statusChangedAt"),
                "a write's answer says when the order took its status, as the status's event does");
        assertEquals(Optional.empty(), erp.moveOn(recordId), "SHIPPED is the last");
        assertEquals(List.of("OPEN", "CONFIRMED", "SHIPPED"), erp.ledger().statusHistory(recordId));
    }

    @Test
    void anOrderIsChangedOnlyByTheOrgItWasCreatedFor() throws Exception {
        String recordId = order(1).salesforceRecordId();
        String otherOrg = DOCUMENTED_ORDER.replace(TestIds.ORG, TestIds.OTHER_ORG);
        assertEquals(201, put(recordId, DOCUMENTED_ORDER, KEY).statusCode());

        // newer, so that only the org can refuse it; and in the 15-character form of the creating org: the same org
        HttpResponse<String> byOther = put(recordId, otherOrg.replace("10:00:01Z", "10:05:00Z").replace("1001.50", "1"), KEY);
        HttpResponse<String> byOwnerIn15 = put(recordId, DOCUMENTED_ORDER.replace(TestIds.ORG, TestIds.ORG.substring(0, 15))
                .replace("10:00:01Z", "10:01:00Z").replace("1001.50", "1100"), KEY);

        assertEquals(409, byOther.statusCode());
        assertEquals("org_mismatch", QueueJson.read(byOther.body(), Map.class).get("error"));
        assertEquals(200, byOwnerIn15.statusCode());
        assertEquals("1100", erp.order(recordId).orElseThrow().request().amount().toPlainString());
        assertEquals(1, erp.ordersCreated());
    }

    @Test
    void linesAreReplacedByAListKeptWithoutOneAndEmptiedByAnEmptyList() throws Exception {
        String recordId = order(1).salesforceRecordId();
        List<OrderLine> documented = orderWithLines(1).lines();
        put(recordId, DOCUMENTED_ORDER, KEY);
        assertEquals(documented, erp.order(recordId).orElseThrow().lines());

        assertEquals(200, put(recordId, DOCUMENTED_ORDER_WITHOUT_LINES.replace("1001.50", "1100.00"), KEY).statusCode());
        assertEquals(documented, erp.order(recordId).orElseThrow().lines(), "no lines in the change: the order keeps its own");
        assertEquals("1100.00", erp.order(recordId).orElseThrow().request().amount().toPlainString());

        // the first line gone, the second's quantity changed, a third added
        OrderLine second = documented.get(1);
        List<OrderLine> changed = List.of(
                new OrderLine(second.salesforceLineItemId(), second.productCode(), second.productName(),
                        new BigDecimal("3"), second.unitPrice(), new BigDecimal("1503.00")),
                new OrderLine(TestIds.id("00k", 1003), "GC-5020", "GenWatt Propane 500kW", new BigDecimal("0.5"),
                        new BigDecimal("99.999"), new BigDecimal("50.00")));
        assertEquals(200, put(recordId, QueueJson.write(withLines(orderWithLines(1), changed)), KEY).statusCode());
        assertEquals(changed, erp.order(recordId).orElseThrow().lines());

        assertEquals(200, put(recordId, QueueJson.write(withLines(orderWithLines(1), List.of())), KEY).statusCode());
        assertEquals(List.of(), erp.order(recordId).orElseThrow().lines(), "an empty list: the order has no lines");
        assertEquals(1, erp.ordersCreated());
    }

    @Test
    void aStaleChangeLeavesTheLinesAsTheyAre() throws Exception {
        String recordId = order(1).salesforceRecordId();
        put(recordId, DOCUMENTED_ORDER.replace("10:00:01Z", "10:05:00Z"), KEY);

        assertEquals(412, put(recordId, QueueJson.write(withLines(orderWithLines(1), List.of())), KEY).statusCode());
        assertEquals(412, put(recordId, QueueJson.write(withLines(orderWithLines(1), orderWithLines(1).lines().subList(0, 1))), KEY).statusCode());

        assertEquals(orderWithLines(1).lines(), erp.order(recordId).orElseThrow().lines());
    }

    @Test
    void aNewOrderWithoutLinesHasNone() throws Exception {
        put(order(1).salesforceRecordId(), DOCUMENTED_ORDER_WITHOUT_LINES, KEY);

        assertEquals(List.of(), erp.order(order(1).salesforceRecordId()).orElseThrow().lines());
        assertNull(erp.order(order(1).salesforceRecordId()).orElseThrow().request().lines());
    }

    @Test
    void aRequestWithoutTheKeyIsRefused() throws Exception {
        HttpResponse<String> response = put(order(1).salesforceRecordId(), QueueJson.write(order(1)), "not-the-key");

        assertEquals(401, response.statusCode());
        assertTrue(response.body().contains("\"error\":\"unauthorized\""), response.body());
        assertEquals(0, erp.ordersCreated());
    }

    @Test
    void aBodyThatIsNotAnOrderOrNotThisRecordsIsA400() throws Exception {
        String recordId = order(1).salesforceRecordId();

        assertEquals(400, put(recordId, "{\"salesforceRecordId\": ", KEY).statusCode());
        assertEquals(400, put(recordId, "{\"unknownField\": 1}", KEY).statusCode());
        assertEquals(400, put(recordId, DOCUMENTED_ORDER.replace("\"lines\": [", "\"lines\": {\"line\": [").replace("]\n}", "]}\n}"), KEY).statusCode());
        assertEquals(400, put(recordId, DOCUMENTED_ORDER.replace("\"productCode\"", "\"sku\""), KEY).statusCode());
        assertEquals(400, put(order(2).salesforceRecordId(), QueueJson.write(order(1)), KEY).statusCode());
        assertEquals(0, erp.ordersCreated());
    }

    @Test
    void aFaultForOneRecordLeavesTheOthersAlone() throws Exception {
        erp.failNext(order(2).salesforceRecordId(), 1, Fault.unavailable());

        assertEquals(201, put(order(1).salesforceRecordId(), QueueJson.write(order(1)), KEY).statusCode());
        assertEquals(503, put(order(2).salesforceRecordId(), QueueJson.write(order(2)), KEY).statusCode());
        assertEquals(201, put(order(2).salesforceRecordId(), QueueJson.write(order(2)), KEY).statusCode());
        assertEquals(List.of(201, 503, 201), erp.statuses());
    }

    @Test
    void theTokenEndpointChecksTheClientAndItsTokensOpenTheOrders() throws Exception {
        try (ErpSimulator oauth = ErpSimulator.withOAuth("id", "s3cr:t&", Duration.ofMinutes(1))) {
            URI tokenUrl = ((ErpSecret.OAuthClientCredentials) oauth.secret()).tokenUrl();

            assertEquals(401, token(tokenUrl, "id", "wrong", "grant_type=client_credentials").statusCode());
            assertEquals(400, token(tokenUrl, "id", "s3cr%3At%26", "grant_type=password").statusCode());
            HttpResponse<String> issued = token(tokenUrl, "id", "s3cr%3At%26", "grant_type=client_credentials");
            assertEquals(200, issued.statusCode());
            Map<?, ?> body = QueueJson.read(issued.body(), Map.class);
            assertEquals(60, body.get("expires_in"));
            assertEquals(1, oauth.tokensIssued());

            HttpRequest withToken = HttpRequest.newBuilder(oauth.baseUri().resolve("/orders/by-salesforce-id/" + TestIds.id("006", 1)))
                    .header("Authorization", "Bearer " + body.get("access_token"))
                    .PUT(HttpRequest.BodyPublishers.ofString(QueueJson.write(order(1)))).build();
            assertEquals(201, http.send(withToken, HttpResponse.BodyHandlers.ofString()).statusCode());
            oauth.revokeTokens();
            assertEquals(401, http.send(withToken, HttpResponse.BodyHandlers.ofString()).statusCode());
        }
    }

    @Test
    void closingReleasesAHangingRequest() throws Exception {
        erp.failNext(1, Fault.hang());
        CompletableFuture<HttpResponse<String>> hanging = http.sendAsync(request(order(1).salesforceRecordId(),
                QueueJson.write(order(1)), KEY), HttpResponse.BodyHandlers.ofString());
        long arrivedBy = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (erp.requests() == 0 && System.nanoTime() < arrivedBy) {
            Thread.onSpinWait();
        }
        assertEquals(1, erp.requests(), "the request reached the simulator");

        long start = System.nanoTime();
        erp.close();

        ExecutionException e = assertThrows(ExecutionException.class, () -> hanging.get(5, TimeUnit.SECONDS));
        assertTrue(e.getCause() instanceof IOException, e.toString());
        assertTrue(Duration.ofNanos(System.nanoTime() - start).compareTo(Duration.ofSeconds(5)) < 0);
    }

    @Test
    void concurrentUpsertsCreateOneOrderPerRecord() throws Exception {
        List<Future<HttpResponse<String>>> responses;
        try (ExecutorService senders = Executors.newFixedThreadPool(8)) {
            responses = IntStream.range(0, 80).mapToObj(i -> senders.submit(() ->
                    put(order(i % 20).salesforceRecordId(), QueueJson.write(order(i % 20)), KEY))).toList();
        }
        Set<String> numbers = new HashSet<>();
        for (Future<HttpResponse<String>> response : responses) {
            numbers.add((String) QueueJson.read(response.get().body(), Map.class).get("orderNumber"));
        }

        assertEquals(20, erp.ordersCreated());
        assertEquals(20, numbers.size());
        assertEquals(20, erp.statuses().stream().filter(s -> s == 201).count());
    }

    /** The first JSON block of docs/erp-api.md's "Upsert an order". */
    private static String documentedRequestBody() {
        try {
            String page = Files.readString(Path.of(System.getProperty("sfbridge.salesforce.dir")).resolveSibling("docs/erp-api.md"));
            String section = page.substring(page.indexOf("## Upsert an order"));
            int start = section.indexOf("```json\n") + "```json\n".length();
            return section.substring(start, section.indexOf("```", start));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private HttpResponse<String> put(String recordId, String body, String key) throws IOException, InterruptedException {
        return http.send(request(recordId, body, key), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest request(String recordId, String body, String key) {
        return HttpRequest.newBuilder(erp.baseUri().resolve("/orders/by-salesforce-id/" + recordId))
                .header("Content-Type", "application/json")
                .header("x-api-key", key)
                .PUT(HttpRequest.BodyPublishers.ofString(body))
                .build();
    }

    private HttpResponse<String> token(URI tokenUrl, String id, String formEncodedSecret, String form)
            throws IOException, InterruptedException {
        String basic = Base64.getEncoder().encodeToString((id + ":" + formEncodedSecret).getBytes(StandardCharsets.UTF_8));
        return http.send(HttpRequest.newBuilder(tokenUrl)
                .header("Authorization", "Basic " + basic)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
