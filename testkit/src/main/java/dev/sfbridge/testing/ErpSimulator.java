package dev.sfbridge.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.sfbridge.erp.ErpBilling;
import dev.sfbridge.erp.ErpSecret;
import dev.sfbridge.model.OrderLine;
import dev.sfbridge.model.OrderRequest;
import dev.sfbridge.model.QueueJson;
import dev.sfbridge.model.SalesforceIds;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The ERP's order API (docs/erp-api.md) on 127.0.0.1 and a free port, for tests and the local stack:
 * real upserts by Salesforce record ID, paged billing histories of the accounts given to it, API-key or OAuth client-credentials authentication as the ERP
 * checks it, and faults injected on demand. Thread-safe.
 */
public final class ErpSimulator implements AutoCloseable {
    /** Longest a request is held unanswered by {@link Fault#hang()} or {@link Fault#loseResponse()}; {@link #close()} ends it sooner. */
    public static final Duration HOLD_AT_MOST = Duration.ofSeconds(30);

    private static final String ORDERS = "/orders/by-salesforce-id/";
    private static final String TOKEN = "/oauth/token";
    private static final String ACCOUNTS = "/accounts/";
    private static final String CUSTOMERS = "/customers/";
    /** The billing history's page size when the request names none, and the largest it takes. */
    public static final int DEFAULT_BILLS_LIMIT = 50;
    public static final int MAX_BILLS_LIMIT = 200;
    /** The invoice change feed's path; also the key its faults are queued under ({@link #failNext(String, int, Fault)}). */
    public static final String INVOICE_CHANGES = "/invoices/changes";
    private static final int MAX_INVOICE_PAGE = 1000;
    /** The statuses an order goes through: a new one is OPEN, and only the ERP moves it on ({@link #moveOn}). */
    public static final List<String> ORDER_STATUSES = List.of("OPEN", "CONFIRMED", "SHIPPED");
    /** The exchange's attribute naming the change whose applied write it answers: a lost answer is marked on it. */
    private static final String ANSWERED_CHANGE = "sfbridge.answeredChange";

    /**
     * The order the simulator holds for one Salesforce record, with the status it answered.
     *
     * @param request the fields of the last change applied, with the lines the order holds: those of the last
     *                change that carried a list (docs/erp-api.md, "Lines"), {@code null} if none did
     */
    public record Order(String orderNumber, String status, OrderRequest request) {
        /** The order's lines: none until a change carries a list. */
        public List<OrderLine> lines() {
            return request == null || request.lines() == null ? List.of() : request.lines();
        }
    }

    /**
     * The customer the simulator holds for one Salesforce Account (docs/erp-api.md, "Customers").
     *
     * @param fields the ERP fields of the last change applied, {@code salesforceAccountId} among them; null values
     *               for fields Salesforce held none in
     */
    public record Customer(Map<String, Object> fields, boolean active, Instant sourceModifiedAt) {}

    /**
     * The ERP moved a record's order on to {@code status} at {@code changedAt}: what it posts to the order events route.
     */
    public record StatusChange(String recordId, String orderNumber, String status, Instant changedAt) {}

    /** What to do with a request instead of, or besides, handling it. */
    public sealed interface Fault {
        /** Answer this, without looking at the request. */
        record Respond(int status, Map<String, String> headers, String body) implements Fault {}

        /** Never answer (past any client timeout): the request is held until the simulator closes or {@link #HOLD_AT_MOST}. */
        record Hang() implements Fault {}

        /** Handle the request, order written, then hold the answer back like {@link Hang}: the crash case for idempotency. */
        record LoseResponse() implements Fault {}

        static Fault unavailable() {
            return new Respond(503, Map.of(), errorBody("unavailable", "the ERP is down for maintenance"));
        }

        static Fault throttled(Duration retryAfter) {
            return new Respond(429, Map.of("Retry-After", Long.toString(retryAfter.toSeconds())),
                    errorBody("too_many_requests", "slow down"));
        }

        /** A 4xx with the ERP's error body, e.g. {@code rejected(400, "validation_failed", "amount must be positive")}. */
        static Fault rejected(int status, String error, String message) {
            return new Respond(status, Map.of(), errorBody(error, message));
        }

        static Fault hang() {
            return new Hang();
        }

        static Fault loseResponse() {
            return new LoseResponse();
        }
    }

    private record Reply(int status, Map<String, String> headers, String body) {}

    /** Not an answer: the exchange is closed unanswered, which drops the connection. */
    private static final Reply NO_ANSWER = new Reply(0, Map.of(), "");

    private final HttpServer server;
    private final ExecutorService handlers = Executors.newVirtualThreadPerTaskExecutor();
    private final CountDownLatch closing = new CountDownLatch(1);
    private final URI baseUri;
    private final ErpSecret secret;
    private final Duration tokenLifetime;
    private final Map<String, Order> orders = new ConcurrentHashMap<>();
    private final Map<String, Instant> tokenExpiries = new ConcurrentHashMap<>();
    private final Queue<Fault> faults = new ArrayDeque<>();
    private final Map<String, Queue<Fault>> faultsByRecord = new HashMap<>();
    private final Map<String, CountDownLatch> heldChanges = new ConcurrentHashMap<>();
    /** The newest {@code sourceModifiedAt} applied per record; an upsert without one leaves it as it is. */
    private final Map<String, Instant> changeTimes = new HashMap<>();
    /** When each record's order was last written or moved on: a status change is stamped after both. */
    private final Map<String, Instant> lastTouched = new HashMap<>();
    /** When each order took its status: answered with every write, as its status events carry it. */
    private final Map<String, Instant> statusTimes = new HashMap<>();
    private final ErpOrderLedger ledger = new ErpOrderLedger();
    private final AbandonedAttempts attempts = new AbandonedAttempts(ledger::answerLost);
    private volatile Consumer<String> whenCreated = recordId -> { };
    private final AtomicInteger requests = new AtomicInteger();
    /** Each account's bills, newest first, as the billing history pages through them. */
    private final Map<String, List<ErpBilling.Bill>> bills = new ConcurrentHashMap<>();
    private final AtomicInteger billRequests = new AtomicInteger();
    private final AtomicInteger tokensIssued = new AtomicInteger();
    private final List<Integer> statuses = new CopyOnWriteArrayList<>();
    private final InvoiceLedger invoices = new InvoiceLedger();
    private final AtomicInteger invoiceRequests = new AtomicInteger();
    private final Map<String, Customer> customers = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> customerWrites = new ConcurrentHashMap<>();
    private final AtomicInteger customerRequests = new AtomicInteger();

    /** @param secretAt the credentials it accepts, given the simulator's own address (where its token endpoint is) */
    private ErpSimulator(Function<URI, ErpSecret> secretAt, Duration tokenLifetime) {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("the ERP simulator could not listen", e);
        }
        baseUri = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        secret = secretAt.apply(baseUri);
        this.tokenLifetime = tokenLifetime;
        server.setExecutor(handlers);
        Handler orders = recordPut(ORDERS, requests, "orders", this::order);
        Handler customers = recordPut(CUSTOMERS, customerRequests, "customers", this::customer);
        server.createContext(ORDERS, exchange -> handle(exchange, requested(orders)));
        server.createContext(ACCOUNTS, exchange -> handle(exchange, this::bills));
        server.createContext(CUSTOMERS, exchange -> handle(exchange, customers));
        server.createContext(INVOICE_CHANGES, exchange -> handle(exchange, this::invoiceChanges));
        if (secret instanceof ErpSecret.OAuthClientCredentials) {
            server.createContext(TOKEN, exchange -> handle(exchange, this::token));
        }
        server.start();
    }

    /** An ERP that wants {@code x-api-key: apiKey} on every order request. */
    public static ErpSimulator withApiKey(String apiKey) {
        return new ErpSimulator(uri -> new ErpSecret.ApiKey(apiKey), null);
    }

    /** An ERP that wants a bearer token from its own {@code /oauth/token}, which issues tokens living {@code tokenLifetime}. */
    public static ErpSimulator withOAuth(String clientId, String clientSecret, Duration tokenLifetime) {
        return new ErpSimulator(uri -> new ErpSecret.OAuthClientCredentials(uri.resolve(TOKEN), clientId, clientSecret),
                tokenLifetime);
    }

    public URI baseUri() {
        return baseUri;
    }

    /** The credentials this ERP accepts, as its Secrets Manager secret would hold them. */
    public ErpSecret secret() {
        return secret;
    }

    public Optional<Order> order(String recordId) {
        return Optional.ofNullable(orders.get(recordId));
    }

    public int ordersCreated() {
        return orders.size();
    }

    /** Each change's requests, writes, lost answers and stale refusals, and each order's statuses. */
    public ErpOrderLedger ledger() {
        return ledger;
    }

    /**
     * A client's HTTP client that tells this ERP which of its attempts it gave up on (a request timeout, a reset), so
     * that a write applied after its client stopped waiting counts as an answer lost, as the client's retry then
     * writes it again ({@link AbandonedAttempts}); without it only the faults injected here and the answers whose
     * write failed count.
     */
    public HttpClient reportingAbandonedAttempts(HttpClient real) {
        return attempts.reporting(real);
    }

    /** {@code created} is told each record whose order the ERP has just created, after the write, before its answer. */
    public ErpSimulator whenCreated(Consumer<String> created) {
        this.whenCreated = created;
        return this;
    }

    /**
     * The ERP moves the record's order on to its next status ({@link #ORDER_STATUSES}); empty when it has no order, or
     * its last status. The change is stamped, to the millisecond, after the order's last write and last move: an
     * answer to a write made before it carries an older time than this status, whatever the clocks' resolution.
     */
    public synchronized Optional<StatusChange> moveOn(String recordId) {
        Order before = orders.get(recordId);
        int next = before == null ? ORDER_STATUSES.size() : ORDER_STATUSES.indexOf(before.status()) + 1;
        if (next >= ORDER_STATUSES.size()) {
            return Optional.empty();
        }
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        Instant after = lastTouched.get(recordId).truncatedTo(ChronoUnit.MILLIS).plusMillis(1);
        Instant changedAt = now.isAfter(after) ? now : after;
        Order moved = new Order(before.orderNumber(), ORDER_STATUSES.get(next), before.request());
        orders.put(recordId, moved);
        lastTouched.put(recordId, changedAt);
        statusTimes.put(recordId, changedAt);
        ledger.status(recordId, moved.status());
        return Optional.of(new StatusChange(recordId, moved.orderNumber(), moved.status(), changedAt));
    }

    /** Order requests received, answered or not. */
    public int requests() {
        return requests.get();
    }

    /** The statuses of the answers to order requests, in order; requests held unanswered have none. */
    public List<Integer> statuses() {
        return List.copyOf(statuses);
    }

    /** Billing history requests received, answered or not. */
    public int billRequests() {
        return billRequests.get();
    }

    /** The account's billing history becomes {@code newestFirst}: the account is known from now on, even with none. */
    public ErpSimulator bills(String accountNumber, List<ErpBilling.Bill> newestFirst) {
        bills.put(accountNumber, List.copyOf(newestFirst));
        return this;
    }

    public int tokensIssued() {
        return tokensIssued.get();
    }

    /** Every token issued so far stops working, as when the ERP's admin revokes them. */
    public void revokeTokens() {
        tokenExpiries.clear();
    }

    /** The next {@code times} order or billing history requests, whatever their record or account, meet {@code fault}. */
    public synchronized ErpSimulator failNext(int times, Fault fault) {
        faults.addAll(Collections.nCopies(times, fault));
        return this;
    }

    /** The next {@code times} order requests for this record meet {@code fault}; these come before {@link #failNext(int, Fault)}'s. */
    public synchronized ErpSimulator failNext(String recordId, int times, Fault fault) {
        faultsByRecord.computeIfAbsent(recordId, id -> new ArrayDeque<>()).addAll(Collections.nCopies(times, fault));
        return this;
    }

    /** The record's faults still to come are dropped: the ERP "fixed" for it. */
    public synchronized ErpSimulator clearFaults(String recordId) {
        faultsByRecord.remove(recordId);
        return this;
    }

    /**
     * A request for this record carrying this {@code sourceModifiedAt} waits for {@code release} (or
     * {@link #HOLD_AT_MOST}) before it is handled: the slow write of one change while another of the record
     * goes through.
     */
    public ErpSimulator holdChange(String recordId, Instant sourceModifiedAt, CountDownLatch release) {
        heldChanges.put(recordId + "@" + sourceModifiedAt, release);
        return this;
    }

    /** The invoices its change feed serves: a test adds and changes them here. */
    public InvoiceLedger invoices() {
        return invoices;
    }

    /** Requests to the invoice change feed, answered or not. */
    public int invoiceRequests() {
        return invoiceRequests.get();
    }

    public Optional<Customer> customer(String salesforceAccountId) {
        return Optional.ofNullable(customers.get(salesforceAccountId));
    }

    public int customerCount() {
        return customers.size();
    }

    /** Changes applied to the Account's customer (201 and 200): one per change sent, more when one was sent twice. */
    public int customerWrites(String salesforceAccountId) {
        AtomicInteger writes = customerWrites.get(salesforceAccountId);
        return writes == null ? 0 : writes.get();
    }

    /** Customers held inactive: Accounts deleted in Salesforce. */
    public long deactivatedCustomers() {
        return customers.values().stream().filter(customer -> !customer.active()).count();
    }

    /** Customer requests received, answered or not. */
    public int customerRequests() {
        return customerRequests.get();
    }

    /** Stops listening and lets go of every held request. */
    @Override
    public void close() {
        closing.countDown();
        server.stop(0);
        handlers.close();
    }

    private Reply order(HttpExchange exchange, String recordId, Fault fault) throws IOException, InterruptedException {
        OrderRequest request;
        try {
            request = QueueJson.read(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8),
                    OrderRequest.class);
        } catch (UncheckedIOException e) {
            return new Reply(400, Map.of(), errorBody("invalid_json", "the body is not an order"));
        }
        if (!recordId.equals(request.salesforceRecordId())) {
            return new Reply(400, Map.of(), errorBody("record_id_mismatch", "salesforceRecordId differs from the path"));
        }
        CountDownLatch release = heldChanges.get(recordId + "@" + request.sourceModifiedAt());
        if (release != null) {
            release.await(HOLD_AT_MOST.toMillis(), TimeUnit.MILLISECONDS);
        }
        Reply upserted = upsert(recordId, request);
        if (upserted.status() / 100 == 2 && request.sourceModifiedAt() != null) {
            ErpOrderLedger.Change change = new ErpOrderLedger.Change(recordId, request.sourceModifiedAt());
            String attempt = exchange.getRequestHeaders().getFirst(AbandonedAttempts.HEADER);
            if (fault instanceof Fault.LoseResponse) {
                attempts.lost(attempt, change);
            } else {
                exchange.setAttribute(ANSWERED_CHANGE, change);
                attempts.applied(attempt, change);
            }
        }
        return fault instanceof Fault.LoseResponse ? hold() : upserted;
    }

    /**
     * The order requests' handler, each request noted in the ledger with its change as it arrives, before any fault
     * or check answers it: whether an older change was under way before a newer one was written is told by it.
     */
    private Handler requested(Handler orders) {
        return exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            exchange.setStreams(new ByteArrayInputStream(body), null);
            try {
                OrderRequest request = QueueJson.read(new String(body, StandardCharsets.UTF_8), OrderRequest.class);
                if (request.salesforceRecordId() != null && request.sourceModifiedAt() != null) {
                    ledger.requested(new ErpOrderLedger.Change(request.salesforceRecordId(), request.sourceModifiedAt()));
                }
            } catch (UncheckedIOException | IllegalArgumentException unreadable) {
                // not an order: the handler answers it 400
            }
            return orders.reply(exchange);
        };
    }

    /**
     * {@code PUT /customers/{salesforceAccountId}} (docs/erp-api.md, "Customers"): faults queued for the Account ID
     * first ({@link #failNext(String, int, Fault)}), then the ordered upsert.
     */
    private Reply customer(HttpExchange exchange, String accountId, Fault fault) throws IOException, InterruptedException {
        Map<String, Object> body;
        Instant modifiedAt;
        try {
            @SuppressWarnings("unchecked") // a JSON object
            Map<String, Object> read = QueueJson.read(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8), Map.class);
            body = read;
            modifiedAt = Instant.parse(String.valueOf(body.get("sourceModifiedAt")));
        } catch (UncheckedIOException | java.time.format.DateTimeParseException e) {
            return new Reply(400, Map.of(), errorBody("invalid_json", "the body is not a customer with a sourceModifiedAt"));
        }
        if (!accountId.equals(body.get("salesforceAccountId")) || !(body.get("active") instanceof Boolean active)) {
            return new Reply(400, Map.of(), errorBody("invalid_customer", "salesforceAccountId must be the path's, active a boolean"));
        }
        Reply upserted = upsertCustomer(accountId, body, active, modifiedAt);
        return fault instanceof Fault.LoseResponse ? hold() : upserted;
    }

    /** As orders are upserted: 201 new, 200 updated (or the same change again), 412 {@code stale_change} for an older one. */
    private synchronized Reply upsertCustomer(String accountId, Map<String, Object> body, boolean active, Instant modifiedAt) {
        Customer before = customers.get(accountId);
        if (before != null && modifiedAt.isBefore(before.sourceModifiedAt())) {
            return new Reply(412, Map.of(), QueueJson.write(Map.of("error", "stale_change",
                    "message", "the ERP holds a newer change of this customer", "sourceModifiedAt", before.sourceModifiedAt().toString())));
        }
        // a field the request leaves out keeps its value (docs/erp-api.md, "Customers"); null empties it
        Map<String, Object> fields = before == null ? new LinkedHashMap<>() : new LinkedHashMap<>(before.fields());
        fields.putAll(body);
        fields.remove("active");
        fields.remove("sourceModifiedAt");
        customers.put(accountId, new Customer(Collections.unmodifiableMap(fields), active, modifiedAt));
        customerWrites.computeIfAbsent(accountId, id -> new AtomicInteger()).incrementAndGet();
        return new Reply(before == null ? 201 : 200, Map.of(), QueueJson.write(Map.of("salesforceAccountId", accountId, "active", active)));
    }

    /** {@code GET /invoices/changes?since=&until=&cursor=&limit=} (docs/erp-api.md, "Invoice changes"). */
    private Reply invoiceChanges(HttpExchange exchange) throws InterruptedException {
        invoiceRequests.incrementAndGet();
        if (!"GET".equals(exchange.getRequestMethod())) {
            return new Reply(405, Map.of("Allow", "GET"), errorBody("method_not_allowed", "invoice changes are GET"));
        }
        Optional<Reply> refused = answeredBeforeHandling(exchange, beforeRead(nextFault(INVOICE_CHANGES)));
        if (refused.isPresent()) {
            return refused.get();
        }
        Map<String, String> query = UrlQuery.parse(exchange.getRequestURI().getRawQuery());
        InvoiceLedger.Page page;
        try {
            Instant since = Instant.parse(query.getOrDefault("since", ""));
            Instant until = query.containsKey("until") ? Instant.parse(query.get("until")) : Instant.MAX;
            int limit = Integer.parseInt(query.getOrDefault("limit", "100"));
            if (limit < 1 || limit > MAX_INVOICE_PAGE) {
                return new Reply(400, Map.of(), errorBody("invalid_limit", "limit must be 1 to " + MAX_INVOICE_PAGE));
            }
            page = invoices.changes(since, until, query.get("cursor"), limit);
        } catch (java.time.format.DateTimeParseException | NumberFormatException e) {
            return new Reply(400, Map.of(), errorBody("invalid_query", "since and until are ISO-8601 instants, limit a number"));
        } catch (IllegalArgumentException e) {
            return new Reply(400, Map.of(), errorBody("invalid_cursor", "the cursor is not one this feed gave"));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("invoices", page.invoices());
        body.put("nextCursor", page.nextCursor());
        return new Reply(200, Map.of(), QueueJson.write(body));
    }

    /**
     * {@code GET /accounts/{accountNumber}/bills?limit=&cursor=}: {@code limit} bills from the cursor on (the
     * newest first, without one), and the cursor of the rest, or null. The cursor is opaque to the client;
     * here it is the offset in base64url. 404 {@code account_not_found} for an account without a history.
     */
    private Reply bills(HttpExchange exchange) throws InterruptedException {
        billRequests.incrementAndGet();
        if (!"GET".equals(exchange.getRequestMethod())) {
            return new Reply(405, Map.of("Allow", "GET"), errorBody("method_not_allowed", "bills are GET"));
        }
        // split before decoding: an account number may hold an encoded '/'
        String[] path = exchange.getRequestURI().getRawPath().substring(ACCOUNTS.length()).split("/", -1);
        if (path.length != 2 || !"bills".equals(path[1])) {
            return new Reply(404, Map.of(), errorBody("not_found", "no such resource"));
        }
        String accountNumber = URLDecoder.decode(path[0], StandardCharsets.UTF_8);
        Optional<Reply> refused = answeredBeforeHandling(exchange, beforeRead(nextFault(null)));
        if (refused.isPresent()) {
            return refused.get();
        }
        List<ErpBilling.Bill> history = bills.get(accountNumber);
        if (history == null) {
            return new Reply(404, Map.of(), errorBody("account_not_found", "no account " + accountNumber));
        }
        Map<String, String> query = UrlQuery.parse(exchange.getRequestURI().getRawQuery());
        int limit;
        int from;
        try {
            limit = query.containsKey("limit") ? Integer.parseInt(query.get("limit")) : DEFAULT_BILLS_LIMIT;
            from = query.containsKey("cursor")
                    ? Integer.parseInt(new String(Base64.getUrlDecoder().decode(query.get("cursor")), StandardCharsets.UTF_8)) : 0;
        } catch (IllegalArgumentException e) {
            return new Reply(400, Map.of(), errorBody("invalid_cursor", "limit must be a number and cursor one this ERP gave"));
        }
        if (limit < 1 || limit > MAX_BILLS_LIMIT || from < 0 || from > history.size()) {
            return new Reply(400, Map.of(), errorBody("invalid_cursor", "limit is 1 to " + MAX_BILLS_LIMIT + ", cursor one this ERP gave"));
        }
        int to = Math.min(history.size(), from + limit);
        Map<String, Object> page = new LinkedHashMap<>();
        page.put("bills", history.subList(from, to));
        page.put("nextCursor", to == history.size() ? null
                : Base64.getUrlEncoder().withoutPadding().encodeToString(Integer.toString(to).getBytes(StandardCharsets.UTF_8)));
        return new Reply(200, Map.of(), QueueJson.write(page));
    }

    /**
     * A new record gets the next order number and 201; a known one keeps its number, takes the new fields, and
     * 200; a change older than the one held is refused with 412 {@code stale_change} and the order held, lines
     * included; a change by another org than the one the order was created for, with 409 {@code org_mismatch}. A
     * change with lines replaces the order's; one without keeps them.
     */
    private synchronized Reply upsert(String recordId, OrderRequest request) {
        Order before = orders.get(recordId);
        if (before != null && !sameOrg(before.request().salesforceOrgId(), request.salesforceOrgId())) {
            return new Reply(409, Map.of(), errorBody("org_mismatch", "the order of this record was created for another org"));
        }
        Instant held = changeTimes.get(recordId);
        if (held != null && request.sourceModifiedAt() != null && request.sourceModifiedAt().isBefore(held)) {
            ledger.refusedAsStale(new ErpOrderLedger.Change(recordId, request.sourceModifiedAt()), held);
            return new Reply(412, Map.of(), QueueJson.write(Map.of("error", "stale_change",
                    "message", "the ERP holds a newer change of this record", "orderNumber", before.orderNumber(),
                    "status", before.status(), "sourceModifiedAt", held.toString())));
        }
        OrderRequest kept = request.lines() == null && before != null ? TestOrders.withLines(request, before.request().lines()) : request;
        // a change of the order's fields leaves its status where the ERP moved it
        Order after = before != null ? new Order(before.orderNumber(), before.status(), kept)
                : new Order("SO-%06d".formatted(orders.size() + 1), ORDER_STATUSES.getFirst(), kept);
        orders.put(recordId, after);
        // one reading of the clock for both: a move is stamped after the last write, so never at the creation's time
        Instant now = Instant.now();
        lastTouched.put(recordId, now);
        if (request.sourceModifiedAt() != null) {
            changeTimes.put(recordId, request.sourceModifiedAt());
            ledger.applied(new ErpOrderLedger.Change(recordId, request.sourceModifiedAt()));
        }
        if (before == null) {
            statusTimes.put(recordId, now.truncatedTo(ChronoUnit.MILLIS));
            ledger.status(recordId, after.status());
            whenCreated.accept(recordId);
        }
        return new Reply(before == null ? 201 : 200, Map.of(), QueueJson.write(Map.of("orderNumber", after.orderNumber(),
                "status", after.status(), "statusChangedAt", statusTimes.get(recordId).toString())));
    }

    /** The same org, whichever of its 15- and 18-character IDs each names it by; no org matches no org only. */
    private static boolean sameOrg(String held, String sent) {
        return Objects.equals(held, sent) || held != null && sent != null && SalesforceIds.isValid(held)
                && SalesforceIds.isValid(sent) && SalesforceIds.to18(held).equals(SalesforceIds.to18(sent));
    }

    /** @param recordId the order's record, or null for a request about no record */
    private synchronized Fault nextFault(String recordId) {
        Queue<Fault> forRecord = recordId == null ? null : faultsByRecord.get(recordId);
        return forRecord != null && !forRecord.isEmpty() ? forRecord.poll() : faults.poll();
    }

    /**
     * What a request is answered before it is handled: the fault's answer, {@link #NO_ANSWER} after holding it
     * for a hang, 401 without valid credentials; empty to handle it.
     */
    private Optional<Reply> answeredBeforeHandling(HttpExchange exchange, Fault fault) throws InterruptedException {
        if (fault instanceof Fault.Respond respond) {
            return Optional.of(new Reply(respond.status(), respond.headers(), respond.body()));
        }
        if (fault instanceof Fault.Hang) {
            return Optional.of(hold());
        }
        if (!authorized(exchange)) {
            return Optional.of(new Reply(401, Map.of(), errorBody("unauthorized", "missing, invalid or expired credentials")));
        }
        return Optional.empty();
    }

    /** A read writes nothing whose answer could be lost: a lost response is a hang from the start. */
    private static Fault beforeRead(Fault fault) {
        return fault instanceof Fault.LoseResponse ? Fault.hang() : fault;
    }

    /** No answer at all: closing the exchange unanswered drops the connection. */
    private Reply hold() throws InterruptedException {
        closing.await(HOLD_AT_MOST.toMillis(), TimeUnit.MILLISECONDS);
        return NO_ANSWER;
    }

    private boolean authorized(HttpExchange exchange) {
        return switch (secret) {
            case ErpSecret.ApiKey key -> key.apiKey().equals(exchange.getRequestHeaders().getFirst("x-api-key"));
            case ErpSecret.OAuthClientCredentials client -> {
                String header = exchange.getRequestHeaders().getFirst("Authorization");
                Instant expiry = header != null && header.startsWith("Bearer ")
                        ? tokenExpiries.get(header.substring("Bearer ".length())) : null;
                yield expiry != null && Instant.now().isBefore(expiry);
            }
        };
    }

    private Reply token(HttpExchange exchange) throws IOException {
        ErpSecret.OAuthClientCredentials client = (ErpSecret.OAuthClientCredentials) secret;
        if (!"POST".equals(exchange.getRequestMethod())) {
            return new Reply(405, Map.of("Allow", "POST"), errorBody("method_not_allowed", "tokens are POST"));
        }
        if (!(client.clientId() + ":" + client.clientSecret()).equals(basicCredentials(exchange))) {
            return new Reply(401, Map.of("WWW-Authenticate", "Basic realm=\"erp\""),
                    errorBody("invalid_client", "client authentication failed"));
        }
        String form = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        if (!List.of(form.split("&")).contains("grant_type=client_credentials")) {
            return new Reply(400, Map.of(), errorBody("unsupported_grant_type", "only client_credentials"));
        }
        String token = UUID.randomUUID().toString();
        tokenExpiries.put(token, Instant.now().plus(tokenLifetime));
        tokensIssued.incrementAndGet();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("access_token", token);
        body.put("token_type", "Bearer");
        body.put("expires_in", tokenLifetime.toSeconds());
        return new Reply(200, Map.of("Cache-Control", "no-store"), QueueJson.write(body));
    }

    /** {@code id:secret} from a Basic header, each part form-decoded (RFC 6749 §2.3.1); null when there is none. */
    private static String basicCredentials(HttpExchange exchange) {
        String header = exchange.getRequestHeaders().getFirst("Authorization");
        if (header == null || !header.startsWith("Basic ")) {
            return null;
        }
        try {
            String[] idAndSecret = new String(Base64.getDecoder().decode(header.substring("Basic ".length()).strip()),
                    StandardCharsets.UTF_8).split(":", 2);
            return idAndSecret.length < 2 ? null : URLDecoder.decode(idAndSecret[0], StandardCharsets.UTF_8) + ":"
                    + URLDecoder.decode(idAndSecret[1], StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private interface Handler {
        Reply reply(HttpExchange exchange) throws IOException, InterruptedException;
    }

    /** The PUT of one record, once it got past its fault and the credentials check. */
    private interface RecordPut {
        /** @param fault the one queued for the record, a lost response included: the put plays it once done */
        Reply reply(HttpExchange exchange, String id, Fault fault) throws IOException, InterruptedException;
    }

    /**
     * A PUT of one record at {@code path}{id}: counted in {@code requests}, any other method refused (405), the
     * fault queued for the record (or for any request) played and the credentials checked before {@code put}.
     */
    private Handler recordPut(String path, AtomicInteger requests, String what, RecordPut put) {
        return exchange -> {
            requests.incrementAndGet();
            if (!"PUT".equals(exchange.getRequestMethod())) {
                return new Reply(405, Map.of("Allow", "PUT"), errorBody("method_not_allowed", what + " are PUT"));
            }
            String id = exchange.getRequestURI().getPath().substring(path.length());
            Fault fault = nextFault(id);
            Optional<Reply> refused = answeredBeforeHandling(exchange, fault);
            return refused.isPresent() ? refused.get() : put.reply(exchange, id, fault);
        };
    }

    private void handle(HttpExchange exchange, Handler handler) throws IOException {
        try (exchange) {
            Reply reply = handler.reply(exchange);
            if (reply == NO_ANSWER) {
                return;
            }
            if (exchange.getRequestURI().getPath().startsWith(ORDERS)) {
                statuses.add(reply.status());
            }
            byte[] body = reply.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            reply.headers().forEach(exchange.getResponseHeaders()::set);
            try {
                exchange.sendResponseHeaders(reply.status(), body.length == 0 ? -1 : body.length);
                exchange.getResponseBody().write(body);
            } catch (IOException gone) {
                // the client gave up (its timeout) on a write that was applied: a repeat of it is its due
                if (exchange.getAttribute(ANSWERED_CHANGE) instanceof ErpOrderLedger.Change change) {
                    attempts.lost(exchange.getRequestHeaders().getFirst(AbandonedAttempts.HEADER), change);
                }
                throw gone;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String errorBody(String error, String message) {
        return QueueJson.write(Map.of("error", error, "message", message));
    }
}
