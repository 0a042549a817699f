package dev.sfbridge.salesforce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.sfbridge.model.SessionId;
import dev.sfbridge.retry.Retry;
import dev.sfbridge.salesforce.SalesforceException.Kind;
import dev.sfbridge.testing.SalesforceSimulator;
import dev.sfbridge.testing.SalesforceSimulator.LineItem;
import dev.sfbridge.testing.TestIds;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.retries.api.BackoffStrategy;

/** {@link HttpSalesforceClient#queryAll}: every page of the result and of the child lists, and its failures classified as the writes' are. */
class QueryAllTest {
    private static final String SELECT = "SELECT Id, IsDeleted, Name, Amount, (SELECT Id, ProductCode, Product2.Name, Quantity, UnitPrice,"
            + " TotalPrice FROM OpportunityLineItems) FROM Opportunity WHERE Id IN ";

    private final SalesforceSimulator salesforce = new SalesforceSimulator();
    private final List<Duration> pauses = new CopyOnWriteArrayList<>();
    private final HttpSalesforceClient client = new HttpSalesforceClient(SalesforceHttp.create(Duration.ofSeconds(2), Duration.ofSeconds(5),
            new Retry(3, BackoffStrategy.exponentialDelay(Duration.ofMillis(100), Duration.ofSeconds(2)), pauses::add)), "62.0");
    private final AccessToken session = AccessToken.ofSession(salesforce.instanceUrl(), new SessionId(salesforce.newSession()));

    @AfterEach
    void stop() {
        salesforce.close();
    }

    private static String opportunity(int n) {
        return TestIds.id("006", n);
    }

    private String addOpportunity(int n, int lineItems) {
        String id = opportunity(n);
        salesforce.addRecord("Opportunity", id);
        salesforce.putFields(id, Map.of("Name", "Deal " + n, "Amount", "1234567890123456.78"));
        for (int i = 1; i <= lineItems; i++) {
            salesforce.addLineItem(id, new LineItem(TestIds.id("00k", n * 100L + i), "P-" + i, "Product " + i, BigDecimal.valueOf(i),
                    new BigDecimal("9.99")));
        }
        return id;
    }

    private static String in(List<String> ids) {
        return ids.stream().map(id -> "'" + id + "'").collect(Collectors.joining(", ", "(", ")"));
    }

    private static List<String> lineIds(JsonNode record) {
        return StreamSupport.stream(record.path("OpportunityLineItems").path("records").spliterator(), false)
                .map(row -> row.get("Id").asText()).toList();
    }

    @Test
    void aRecordComesWithItsFieldsAndLineItemsInSalesforcesShape() throws Exception {
        addOpportunity(1, 2);

        QueryResult result = client.queryAll(session, SELECT + in(List.of(opportunity(1))));

        assertEquals(1, result.calls());
        ObjectNode record = result.records().getFirst();
        assertEquals("Opportunity", record.path("attributes").path("type").asText());
        assertEquals("/services/data/v62.0/sobjects/Opportunity/" + opportunity(1), record.path("attributes").path("url").asText());
        assertEquals(opportunity(1), record.get("Id").asText());
        assertFalse(record.get("IsDeleted").asBoolean());
        assertEquals(0, new BigDecimal("1234567890123456.78").compareTo(record.get("Amount").decimalValue()),
                "a decimal, not a double: " + record.get("Amount"));
        JsonNode line = record.path("OpportunityLineItems").path("records").get(1);
        assertEquals("Product 2", line.path("Product2").path("Name").asText());
        assertEquals(0, new BigDecimal("19.98").compareTo(line.get("TotalPrice").decimalValue()));
        assertEquals(2, record.path("OpportunityLineItems").path("totalSize").asInt());
    }

    @Test
    void deletedRecordsComeWithIsDeletedAndHiddenOnesDoNotComeAtAll() throws Exception {
        addOpportunity(1, 0);
        addOpportunity(2, 0);
        addOpportunity(3, 0);
        salesforce.deleteRecord(opportunity(2));
        salesforce.hideFromIntegrationUser(opportunity(3));

        QueryResult result = client.queryAll(session, SELECT + in(List.of(opportunity(1), opportunity(2), opportunity(3), opportunity(4))));

        Map<String, Boolean> deletedById = result.records().stream().collect(Collectors.toMap(r -> r.get("Id").asText(),
                r -> r.get("IsDeleted").asBoolean()));
        assertEquals(Map.of(opportunity(1), false, opportunity(2), true), deletedById);
        assertTrue(result.records().getFirst().get("OpportunityLineItems").isNull(), "no products: the child relationship is null");
    }

    @Test
    void aRecordPrivateToOneUsersSessionComesToThatSessionOnly() throws Exception {
        addOpportunity(1, 0);
        addOpportunity(2, 0);
        AccessToken other = AccessToken.ofSession(salesforce.instanceUrl(), new SessionId(salesforce.newSession()));
        salesforce.visibleOnlyTo(opportunity(2), session.reveal());
        String statement = SELECT + in(List.of(opportunity(1), opportunity(2)));

        assertEquals(List.of(opportunity(1), opportunity(2)), client.queryAll(session, statement).records().stream()
                .map(r -> r.get("Id").asText()).toList());
        assertEquals(List.of(opportunity(1)), client.queryAll(other, statement).records().stream().map(r -> r.get("Id").asText()).toList());
    }

    @Test
    void everyPageOfTheResultAndOfEachChildListIsRead() throws Exception {
        salesforce.queryPageSizes(2, 3);
        List<String> ids = IntStream.rangeClosed(1, 5).mapToObj(n -> addOpportunity(n, n == 4 ? 10 : 1)).toList();

        QueryResult result = client.queryAll(session, SELECT + in(ids));

        assertEquals(ids, result.records().stream().map(r -> r.get("Id").asText()).toList());
        ObjectNode many = result.records().get(3);
        assertEquals(IntStream.rangeClosed(1, 10).mapToObj(i -> TestIds.id("00k", 400L + i)).toList(), lineIds(many));
        assertTrue(many.path("OpportunityLineItems").path("done").asBoolean());
        assertFalse(many.path("OpportunityLineItems").has("nextRecordsUrl"));
        // 3 pages of records (2 + 2 + 1), and 3 more pages of the 10 line items (3 + 3 + 3 + 1)
        assertEquals(6, result.calls());
        assertEquals(6, salesforce.queryCalls());
    }

    @Test
    void theLongestStatementThatFitsOneCallIsAnsweredAndOneIdMoreDoesNotFit() throws Exception {
        List<String> ids = new ArrayList<>();
        while (client.fitsOneQuery(SELECT + in(ids.isEmpty() ? List.of(opportunity(1)) : ids))) {
            ids.add(opportunity(ids.size() + 1));
        }
        List<String> fitting = ids.subList(0, ids.size() - 1);
        assertTrue(fitting.size() > 400, "hundreds of IDs per query: " + fitting.size());

        QueryResult result = client.queryAll(session, SELECT + in(fitting));

        assertEquals(0, result.records().size(), "answered, not 414: none of them exists");
        assertThrows(IllegalArgumentException.class, () -> client.queryAll(session, SELECT + in(ids)));
        assertEquals(1, salesforce.apiCalls(), "a statement that does not fit is not sent");
    }

    @Test
    void failuresAreClassifiedAsTheWritesAre() {
        addOpportunity(1, 0);
        String soql = SELECT + in(List.of(opportunity(1)));

        salesforce.failNextCalls(1, 403, "REQUEST_LIMIT_EXCEEDED");
        assertEquals(Kind.LIMIT_EXCEEDED, assertThrows(SalesforceException.class, () -> client.queryAll(session, soql)).kind());

        salesforce.failNextCalls(3, 503, null);
        SalesforceException unavailable = assertThrows(SalesforceException.class, () -> client.queryAll(session, soql));
        assertEquals(Kind.RETRYABLE, unavailable.kind());
        assertEquals(503, unavailable.status());
        assertEquals(2, pauses.size(), "three attempts, two pauses");

        SalesforceException refused = assertThrows(SalesforceException.class, () -> client.queryAll(
                AccessToken.ofSession(salesforce.instanceUrl(), new SessionId(TestIds.ORG.substring(0, 15) + "!expired")), soql));
        assertEquals(Kind.SESSION_INVALID, refused.kind());

        HttpSalesforceClient wrongVersion = new HttpSalesforceClient(SalesforceHttp.create(Duration.ofSeconds(2), Duration.ofSeconds(5),
                new Retry(1, BackoffStrategy.retryImmediately(), pauses::add)), "99.0");
        assertEquals(Kind.CONFIGURATION, assertThrows(SalesforceException.class, () -> wrongVersion.queryAll(session, soql)).kind());
    }

    @Test
    void theSimulatorsQueryLeavesDeletedRecordsOutAndItRefusesAUriLongerThanTheRestApiTakes() throws Exception {
        addOpportunity(1, 0);
        addOpportunity(2, 0);
        salesforce.deleteRecord(opportunity(2));
        HttpClient http = HttpClient.newHttpClient();

        JsonNode query = new ObjectMapper().readTree(get(http, "/services/data/v62.0/query?q="
                + URLEncoder.encode(SELECT + in(List.of(opportunity(1), opportunity(2))), StandardCharsets.UTF_8)).body());
        assertEquals(1, query.get("totalSize").asInt(), "query, unlike queryAll, does not see the recycle bin");
        assertEquals(opportunity(1), query.get("records").get(0).get("Id").asText());

        String tooLong = SELECT + in(IntStream.rangeClosed(1, 700).mapToObj(QueryAllTest::opportunity).toList());
        assertEquals(414, get(http, "/services/data/v62.0/queryAll?q=" + URLEncoder.encode(tooLong, StandardCharsets.UTF_8)).statusCode());
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://attacker.example/services/data/v62.0/query/01g-2", "//attacker.example/services/data/v62.0/query/01g-2",
            "/services/data//attacker.example/x", ""})
    void aNextRecordsUrlOffTheInstancesRestApiIsNotFollowedAndTheTokenGoesNowhereElse(String next) throws Exception {
        List<String> requests = new CopyOnWriteArrayList<>();
        HttpServer org = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        org.createContext("/", exchange -> {
            requests.add(exchange.getRequestURI().getPath());
            byte[] page = ("{\"totalSize\":2,\"done\":false,\"records\":[],\"nextRecordsUrl\":\"" + next + "\"}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, page.length);
            exchange.getResponseBody().write(page);
            exchange.close();
        });
        org.start();
        try {
            AccessToken token = new AccessToken(URI.create("http://127.0.0.1:" + org.getAddress().getPort()), "00D!token", AccessToken.Source.OAUTH);

            SalesforceException e = assertThrows(SalesforceException.class, () -> client.queryAll(token, SELECT + in(List.of(opportunity(1)))));

            assertEquals(Kind.RETRYABLE, e.kind());
            assertEquals(List.of("/services/data/v62.0/queryAll"), requests, "the first page only");
        } finally {
            org.stop(0);
        }
    }

    private HttpResponse<String> get(HttpClient http, String pathAndQuery) throws Exception {
        return http.send(HttpRequest.newBuilder(salesforce.instanceUrl().resolve(pathAndQuery))
                .header("Authorization", "Bearer " + session.reveal()).GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
