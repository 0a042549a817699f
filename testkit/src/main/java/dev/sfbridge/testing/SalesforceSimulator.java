package dev.sfbridge.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import dev.sfbridge.model.SalesforceIds;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.interfaces.RSAPublicKey;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One Salesforce org on a loopback port, with real state: records and their fields, live and expired
 * sessions, connected apps, the org's API usage. It serves what sfbridge calls, the way
 * docs/callbacks.md describes Salesforce:
 * <ul>
 *   <li>{@code PATCH /services/data/vXX.X/sobjects/{type}/{id}} → 204, or an error array with 400/404/409;</li>
 *   <li>{@code PATCH /services/data/vXX.X/composite/sobjects} ({@code allOrNone: false}, at most 200 records)
 *       → 200 with {@code id, success, errors[]} per record in request order;</li>
 *   <li>{@code POST /services/data/vXX.X/composite/sobjects} of platform events ({@code …__e}, {@code allOrNone: false},
 *       at most 200) → 200 with a SaveResult per event: {@code success: true} and an {@code OPERATION_ENQUEUED} entry
 *       in {@code errors}, as Salesforce answers for high-volume events; the events are kept ({@link #publishedEvents}).
 *       Publishing can fail on demand: the whole call ({@link #failNextPublishCalls}), single events
 *       ({@link #refuseNextEvents}), or by not answering until released ({@link #holdPublishes});</li>
 *   <li>{@code GET /services/oauth2/userinfo}: the bearer's user and org ({@code user_id}, {@code organization_id},
 *       {@code urls}; the user is {@link #INTEGRATION_USER} unless the session is another's, {@link #newSessionOf}), 403 {@code Bad_OAuth_Token} for a bearer it does not take; answers on demand late
 *       ({@link #delayUserInfo}) or failing ({@link #failNextUserInfo});</li>
 *   <li>{@code POST /services/oauth2/token}: the JWT bearer flow, verifying the assertion (RS256 signature
 *       with the registered key, {@code iss}, {@code sub}, {@code aud} = {@link #loginUrl()}, {@code exp} in
 *       the future and at most 3 minutes ahead), and the client credentials flow;</li>
 *   <li>404 {@code NOT_FOUND} "The requested resource does not exist" for an API version it does not serve
 *       (31.0 to 66.0, as the Versions resource would list them),
 *       and for a single-record PATCH of a record it does not have: the same answer for both, as Salesforce gives;</li>
 *   <li>401 {@code INVALID_SESSION_ID} for an expired or unknown bearer; 403 {@code REQUEST_LIMIT_EXCEEDED}
 *       once usage reaches {@link #apiLimit(int)}; failures on demand ({@link #failNextCalls}); the
 *       {@code Sforce-Limit-Info: api-usage=N/M} header on every authorised answer;</li>
 *   <li>the validation rule {@code SFBridge_No_Older_ERP_Status} of salesforce/: a write setting
 *       {@value #STATUS_CHANGED_AT} older than the record's, or {@value #STATUS_CHANGED_AT_MS} smaller than (or blank
 *       instead of) the record's, fails with {@code FIELD_CUSTOM_VALIDATION_EXCEPTION};
 *       writes can be held back on demand ({@link #holdWrite}).</li>
 *   <li>the field types of salesforce/ ({@link SimulatedFieldTypes}): a DateTime value with more than three fraction
 *       digits, or a Number value that is not a number, refuses the whole request (400 {@code JSON_PARSER_ERROR}), a
 *       value longer than its Text field the record or event ({@code STRING_TOO_LONG}), a number with more digits than
 *       its Number field the record ({@code NUMBER_OUTSIDE_VALID_RANGE}); DateTime values are held, and compared by the
 *       rule, to the second.</li>
 *   <li>{@code GET /services/data/vXX.X/query?q=…} and {@code …/queryAll?q=…}: the SOQL the order worker sends
 *       ({@link SimulatedQueries}), over the records with their fields ({@link #putFields}) and line items
 *       ({@link #addLineItem}); records in the recycle bin are returned by queryAll only, records hidden from the
 *       integration user ({@link #hideFromIntegrationUser}) never, records private to some sessions' users
 *       ({@link #visibleOnlyTo}) to those bearers only; pages of {@link #queryPageSizes} records;</li>
 *   <li>414 URI Too Long for a request whose URI is longer than the REST API's 16,384 bytes.</li>
 * </ul>
 * It counts API calls (every request to {@code /services/data}, refused ones included), query calls (pages
 * included), UserInfo requests and token requests.
 */
public final class SalesforceSimulator implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern SINGLE = Pattern.compile("/services/data/v\\d+\\.\\d/sobjects/(\\w+)/(\\w+)");
    private static final Pattern COLLECTION = Pattern.compile("/services/data/v\\d+\\.\\d/composite/sobjects");
    private static final Pattern VERSION = Pattern.compile("/services/data/v(\\d+\\.\\d)(/.*)?");
    private static final Pattern QUERY = Pattern.compile("/services/data/v(\\d+\\.\\d)/(query|queryAll)");
    private static final Pattern QUERY_PAGE = Pattern.compile("/services/data/v(\\d+\\.\\d)/(?:query|queryAll)/([\\w-]+)");
    /** The REST API's limit on a request's URI (and headers): 414 beyond it. */
    private static final int MAX_URI_BYTES = 16_384;
    private static final double OLDEST_API_VERSION = 31.0;
    private static final double NEWEST_API_VERSION = 66.0;
    private static final String RESOURCE_NOT_FOUND = "The requested resource does not exist";
    private static final Duration MAX_JWT_LIFETIME = Duration.ofMinutes(3);
    private static final int MAX_COLLECTION = 200;
    /** The field the org's validation rule {@code SFBridge_No_Older_ERP_Status} guards (salesforce/, docs/callbacks.md). */
    public static final String STATUS_CHANGED_AT = "ERP_Status_Changed_At__c";
    /** The same time in epoch milliseconds, which that rule orders two statuses within one second by. */
    public static final String STATUS_CHANGED_AT_MS = "ERP_Status_Changed_At_Ms__c";
    /** The user the org's sessions and tokens are of: its outbound messages' "User to send as". */
    public static final String INTEGRATION_USER = TestIds.id("005", 1);
    /** That rule's error message, as the org answers it with {@code FIELD_CUSTOM_VALIDATION_EXCEPTION}. */
    public static final String STALE_STATUS_MESSAGE = "SFBRIDGE_STALE_STATUS: the record holds a newer ERP status";

    private final String organizationId;
    private final Clock clock;
    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

    private final Map<String, Record> records = new ConcurrentHashMap<>();
    private final Set<String> liveBearers = ConcurrentHashMap.newKeySet();
    private final Set<String> expiringOnUserInfo = ConcurrentHashMap.newKeySet();
    /** The sessions of users other than {@link #INTEGRATION_USER}, and whose they are. */
    private final Map<String, String> otherUsersSessions = new ConcurrentHashMap<>();
    private final Deque<Integer> injectedUserInfoFailures = new ArrayDeque<>();
    private volatile Duration userInfoDelay = Duration.ZERO;
    private final AtomicInteger userInfoRequests = new AtomicInteger();
    private final List<String> issuedTokens = new CopyOnWriteArrayList<>();
    private final Map<String, JwtApp> jwtApps = new ConcurrentHashMap<>();
    private final Map<String, String> clientSecrets = new ConcurrentHashMap<>();
    private final Deque<InjectedFailure> injectedFailures = new ArrayDeque<>();
    private final Map<String, CountDownLatch> heldWrites = new ConcurrentHashMap<>();
    private final List<PublishedEvent> publishedEvents = new CopyOnWriteArrayList<>();
    private final Deque<InjectedFailure> injectedPublishFailures = new ArrayDeque<>();
    private final Deque<String[]> eventRefusals = new ArrayDeque<>();
    private volatile CountDownLatch publishRelease;

    private final SimulatedQueries queries = new SimulatedQueries();
    private final AtomicInteger apiCalls = new AtomicInteger();
    private final AtomicInteger queryCalls = new AtomicInteger();
    private final AtomicInteger collectionCalls = new AtomicInteger();
    private final AtomicInteger recordCalls = new AtomicInteger();
    private final AtomicInteger publishCalls = new AtomicInteger();
    private final AtomicInteger refusedCalls = new AtomicInteger();
    private final AtomicInteger tokenRequests = new AtomicInteger();
    private final AtomicInteger apiUsage = new AtomicInteger();
    private volatile int apiLimit = 15_000;

    private record JwtApp(String username, RSAPublicKey key) {}

    private record InjectedFailure(int status, String errorCode) {
        /** A failure without an error code is the HTML page a proxy in front of the org shows. */
        Answer answer() {
            return errorCode == null
                    ? new Answer(status, "<html><body>Service Unavailable</body></html>", Map.of("Content-Type", "text/html"))
                    : Answer.json(status, List.of(error(errorCode, "injected by the simulator")));
        }
    }

    /** A platform event message the org accepted: its event type and fields. */
    public record PublishedEvent(String type, Map<String, String> fields) {}

    private static final class Record {
        final String type;
        final Map<String, String> fields = new ConcurrentHashMap<>();
        final List<LineItem> lineItems = new CopyOnWriteArrayList<>();
        /** The writes that set {@link #STATUS_CHANGED_AT}, as applied, in order. */
        final List<Map<String, String>> statusWrites = new CopyOnWriteArrayList<>();
        volatile boolean deleted;
        volatile boolean hidden;
        /** The bearers whose users may see the record; empty: every user. */
        final Set<String> readers = ConcurrentHashMap.newKeySet();
        volatile String failCode;
        volatile String failMessage;
        int failuresLeft;

        Record(String type) {
            this.type = type;
        }
    }

    /** An Opportunity's product (an OpportunityLineItem): its total is quantity times unit price. */
    public record LineItem(String id, String productCode, String productName, BigDecimal quantity, BigDecimal unitPrice) {
        public BigDecimal totalPrice() {
            return quantity.multiply(unitPrice);
        }
    }

    public SalesforceSimulator() {
        this(TestIds.ORG, Clock.systemUTC());
    }

    /** @param clock what the token endpoint checks a JWT's {@code exp} against */
    public SalesforceSimulator(String organizationId, Clock clock) {
        this.organizationId = organizationId;
        this.clock = clock;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 256);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/services/data/", exchange -> serve(exchange, this::api));
        server.createContext("/services/oauth2/token", exchange -> serve(exchange, this::token));
        server.createContext("/services/oauth2/userinfo", exchange -> serve(exchange, this::userInfo));
        server.setExecutor(executor);
        server.start();
    }

    /** Where the org's REST API is: {@code http://127.0.0.1:<port>}. */
    public URI instanceUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Where tokens are asked for: the same server, as a My Domain login URL is; also the JWT's expected audience. */
    public URI loginUrl() {
        return instanceUrl();
    }

    public String organizationId() {
        return organizationId;
    }

    // --- credentials ---

    /** A new live session ID, as an outbound message carries one. */
    public String newSession() {
        String session = organizationId.substring(0, 15) + "!AQ" + UUID.randomUUID().toString().replace("-", "");
        liveBearers.add(session);
        return session;
    }

    /** A new live session of another user of the org: one any API user could take and post a message with. */
    public String newSessionOf(String userId) {
        String session = newSession();
        otherUsersSessions.put(session, userId);
        return session;
    }

    /** A bearer this org takes whatever its text, as another user's session ({@link #newSessionOf}). */
    public void acceptBearer(String bearer, String userId) {
        acceptBearer(bearer);
        otherUsersSessions.put(bearer, userId);
    }

    /**
     * A bearer this org takes whatever its text: what a forger who had one of the org's sessions, or the org
     * itself, could make of a string that does not look like its sessions.
     */
    public void acceptBearer(String bearer) {
        liveBearers.add(bearer);
    }

    /**
     * The session answers the UserInfo request that checks it, then stops working: as one does that times out
     * between the delivery of its outbound message and the callbacks.
     */
    public void expireAfterUserInfo(String session) {
        expiringOnUserInfo.add(session);
    }

    /** The session or token stops working: calls with it get 401 INVALID_SESSION_ID. */
    public void expire(String bearer) {
        liveBearers.remove(bearer);
    }

    /** Every OAuth access token issued so far stops working. */
    public void expireTokens() {
        issuedTokens.forEach(liveBearers::remove);
    }

    /** Every access token issued, for checks that none of them reached a log. */
    public List<String> issuedTokens() {
        return List.copyOf(issuedTokens);
    }

    /** A connected app whose certificate holds {@code key}, pre-authorised for {@code username}. */
    public void trustJwtBearer(String consumerKey, String username, RSAPublicKey key) {
        jwtApps.put(consumerKey, new JwtApp(username, key));
    }

    /** A connected app with the client credentials flow enabled. */
    public void trustClientCredentials(String consumerKey, String consumerSecret) {
        clientSecrets.put(consumerKey, consumerSecret);
    }

    // --- records ---

    public void addRecord(String objectType, String id) {
        records.put(SalesforceIds.to18(id), new Record(objectType));
    }

    /** The record's fields as written so far (empty if never written). */
    public Map<String, String> fields(String id) {
        return Map.copyOf(record(id).fields);
    }

    /**
     * The writes to the record that set its ERP status's time ({@value #STATUS_CHANGED_AT}), each with the fields it
     * wrote, in the order the org applied them: the record's status history. Writes its validation rule refused are not among them.
     */
    public List<Map<String, String>> statusWrites(String id) {
        return List.copyOf(record(id).statusWrites);
    }

    /** The record's fields as a user changed them: a query returns them (set SystemModstamp along, as Salesforce does). */
    public void putFields(String id, Map<String, String> fields) {
        record(id).fields.putAll(fields);
    }

    /** A product on the Opportunity: its line items come back with it, in the order added. */
    public void addLineItem(String opportunityId, LineItem item) {
        record(opportunityId).lineItems.add(item);
    }

    /** The Opportunity's products, in the order added: what a query returns as its line items. */
    public List<LineItem> lineItems(String opportunityId) {
        return List.copyOf(record(opportunityId).lineItems);
    }

    /** The Opportunity's products all removed (a user edits the opportunity's products). */
    public void clearLineItems(String opportunityId) {
        record(opportunityId).lineItems.clear();
    }

    /** The integration user loses access to the record (sharing): no query returns it. */
    public void hideFromIntegrationUser(String id) {
        record(id).hidden = true;
    }

    /**
     * The record is private to the users of these sessions (an owner's record under a private sharing model): a
     * query with any other bearer, OAuth tokens included, does not return it.
     */
    public void visibleOnlyTo(String id, String... bearers) {
        record(id).readers.addAll(List.of(bearers));
    }

    /** At most {@code records} records in a page of a query's result, and {@code childRows} rows in a page of a child list. */
    public void queryPageSizes(int records, int childRows) {
        queries.pageSizes(records, childRows);
    }

    /** The record goes to the recycle bin: writes get ENTITY_IS_DELETED, queryAll returns it with IsDeleted. */
    public void deleteRecord(String id) {
        record(id).deleted = true;
    }

    /**
     * The next {@code times} writes of the record fail with this error, as a validation rule or a row lock makes them;
     * with a null {@code errorCode}, without any error: a collection's entry {@code {"success": false, "errors": []}}.
     */
    public void failRecord(String id, String errorCode, String message, int times) {
        Record record = record(id);
        synchronized (record) {
            record.failCode = errorCode;
            record.failMessage = message;
            record.failuresLeft = times;
        }
    }

    /**
     * A write of the record that sets {@value #STATUS_CHANGED_AT} to {@code statusChangedAt} waits for
     * {@code release} (30 s at most) before it is applied: the slow write of one status while another goes through.
     */
    public void holdWrite(String id, Instant statusChangedAt, CountDownLatch release) {
        heldWrites.put(SalesforceIds.to18(id) + "@" + statusChangedAt, release);
    }

    // --- platform events ---

    /** Every platform event message accepted so far, in the order accepted. */
    public List<PublishedEvent> publishedEvents() {
        return List.copyOf(publishedEvents);
    }

    /** Publish calls ({@code POST …/composite/sobjects}) made, refused ones included; each is also an API call. */
    public int publishCalls() {
        return publishCalls.get();
    }

    /** The next {@code count} publish calls are answered {@code status} with {@code errorCode} (null: a proxy's HTML page). */
    public synchronized void failNextPublishCalls(int count, int status, String errorCode) {
        for (int i = 0; i < count; i++) {
            injectedPublishFailures.add(new InjectedFailure(status, errorCode));
        }
    }

    /** The next {@code count} events are refused one by one with this status code ({@code LIMIT_EXCEEDED}, say). */
    public synchronized void refuseNextEvents(int count, String statusCode, String message) {
        for (int i = 0; i < count; i++) {
            eventRefusals.add(new String[] {statusCode, message});
        }
    }

    /** Publish calls are answered only once {@code release} is counted down (30 s at most): a slow event bus. */
    public void holdPublishes(CountDownLatch release) {
        publishRelease = release;
    }

    // --- the platform ---

    /** The next {@code count} API calls are answered {@code status} with {@code errorCode}, before anything else happens. */
    public synchronized void failNextCalls(int count, int status, String errorCode) {
        for (int i = 0; i < count; i++) {
            injectedFailures.add(new InjectedFailure(status, errorCode));
        }
    }

    /** The next {@code count} UserInfo requests are answered {@code status} (a 5xx: the HTML page of a proxy). */
    public synchronized void failNextUserInfo(int count, int status) {
        for (int i = 0; i < count; i++) {
            injectedUserInfoFailures.add(status);
        }
    }

    /** UserInfo answers come this much later than asked for: Duration.ZERO for at once. */
    public void delayUserInfo(Duration delay) {
        userInfoDelay = delay;
    }

    public int userInfoRequests() {
        return userInfoRequests.get();
    }

    /** The org's 24-hour API limit: once usage reaches it, calls get 403 REQUEST_LIMIT_EXCEEDED. */
    public void apiLimit(int limit) {
        apiLimit = limit;
    }

    public int apiCalls() {
        return apiCalls.get();
    }

    /** Query calls: first pages and the further pages of results and child lists alike. */
    public int queryCalls() {
        return queryCalls.get();
    }

    public int collectionCalls() {
        return collectionCalls.get();
    }

    public int recordCalls() {
        return recordCalls.get();
    }

    /** The failures {@link #failNextCalls} injected that no API call has met yet. */
    public synchronized int injectedFailuresLeft() {
        return injectedFailures.size();
    }

    /** API calls answered 401 INVALID_SESSION_ID. */
    public int refusedCalls() {
        return refusedCalls.get();
    }

    public int tokenRequests() {
        return tokenRequests.get();
    }

    // --- other APIs of the org, served beside this one (BulkApiSimulator) ---

    /** Serves {@code handler} under {@code path} on this org's server: another API of the same org, at the same instance URL. */
    public void mount(String path, HttpHandler handler) {
        server.createContext(path, handler);
    }

    /** Whether this org takes the {@code Authorization} header's bearer now: a live session or an unexpired token. */
    public boolean takesBearer(String authorization) {
        return authorization != null && authorization.startsWith("Bearer ") && liveBearers.contains(authorization.substring(7));
    }

    @Override
    public void close() {
        server.stop(0);
        executor.close();
    }

    // --- serving ---

    private record Answer(int status, String body, Map<String, String> headers) {
        static Answer json(int status, Object body) {
            try {
                return new Answer(status, JSON.writeValueAsString(body), Map.of("Content-Type", "application/json;charset=UTF-8"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        Answer withHeader(String name, String value) {
            Map<String, String> all = new HashMap<>(headers);
            all.put(name, value);
            return new Answer(status, body, all);
        }
    }

    @FunctionalInterface
    private interface Route {
        Answer answer(HttpExchange exchange, String body) throws IOException;
    }

    private static void serve(HttpExchange exchange, Route route) throws IOException {
        try (exchange; InputStream in = exchange.getRequestBody()) {
            Answer answer;
            try {
                answer = route.answer(exchange, new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (RuntimeException e) {
                answer = Answer.json(500, List.of(error("UNKNOWN_EXCEPTION", "simulator: " + e)));
            }
            answer.headers().forEach(exchange.getResponseHeaders()::add);
            if (answer.body() == null) {
                exchange.sendResponseHeaders(answer.status(), -1);
                return;
            }
            byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(answer.status(), bytes.length);
            exchange.getResponseBody().write(bytes);
        }
    }

    private Answer api(HttpExchange exchange, String body) throws IOException {
        apiCalls.incrementAndGet();
        InjectedFailure injected = next(injectedFailures);
        if (injected != null) {
            return injected.answer();
        }
        if (exchange.getRequestURI().toString().length() > MAX_URI_BYTES) {
            return new Answer(414, "<html><body>URI Too Long</body></html>", Map.of("Content-Type", "text/html"));
        }
        if (!servesVersionOf(exchange.getRequestURI().getPath())) {
            return Answer.json(404, List.of(error("NOT_FOUND", RESOURCE_NOT_FOUND)));
        }
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        if (authorization == null || !authorization.startsWith("Bearer ") || !liveBearers.contains(authorization.substring(7))) {
            refusedCalls.incrementAndGet();
            return Answer.json(401, List.of(error("INVALID_SESSION_ID", "Session expired or invalid")));
        }
        if (apiUsage.get() >= apiLimit) {
            return Answer.json(403, List.of(error("REQUEST_LIMIT_EXCEEDED", "TotalRequests Limit exceeded.")));
        }
        String usage = "api-usage=" + apiUsage.incrementAndGet() + "/" + apiLimit;
        String path = exchange.getRequestURI().getPath();
        if ("POST".equals(exchange.getRequestMethod()) && COLLECTION.matcher(path).matches()) {
            return publish(JSON.readTree(body)).withHeader("Sforce-Limit-Info", usage);
        }
        if ("GET".equals(exchange.getRequestMethod())) {
            return query(exchange.getRequestURI(), authorization.substring(7)).withHeader("Sforce-Limit-Info", usage);
        }
        if (!"PATCH".equals(exchange.getRequestMethod())) {
            return Answer.json(405, List.of(error("METHOD_NOT_ALLOWED", "simulator serves GET, PATCH, and POST of platform events only")));
        }
        Matcher single = SINGLE.matcher(path);
        if (single.matches()) {
            recordCalls.incrementAndGet();
            return updateOne(single.group(1), single.group(2), JSON.readTree(body)).withHeader("Sforce-Limit-Info", usage);
        }
        if (COLLECTION.matcher(path).matches()) {
            collectionCalls.incrementAndGet();
            return updateCollection(JSON.readTree(body)).withHeader("Sforce-Limit-Info", usage);
        }
        return Answer.json(404, List.of(error("NOT_FOUND", RESOURCE_NOT_FOUND)));
    }

    /** @param bearer the caller's session or token: what its user may see is what the query returns */
    private Answer query(URI uri, String bearer) {
        queryCalls.incrementAndGet();
        Matcher first = QUERY.matcher(uri.getPath());
        Matcher next = QUERY_PAGE.matcher(uri.getPath());
        try {
            if (first.matches()) {
                String soql = form(uri.getRawQuery() == null ? "" : uri.getRawQuery()).get("q");
                if (soql == null) {
                    return Answer.json(400, List.of(error("MALFORMED_QUERY", "no q parameter")));
                }
                return Answer.json(200, queries.query(first.group(1), soql, "queryAll".equals(first.group(2)), id -> queried(id, bearer)));
            }
            if (next.matches()) {
                return Answer.json(200, queries.next(next.group(1), next.group(2)));
            }
        } catch (SimulatedQueries.Refused e) {
            return Answer.json(e.status, List.of(error(e.errorCode, e.getMessage())));
        }
        return Answer.json(404, List.of(error("NOT_FOUND", RESOURCE_NOT_FOUND)));
    }

    private SimulatedQueries.Row queried(String id, String bearer) {
        Record record = records.get(id);
        return record == null ? null : new SimulatedQueries.Row(record.type, Map.copyOf(record.fields), record.deleted,
                record.hidden || !record.readers.isEmpty() && !record.readers.contains(bearer), List.copyOf(record.lineItems));
    }

    private static boolean servesVersionOf(String path) {
        Matcher version = VERSION.matcher(path);
        if (!version.matches()) {
            return false;
        }
        double served = Double.parseDouble(version.group(1));
        return served >= OLDEST_API_VERSION && served <= NEWEST_API_VERSION;
    }

    private Answer updateOne(String type, String id, JsonNode fields) {
        String unreadable = SimulatedFieldTypes.unreadable(type, fields);
        if (unreadable != null) {
            return unreadable(unreadable);
        }
        ObjectNode error = write(type, id, fields);
        if (error == null) {
            return new Answer(204, null, Map.of());
        }
        if (error == NO_ERROR) {
            return Answer.json(400, List.of());
        }
        String code = error.get("statusCode").asText();
        // a record it does not have is the resource the path names: the answer for a path it does not serve
        String message = code.equals("NOT_FOUND") ? RESOURCE_NOT_FOUND : error.get("message").asText();
        ObjectNode rest = JSON.createObjectNode().put("errorCode", code).put("message", message);
        rest.set("fields", error.get("fields"));
        int status = switch (code) {
            case "NOT_FOUND", "ENTITY_IS_DELETED" -> 404;
            case "UNABLE_TO_LOCK_ROW" -> 409;
            default -> 400;
        };
        return Answer.json(status, List.of(rest));
    }

    private Answer updateCollection(JsonNode request) {
        Answer refused = refusedCollection(request);
        if (refused != null) {
            return refused;
        }
        JsonNode records = request.path("records");
        ArrayNode results = JSON.createArrayNode();
        for (JsonNode record : records) {
            ObjectNode fields = record.deepCopy();
            fields.remove(List.of("attributes", "id"));
            String id = record.path("id").asText();
            ObjectNode error = write(record.path("attributes").path("type").asText(), id, fields);
            ObjectNode result = results.addObject();
            if (error == null) {
                result.put("id", id).put("success", true).putArray("errors");
            } else if (error == NO_ERROR) {
                result.put("success", false).putArray("errors");
            } else {
                result.put("success", false).putArray("errors").add(error);
            }
        }
        return Answer.json(200, results);
    }

    /** The next failure injected on demand, or null: the deques are filled and drained under the simulator's lock. */
    private synchronized <T> T next(Deque<T> injected) {
        return injected.poll();
    }

    /** What Salesforce answers for a collection it does not take as a whole; null when it takes it. */
    private static Answer refusedCollection(JsonNode request) {
        if (request.path("allOrNone").asBoolean(false)) {
            return Answer.json(400, List.of(error("INVALID_FIELD", "simulator serves allOrNone false only")));
        }
        if (request.path("records").size() > MAX_COLLECTION) {
            return Answer.json(400, List.of(error("EXCEEDED_ID_LIMIT", "record limit reached. cannot submit more than 200 records into this call")));
        }
        for (JsonNode record : request.path("records")) {
            String unreadable = SimulatedFieldTypes.unreadable(record.path("attributes").path("type").asText(), record);
            if (unreadable != null) {
                return unreadable(unreadable);
            }
        }
        return null;
    }

    /** A DateTime or Number value the JSON parser cannot read as one: it refuses the whole request. */
    private static Answer unreadable(String message) {
        return Answer.json(400, List.of(error("JSON_PARSER_ERROR", message)));
    }

    /** sObject Collections' create, for platform events: each event accepted (and kept) or refused on its own. */
    private Answer publish(JsonNode request) {
        publishCalls.incrementAndGet();
        InjectedFailure injected = next(injectedPublishFailures);
        if (injected != null) {
            return injected.answer();
        }
        Answer refused = refusedCollection(request);
        if (refused != null) {
            return refused;
        }
        awaitRelease(publishRelease);
        ArrayNode results = JSON.createArrayNode();
        for (JsonNode record : request.path("records")) {
            String type = record.path("attributes").path("type").asText();
            String[] refusal = next(eventRefusals);
            ObjectNode result = results.addObject();
            String tooLong = SimulatedFieldTypes.tooLong(type, record);
            if (!type.endsWith("__e")) {
                result.put("success", false).putArray("errors").add(collectionError("INVALID_TYPE", "simulator creates platform events only: " + type));
            } else if (tooLong != null) {
                result.put("success", false).putArray("errors").add(stringTooLong(type, tooLong, record));
            } else if (refusal != null) {
                result.put("success", false).putArray("errors").add(collectionError(refusal[0], refusal[1]));
            } else {
                Map<String, String> fields = new HashMap<>();
                record.fields().forEachRemaining(f -> {
                    if (!f.getKey().equals("attributes")) {
                        fields.put(f.getKey(), f.getValue().asText());
                    }
                });
                publishedEvents.add(new PublishedEvent(type, Map.copyOf(fields)));
                // high-volume events are queued and published asynchronously: success, with OPERATION_ENQUEUED and the event's UUID
                result.put("id", "e00000000000001AAA").put("success", true).putArray("errors")
                        .add(collectionError("OPERATION_ENQUEUED", UUID.randomUUID().toString()));
            }
        }
        return Answer.json(200, results);
    }

    /** A failed write that Salesforce reports without an error ({@link #failRecord} with a null code). */
    private static final ObjectNode NO_ERROR = JSON.createObjectNode();

    /** Applies the write, or answers the error a collection would report for it: {statusCode, message, fields}. */
    private ObjectNode write(String type, String id, JsonNode fields) {
        Record record = SalesforceIds.isValid(id) ? records.get(SalesforceIds.to18(id)) : null;
        if (record == null || !record.type.equals(type)) {
            return collectionError("NOT_FOUND", "Provided external ID field does not exist or is not accessible: " + id);
        }
        if (record.deleted) {
            return collectionError("ENTITY_IS_DELETED", "entity is deleted");
        }
        awaitRelease(heldWrites.get(SalesforceIds.to18(id) + "@" + fields.path(STATUS_CHANGED_AT).asText()));
        synchronized (record) {
            if (record.failuresLeft > 0) {
                record.failuresLeft--;
                return record.failCode == null ? NO_ERROR : collectionError(record.failCode, record.failMessage);
            }
            String tooLong = SimulatedFieldTypes.tooLong(type, fields);
            if (tooLong != null) {
                return stringTooLong(type, tooLong, fields);
            }
            String outOfRange = SimulatedFieldTypes.outOfRange(type, fields);
            if (outOfRange != null) {
                ObjectNode error = collectionError("NUMBER_OUTSIDE_VALID_RANGE", outOfRange + ": value outside of valid range on numeric field: "
                        + fields.path(outOfRange).asText());
                ((ArrayNode) error.get("fields")).add(outOfRange);
                return error;
            }
            if (olderStatus(record, fields)) {
                ObjectNode error = collectionError("FIELD_CUSTOM_VALIDATION_EXCEPTION", STALE_STATUS_MESSAGE);
                ((ArrayNode) error.get("fields")).add(STATUS_CHANGED_AT);
                return error;
            }
            Map<String, String> written = new HashMap<>();
            fields.fields().forEachRemaining(field -> written.put(field.getKey(),
                    SimulatedFieldTypes.stored(type, field.getKey(), field.getValue().asText())));
            record.fields.putAll(written);
            if (written.containsKey(STATUS_CHANGED_AT)) {
                record.statusWrites.add(Map.copyOf(written));
            }
        }
        return null;
    }

    private static ObjectNode stringTooLong(String type, String field, JsonNode fields) {
        ObjectNode error = collectionError("STRING_TOO_LONG", "%s: data value too large: %s (max length=%d)"
                .formatted(field, fields.path(field).asText(), SimulatedFieldTypes.length(type, field)));
        ((ArrayNode) error.get("fields")).add(field);
        return error;
    }

    /**
     * The validation rule: the update sets the status's change time to one older than the record's. The org holds
     * DateTime values to the second, so two times within one second compare equal there; the milliseconds beside
     * them order those, when the record holds them (a record written before them is ordered by the DateTime alone).
     */
    private static boolean olderStatus(Record record, JsonNode fields) {
        String held = record.fields.get(STATUS_CHANGED_AT);
        JsonNode written = fields.get(STATUS_CHANGED_AT);
        String heldMs = record.fields.get(STATUS_CHANGED_AT_MS);
        JsonNode writtenMs = fields.get(STATUS_CHANGED_AT_MS);
        boolean olderSecond = held != null && written != null
                && SimulatedFieldTypes.instant(written.asText()).isBefore(SimulatedFieldTypes.instant(held));
        boolean olderMillisecond = heldMs != null && writtenMs != null
                && (writtenMs.isNull() || new BigDecimal(writtenMs.asText()).compareTo(new BigDecimal(heldMs)) < 0);
        return olderSecond || olderMillisecond;
    }

    private static void awaitRelease(CountDownLatch release) {
        if (release != null) {
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private Answer userInfo(HttpExchange exchange, String body) {
        userInfoRequests.incrementAndGet();
        Duration delay = userInfoDelay;
        if (delay.isPositive()) {
            try {
                Thread.sleep(delay);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        Integer injected;
        synchronized (this) {
            injected = injectedUserInfoFailures.poll();
        }
        if (injected != null) {
            return new Answer(injected, "<html><body>Service Unavailable</body></html>", Map.of("Content-Type", "text/html"));
        }
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        String bearer = authorization != null && authorization.startsWith("Bearer ") ? authorization.substring(7) : "";
        if (!"GET".equals(exchange.getRequestMethod()) || !liveBearers.contains(bearer)) {
            return new Answer(403, "Bad_OAuth_Token", Map.of("Content-Type", "text/plain"));
        }
        if (expiringOnUserInfo.remove(bearer)) {
            liveBearers.remove(bearer);
        }
        String userId = otherUsersSessions.getOrDefault(bearer, INTEGRATION_USER);
        String base = instanceUrl().toString();
        return Answer.json(200, Map.of("sub", loginUrl() + "/id/" + organizationId + "/" + userId,
                "user_id", userId, "organization_id", organizationId, "preferred_username", "integration@sfbridge.local",
                "urls", Map.of("enterprise", base + "/services/Soap/c/{version}/" + organizationId.substring(0, 15),
                        "partner", base + "/services/Soap/u/{version}/" + organizationId.substring(0, 15),
                        "rest", base + "/services/data/v{version}/")));
    }

    private Answer token(HttpExchange exchange, String body) {
        tokenRequests.incrementAndGet();
        if (!"POST".equals(exchange.getRequestMethod())) {
            return Answer.json(405, Map.of("error", "invalid_request", "error_description", "must use HTTP POST"));
        }
        Map<String, String> form = form(body);
        String refusal = switch (form.getOrDefault("grant_type", "")) {
            case "urn:ietf:params:oauth:grant-type:jwt-bearer" -> checkAssertion(form.get("assertion"));
            case "client_credentials" -> form.get("client_secret") != null
                    && form.get("client_secret").equals(clientSecrets.get(form.getOrDefault("client_id", "")))
                    ? null : "invalid_client:invalid client credentials";
            default -> "unsupported_grant_type:grant type not supported";
        };
        if (refusal != null) {
            String[] parts = refusal.split(":", 2);
            return Answer.json(400, Map.of("error", parts[0], "error_description", parts[1]));
        }
        String token = organizationId.substring(0, 15) + "!AR" + UUID.randomUUID().toString().replace("-", "");
        issuedTokens.add(token);
        liveBearers.add(token);
        return Answer.json(200, Map.of("access_token", token, "instance_url", instanceUrl().toString(),
                "token_type", "Bearer", "scope", "api",
                "id", loginUrl() + "/id/" + organizationId + "/005000000000001AAA",
                "issued_at", Long.toString(clock.millis())));
    }

    /** Null when the assertion is good; else {@code error:description} as Salesforce words them. */
    private String checkAssertion(String assertion) {
        SignedJWT jwt;
        JWTClaimsSet claims;
        try {
            jwt = SignedJWT.parse(assertion == null ? "" : assertion);
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            return "invalid_grant:invalid assertion";
        }
        JwtApp app = claims.getIssuer() == null ? null : jwtApps.get(claims.getIssuer());
        if (app == null) {
            return "invalid_client_id:client identifier invalid";
        }
        try {
            if (!JWSAlgorithm.RS256.equals(jwt.getHeader().getAlgorithm()) || !jwt.verify(new RSASSAVerifier(app.key()))) {
                return "invalid_grant:invalid assertion";
            }
        } catch (JOSEException e) {
            return "invalid_grant:invalid assertion";
        }
        if (!app.username().equals(claims.getSubject())) {
            return "invalid_grant:user hasn't approved this consumer";
        }
        if (claims.getAudience() == null || !claims.getAudience().contains(loginUrl().toString())) {
            return "invalid_grant:audience is invalid";
        }
        Instant now = clock.instant();
        if (claims.getExpirationTime() == null || !claims.getExpirationTime().toInstant().isAfter(now)
                || claims.getExpirationTime().toInstant().isAfter(now.plus(MAX_JWT_LIFETIME))) {
            return "invalid_grant:expired or too distant exp";
        }
        return null;
    }

    private Record record(String id) {
        Record record = records.get(SalesforceIds.to18(id));
        if (record == null) {
            throw new IllegalArgumentException("no record " + id + " in the simulator");
        }
        return record;
    }

    private static Map<String, String> form(String body) {
        Map<String, String> form = new HashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                form.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return form;
    }

    private static ObjectNode error(String errorCode, String message) {
        ObjectNode error = JSON.createObjectNode().put("message", message).put("errorCode", errorCode);
        error.putArray("fields");
        return error;
    }

    private static ObjectNode collectionError(String statusCode, String message) {
        ObjectNode error = JSON.createObjectNode().put("statusCode", statusCode).put("message", message);
        error.putArray("fields");
        return error;
    }
}
