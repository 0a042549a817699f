package dev.sfbridge.bench;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import dev.sfbridge.erp.ErpCredentials;
import dev.sfbridge.erp.ErpException;
import dev.sfbridge.erp.ErpSecret;
import dev.sfbridge.erp.HttpErpClient;
import dev.sfbridge.idempotency.DynamoDbIdempotencyStore;
import dev.sfbridge.idempotency.IdempotencyStore;
import dev.sfbridge.model.OrderRequest;
import dev.sfbridge.model.SalesforceIds;
import dev.sfbridge.observability.JsonLog;
import dev.sfbridge.orderapi.OrderApiConfig;
import dev.sfbridge.orderapi.OrderApiHandler;
import dev.sfbridge.retry.Retry;
import dev.sfbridge.testing.EmbeddedDynamoDb;
import dev.sfbridge.testing.ErpSimulator;
import dev.sfbridge.testing.IdempotencyTable;
import dev.sfbridge.testing.RecordingMetrics;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * What {@code POST /orders} adds to the ERP's own latency, and how fast it answers when the ERP is down
 * (docs/benchmarks.md, "Request and reply"). One caller at a time, warm: the ERP simulator over loopback HTTP,
 * the idempotency table on DynamoDB Local, the real {@link OrderApiHandler} with its deadline and circuit; the
 * three ways of calling in turns, request by request.
 * <ol>
 *   <li>the ERP alone: {@link HttpErpClient#upsertOrder} of new records, as the route sends them;</li>
 *   <li>the route without an {@code Idempotency-Key}, then with one (a claim and a completion in DynamoDB);</li>
 *   <li>the ERP down, refusing connections: each request until the circuit opens, then with it open;</li>
 *   <li>the ERP hanging: each request until the circuit opens is answered at the deadline.</li>
 * </ol>
 */
public final class RequestReplyHarness {
    static final String USAGE = "usage: ./dev bench requestreply [--requests N] [--warmup N] [--deadline-ms N]   (defaults 2000, 500, 5000)";
    /** The targets: what the route adds at p99, and how far past the deadline an answer may come. */
    static final Duration ADDED_P99_TARGET = Duration.ofMillis(50);
    static final Duration PAST_DEADLINE_TARGET = Duration.ofMillis(100);

    /** Latency quantiles of one way of calling, in milliseconds. */
    record Latency(String what, LatencyStats stats) {
        String row() {
            return String.format(Locale.ROOT, "| %s | %d | %.2f | %.2f | %.2f |", what, stats.count(), stats.millis(0.5), stats.millis(0.99), stats.millis(1));
        }
    }

    /** One request's answer and how long it took. */
    record Timed(int status, Duration took) {}

    private RequestReplyHarness() {}

    public static void main(String[] args) throws Exception {
        HarnessMain.exit(args, a -> IntFlags.parse(a, Map.of("--requests", 2000, "--warmup", 500, "--deadline-ms", 5000), USAGE),
                (flags, out) -> report(flags.get("--requests"), flags.get("--warmup"), Duration.ofMillis(flags.get("--deadline-ms")), out));
    }

    /** Every measurement, printed as tables; false when a target is missed or an answer is not the one expected. */
    static boolean report(int requests, int warmup, Duration deadline, PrintStream out) throws Exception {
        out.printf("%s; %d requests after %d warm-up, one at a time; deadline %d ms%n", Machine.load(), requests, warmup,
                deadline.toMillis());
        boolean passed = true;
        List<Latency> latencies = new ArrayList<>();
        try (ErpSimulator erp = ErpSimulator.withApiKey("bench-erp-key")) {
            Route route = new Route(erp.baseUri(), erp.secret(), deadline);
            try (HttpErpClient direct = new HttpErpClient(erp.baseUri(), ErpCredentials.fixed(erp.secret()),
                    HttpErpClient.Settings.defaults())) {
                IdempotencyStore keys = new DynamoDbIdempotencyStore(EmbeddedDynamoDb.shared().client(), route.table,
                        Duration.ofHours(24), Retry.withJitter(2, Duration.ofMillis(20), Duration.ofMillis(200)));
                List<LatencyStats> measured = measureInTurns(requests, warmup, List.of(
                        n -> erpAlone(direct, order(1_000_000 + n)),
                        n -> route.post(body(2_000_000 + n), null),
                        n -> route.post(body(3_000_000 + n), "key-" + n),
                        n -> claimAndComplete(keys, "bench-key-" + n)));
                latencies.add(new Latency("the ERP alone (`HttpErpClient.upsertOrder`)", measured.get(0)));
                latencies.add(new Latency("`POST /orders`, no key", measured.get(1)));
                latencies.add(new Latency("`POST /orders` with an `Idempotency-Key`", measured.get(2)));
                latencies.add(new Latency("a key's claim and completion alone, on DynamoDB Local", measured.get(3)));
            }
        }
        out.printf("%n| calls | n | p50 ms | p99 ms | max ms |%n|---|---|---|---|---|%n");
        latencies.forEach(latency -> out.println(latency.row()));
        for (Latency withRoute : latencies.subList(1, 3)) {
            double added = withRoute.stats().millis(0.99) - latencies.getFirst().stats().millis(0.99);
            double addedMedian = withRoute.stats().millis(0.5) - latencies.getFirst().stats().millis(0.5);
            boolean met = added <= ADDED_P99_TARGET.toMillis();
            passed &= met;
            out.printf(Locale.ROOT, "%s adds %.2f ms at p50, %.2f ms at p99: target (<= %d ms at p99) %s%n", withRoute.what(), addedMedian, added,
                    ADDED_P99_TARGET.toMillis(), met ? "met" : "missed");
        }
        passed &= erpDown(deadline, out);
        passed &= erpHanging(deadline, out);
        return passed;
    }

    /** The ERP refuses connections: the first requests try it (three attempts each), then the circuit answers. */
    private static boolean erpDown(Duration deadline, PrintStream out) throws Exception {
        URI closed;
        try (ErpSimulator gone = ErpSimulator.withApiKey("bench-erp-key")) {
            closed = gone.baseUri();
        }
        Route route = new Route(closed, new ErpSecret.ApiKey("bench-erp-key"), deadline);
        out.printf("%n| ERP refusing connections: request | status | answered in ms |%n|---|---|---|%n");
        boolean passed = true;
        for (int n = 1; n <= 6; n++) {
            Timed timed = route.timedPost(body(4_000_000 + n));
            out.printf(Locale.ROOT, "| %d | %d | %.1f |%n", n, timed.status(), timed.took().toNanos() / 1e6);
            passed &= timed.status() == 503 && timed.took().compareTo(deadline.plus(PAST_DEADLINE_TARGET)) <= 0;
        }
        return passed;
    }

    /** The ERP accepts the connection and never answers: each request is cut off at the deadline until the circuit opens. */
    private static boolean erpHanging(Duration deadline, PrintStream out) throws Exception {
        try (ErpSimulator erp = ErpSimulator.withApiKey("bench-erp-key")) {
            Route route = new Route(erp.baseUri(), erp.secret(), deadline);
            route.post(body(5_000_000), null); // warm: the first request of a client builds its serializers
            erp.failNext(100, ErpSimulator.Fault.hang());
            out.printf("%n| ERP not answering: request | status | answered in ms | past the deadline ms |%n|---|---|---|---|%n");
            boolean passed = true;
            for (int n = 1; n <= 5; n++) {
                Timed timed = route.timedPost(body(5_000_000 + n));
                double past = timed.took().minus(deadline).toNanos() / 1e6;
                out.printf(Locale.ROOT, "| %d | %d | %.1f | %.1f |%n", n, timed.status(), timed.took().toNanos() / 1e6, past);
                passed &= (timed.status() == 504 || timed.status() == 503) && timed.took().compareTo(deadline.plus(PAST_DEADLINE_TARGET)) <= 0;
            }
            out.println(passed ? "Target met: every answer within the deadline + " + PAST_DEADLINE_TARGET.toMillis() + " ms."
                    : "Target missed: an answer later than the deadline + " + PAST_DEADLINE_TARGET.toMillis() + " ms, or not a 503/504.");
            return passed;
        }
    }

    /** The route as Lambda would run it, on a table of its own. */
    private static final class Route {
        private final OrderApiHandler handler;
        private final String table = "idempotency-" + Long.toHexString(System.nanoTime());

        Route(URI erpBaseUrl, ErpSecret secret, Duration deadline) {
            IdempotencyTable.create(EmbeddedDynamoDb.shared().client(), table);
            OrderApiConfig config = new OrderApiConfig(table, erpBaseUrl, "unused", deadline, 256 * 1024, Duration.ofHours(24));
            handler = new OrderApiHandler(config, EmbeddedDynamoDb.shared().client(),
                    new HttpErpClient(erpBaseUrl, ErpCredentials.fixed(secret), OrderApiHandler.erpSettings(config)),
                    new JsonLog(line -> { }, Clock.systemUTC()), new RecordingMetrics(), Clock.systemUTC());
        }

        int post(String body, String key) {
            Map<String, String> headers = key == null ? Map.of("Content-Type", "application/json")
                    : Map.of("Content-Type", "application/json", "Idempotency-Key", key);
            APIGatewayProxyResponseEvent response = handler.handleRequest(new APIGatewayProxyRequestEvent().withHttpMethod("POST")
                    .withResource("/orders").withHeaders(headers).withBody(body), null);
            return response.getStatusCode();
        }

        Timed timedPost(String body) {
            long started = System.nanoTime();
            int status = post(body, null);
            return new Timed(status, Duration.ofNanos(System.nanoTime() - started));
        }
    }

    /** What an {@code Idempotency-Key} costs the route: a conditional put and a conditional update. */
    private static int claimAndComplete(IdempotencyStore keys, String key) {
        Instant now = Instant.now();
        if (!(keys.claim(key, now, Duration.ofSeconds(35)) instanceof IdempotencyStore.Claim.Acquired acquired)) {
            return 409;
        }
        try {
            keys.complete(acquired.lease(), "{}", now);
            return 201;
        } catch (IdempotencyStore.LeaseLost e) {
            return 409;
        }
    }

    private static int erpAlone(HttpErpClient erp, OrderRequest order) {
        try {
            return erp.upsertOrder(order).created() ? 201 : 200;
        } catch (ErpException e) {
            return 503;
        }
    }

    /**
     * Each way's requests in turns (one of each, then the next of each), so warm-up and the machine's other work
     * fall on all of them alike; the warm-up's times are dropped, and every measured answer must be a 201.
     */
    private static List<LatencyStats> measureInTurns(int requests, int warmup, List<IntFunction<Integer>> ways) {
        long[][] nanos = new long[ways.size()][requests];
        for (int n = 0; n < warmup + requests; n++) {
            for (int way = 0; way < ways.size(); way++) {
                long started = System.nanoTime();
                int status = ways.get(way).apply(n);
                long took = System.nanoTime() - started;
                if (status != 201) {
                    throw new IllegalStateException("way " + way + ", request " + n + " answered " + status + ", not 201");
                }
                if (n >= warmup) {
                    nanos[way][n - warmup] = took;
                }
            }
        }
        List<LatencyStats> stats = new ArrayList<>();
        for (long[] way : nanos) {
            stats.add(new LatencyStats(way));
        }
        return stats;
    }

    private static OrderRequest order(int n) {
        return new OrderRequest(recordId(n), "00D000000000001EAA", "001000000000001AAA", "Deal " + n, new BigDecimal("1001.50"),
                LocalDate.parse("2026-11-02"), "005000000000007AAA", "Closed Won", Instant.parse("2026-11-20T10:00:01Z"), null);
    }

    private static String body(int n) {
        return """
                {"salesforceRecordId": "%s", "salesforceOrgId": "00D000000000001EAA", "customerAccountId": "001000000000001AAA",
                 "name": "Deal %d", "amount": 1001.50, "closeDate": "2026-11-02", "ownerId": "005000000000007AAA",
                 "stage": "Closed Won", "sourceModifiedAt": "2026-11-20T10:00:01.000Z"}""".formatted(recordId(n), n);
    }

    private static String recordId(int n) {
        return SalesforceIds.to18("006%012d".formatted(n));
    }
}
