package dev.sfbridge.orderapi;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.sfbridge.apigateway.RequestScreen;
import dev.sfbridge.erp.ErpBilling;
import dev.sfbridge.erp.ErpCalls;
import dev.sfbridge.erp.ErpClient;
import dev.sfbridge.erp.ErpException;
import dev.sfbridge.model.OrderRequest;
import dev.sfbridge.model.OrderResult;
import dev.sfbridge.observability.JsonLog;
import dev.sfbridge.observability.Metric;
import dev.sfbridge.observability.Metrics;
import dev.sfbridge.retry.CircuitBreaker;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Remote process invocation, request and reply (docs/request-reply.md): Salesforce calls and waits.
 * <ul>
 *   <li>{@code POST /orders}: the worker's ERP upsert, keyed by the Salesforce record ID, answered with {@code
 *       {orderNumber, status}}: 201 for a new order, 200 for the record's existing one (a retried callout).
 *       An {@code Idempotency-Key} is honoured ({@link IdempotencyKeys}).</li>
 *   <li>{@code GET /accounts/{accountNumber}/billing-history}: the ERP's bills for the account, a page at a
 *       time, passed through and stored nowhere.</li>
 *   <li>{@code GET /openapi.yaml}: the OpenAPI document of the two routes above, for Salesforce External Services.</li>
 *   <li>{@code POST /soap}: the two routes above as a SOAP 1.1 service, {@code createOrder} and {@code
 *       getBillingHistory}, with the same logic; {@code GET /soap?wsdl}: its WSDL, for Apex's "Generate from WSDL".</li>
 * </ul>
 * Every request is answered within the deadline: an ERP that has not answered by then gets a 504, one that
 * failed a 503; while the ERP keeps failing, its circuit is open and requests get a 503 with {@code Retry-After}
 * at once, without waiting on it.
 */
public final class OrderApi {
    static final String ORDERS = "/orders";
    static final String BILLING_HISTORY = "/accounts/{accountNumber}/billing-history";
    static final String OPENAPI = "/openapi.yaml";
    static final String SOAP = "/soap";
    /** How many times {@code maxBodyBytes} a SOAP request may take. */
    static final int SOAP_BODY_FACTOR = 2;

    private final ErpClient orders;
    private final ErpBilling billing;
    private final CircuitBreaker circuit;
    private final IdempotencyKeys keys;
    private final OrderBodyReader reader = new OrderBodyReader();
    private final OpenApiDocument document = OpenApiDocument.fromClassPath();
    private final WsdlDocument wsdl = WsdlDocument.fromClassPath();
    private final SoapRequests soapRequests = new SoapRequests();
    private final SoapAnswers soapAnswers = new SoapAnswers();
    private final RequestScreen screen;
    private final RequestScreen soapScreen;
    private final Duration deadline;
    private final JsonLog log;
    private final Metrics metrics;

    /**
     * @param circuit  the ERP's: asked before every call, told how each went
     * @param deadline how long a request has, from its arrival to its answer
     */
    OrderApi(ErpClient orders, ErpBilling billing, CircuitBreaker circuit, IdempotencyKeys keys, int maxBodyBytes,
             Duration deadline, JsonLog log, Metrics metrics) {
        this.orders = orders;
        this.billing = billing;
        this.circuit = circuit;
        this.keys = keys;
        this.screen = new RequestScreen("POST", "application/json", maxBodyBytes);
        // SOAP 1.1 over HTTP is text/xml (SOAP 1.1 section 6.1.1); an order's XML takes about twice its JSON's bytes,
        // so the largest order fits either way
        this.soapScreen = new RequestScreen("POST", "text/xml", SOAP_BODY_FACTOR * maxBodyBytes);
        this.deadline = deadline;
        this.log = log;
        this.metrics = metrics;
    }

    /** Never throws: a fault of sfbridge's own is a 500 with the error body too, logged with its class. */
    public ApiResponse handle(ApiRequest request) {
        long started = System.nanoTime();
        Deadline budget = Deadline.in(deadline);
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put(JsonLog.REQUEST_ID, request.requestId());
        fields.put("route", request.method() + " " + request.resource());
        ApiResponse response;
        try {
            response = switch (request.resource()) {
                case ORDERS -> createOrder(request, budget, fields);
                case BILLING_HISTORY -> billingHistory(request, budget, fields);
                case OPENAPI -> openApi(request);
                case SOAP -> soap(request, budget, fields);
                default -> throw new Refusal(404, "not_found", "no route " + request.resource());
            };
            fields.put("outcome", "http_" + response.status());
        } catch (Refusal refusal) {
            response = refused(refusal, request, fields);
        } catch (RuntimeException fault) {
            fields.put("error", fault.getClass().getName());
            response = refused(new Refusal(500, "internal_error", "sfbridge failed to answer; try again later"), request, fields);
        }
        metrics.flush();
        fields.put("durationMs", Duration.ofNanos(System.nanoTime() - started).toMillis());
        if (response.status() >= 500) {
            log.error("request-reply", fields);
        } else {
            log.info("request-reply", fields);
        }
        return response;
    }

    /** The JSON error body, or over SOAP the fault. */
    private ApiResponse refused(Refusal refusal, ApiRequest request, Map<String, Object> fields) {
        fields.put("outcome", "http_" + refusal.status());
        fields.put("reason", refusal.reason());
        metrics.count(Metric.REQUEST_REPLY_REFUSED, refusal.reason());
        return SOAP.equals(request.resource()) ? soapAnswers.fault(refusal) : ApiResponse.refused(refusal);
    }

    private ApiResponse createOrder(ApiRequest request, Deadline budget, Map<String, Object> fields) throws Refusal {
        return placeOrder(reader.read(body(screen, request)), request, budget, fields);
    }

    /** The ERP's upsert of the order, with the request's {@code Idempotency-Key} if it has one: the JSON answer. */
    private ApiResponse placeOrder(OrderRequest order, ApiRequest request, Deadline budget, Map<String, Object> fields)
            throws Refusal {
        fields.put(JsonLog.RECORD_ID, order.salesforceRecordId());
        if (request.idempotencyKey() == null) {
            return upsert(order, budget, fields);
        }
        // a little past the deadline: the key of an invocation that crashed is free again soon after
        IdempotencyKeys.Claimed claimed = keys.claim(request.caller(), request.idempotencyKey(), order,
                deadline.plus(Duration.ofSeconds(30)));
        if (claimed instanceof IdempotencyKeys.Claimed.Replay replay) {
            fields.put("replayed", true);
            return replay.response();
        }
        IdempotencyKeys.Claimed.Fresh fresh = (IdempotencyKeys.Claimed.Fresh) claimed;
        ApiResponse answer = null;
        try {
            answer = upsert(order, budget, fields);
            return answer;
        } finally {
            // a success is stored, anything else (a refusal, a fault) gives the key up; the answer waits for
            // neither past the deadline
            ApiResponse finished = answer;
            note(budget.within(() -> keys.finish(fresh, finished), "the key was not stored or given up by the deadline"), fields);
        }
    }

    private ApiResponse upsert(OrderRequest order, Deadline budget, Map<String, Object> fields) throws Refusal {
        OrderResult result = callErp(budget, () -> orders.upsertOrder(order), fields);
        fields.put(JsonLog.ORDER_NUMBER, result.orderNumber());
        return switch (result.write()) {
            case CREATED -> {
                metrics.count(Metric.ORDERS_CREATED);
                yield ApiResponse.json(201, new OrderAnswer(result.orderNumber(), result.status()));
            }
            case UPDATED -> {
                metrics.count(Metric.ORDERS_UPDATED);
                yield ApiResponse.json(200, new OrderAnswer(result.orderNumber(), result.status()));
            }
            case REFUSED_AS_STALE -> throw new Refusal(409, "stale_change", "the ERP holds a newer change of this record"
                    + " (order " + result.orderNumber() + (result.status() == null ? "" : ", status " + result.status())
                    + "): this one was not applied");
        };
    }

    /**
     * The answer to {@code POST /orders}; {@code status} is left out when the ERP's answer has none (docs/erp-api.md
     * does not require it), never written as {@code null}.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record OrderAnswer(String orderNumber, String status) {}

    private ApiResponse billingHistory(ApiRequest request, Deadline budget, Map<String, Object> fields) throws Refusal {
        onlyGet(request);
        BillingQuery query = BillingQuery.of(request);
        ErpBilling.Page page = billingPage(query, budget, fields);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("accountNumber", query.accountNumber());
        answer.put("bills", page.bills());
        answer.put("nextPageToken", page.nextPageToken());
        return ApiResponse.json(200, answer);
    }

    /** The ERP's page, its cursor as this route's {@code nextPageToken}. */
    private ErpBilling.Page billingPage(BillingQuery query, Deadline budget, Map<String, Object> fields) throws Refusal {
        fields.put("accountNumber", query.accountNumber());
        ErpBilling.Page page;
        try {
            page = callErp(budget, () -> billing.billingHistory(query.accountNumber(), query.pageSize(), query.cursor()), fields);
        } catch (Refusal refusal) {
            throw switch (refusal.status()) {
                case 404 -> new Refusal(404, "account_not_found", "the ERP has no account " + query.accountNumber());
                case 400 -> Refusal.badRequest("invalid_page_token", "the ERP did not take the pageToken: start from the first page");
                default -> refusal;
            };
        }
        fields.put("bills", page.bills().size());
        return new ErpBilling.Page(page.bills(), PageTokens.token(page.nextPageToken()));
    }

    /**
     * The SOAP service: its WSDL for a GET, an operation for a POST, which the REST routes' own logic answers; every
     * refusal is a fault ({@link #refused}).
     */
    private ApiResponse soap(ApiRequest request, Deadline budget, Map<String, Object> fields) throws Refusal {
        if ("GET".equals(request.method())) {
            return wsdl.answer(request.address());
        }
        SoapCall call = soapRequests.read(body(soapScreen, request));
        fields.put("operation", call.operation());
        return switch (call) {
            case SoapCall.CreateOrder create ->
                    soapAnswers.orderPlaced(placeOrder(reader.read(SoapRequests.asJson(create.order())), request, budget, fields));
            case SoapCall.BillingHistory history -> {
                BillingQuery query = BillingQuery.of(history.query().getAccountNumber(), history.query().getPageSize(),
                        history.query().getPageToken());
                yield soapAnswers.billingPage(query.accountNumber(), billingPage(query, budget, fields));
            }
        };
    }

    private ApiResponse openApi(ApiRequest request) throws Refusal {
        onlyGet(request);
        return document.answer();
    }

    private static void onlyGet(ApiRequest request) throws Refusal {
        if (!"GET".equals(request.method())) {
            throw new Refusal(405, "method_not_allowed", "only GET is served here", Map.of("Allow", "GET"));
        }
    }

    /**
     * One ERP call within the deadline, if the ERP's circuit lets it through.
     *
     * @throws Refusal 503 while the circuit is open or when the ERP failed, 504 when it did not answer in time, and for
     *                 a refusal of the ERP's, its status (the caller turns it into its own answer)
     */
    private <T> T callErp(Deadline budget, ErpCalls.Call<T> call, Map<String, Object> fields) throws Refusal {
        if (!circuit.tryAcquire()) {
            throw erpUnavailable("the ERP is failing, and is not called for now", Optional.empty());
        }
        try {
            return budget.call(() -> ErpCalls.recorded(circuit, call));
        } catch (Deadline.Expired e) {
            // a call that ran: the circuit hears of it from the call itself, interrupted (one failure, not two); one
            // that never began did not ask the ERP, and a probe's place goes to the next request
            if (!e.callStarted()) {
                circuit.notCalled();
            }
            throw new Refusal(504, "erp_timeout", "the ERP did not answer within " + deadline.toMillis() + " ms; try again later");
        } catch (ErpException e) {
            fields.put("error", e.getMessage());
            metrics.count(Metric.ERP_ERRORS, e.kind().name());
            if (e.kind() == ErpException.Kind.RETRYABLE) {
                throw erpUnavailable("the ERP could not be reached or failed; try again later", e.retryAfter());
            }
            throw switch (e.status()) {
                case 400, 404 -> new Refusal(e.status(), "erp_rejected", e.getMessage());
                default -> new Refusal(422, "erp_rejected", e.getMessage());
            };
        }
    }

    /**
     * 503, with {@code Retry-After} in whole seconds: while the circuit is open, how long it stays so; while its probe
     * is out, the deadline, by which the probe is answered; else the ERP's own, when it asked for a wait longer than
     * is waited for here ({@link OrderApiHandler#erpSettings}).
     */
    private Refusal erpUnavailable(String message, Optional<Duration> erpAsked) {
        Optional<Duration> wait = circuit.phase() == CircuitBreaker.Phase.HALF_OPEN ? Optional.of(deadline)
                : circuit.openFor().or(() -> erpAsked);
        return wait.map(open -> new Refusal(503, "erp_unavailable", message + " (for " + seconds(open) + " s)",
                        Map.of("Retry-After", Long.toString(seconds(open)))))
                .orElseGet(() -> new Refusal(503, "erp_unavailable", message));
    }

    private static long seconds(Duration duration) {
        return Math.max(1, (duration.toMillis() + 999) / 1000);
    }

    private static byte[] body(RequestScreen screen, ApiRequest request) throws Refusal {
        try {
            return screen.bytes(request.method(), request.contentType(), request.body(), request.base64Encoded());
        } catch (RequestScreen.Refused refused) {
            throw new Refusal(refused.status(), refused.problem().reasonCode(), refused.explanation(),
                    refused.status() == 405 ? Map.of("Allow", SOAP.equals(request.resource()) ? "GET, POST" : "POST") : Map.of());
        }
    }

    private static void note(String problem, Map<String, Object> fields) {
        if (problem != null) {
            fields.put("idempotencyKeyProblem", problem);
        }
    }
}
