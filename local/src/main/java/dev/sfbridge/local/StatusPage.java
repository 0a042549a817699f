package dev.sfbridge.local;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.sfbridge.sync.SyncState;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * The local stack's status page on loopback: {@code /} is a page (local/src/main/resources/status-page, no
 * build step, nothing fetched from elsewhere) that polls {@code /status.json} and draws the flow from Salesforce
 * to the ERP and back with each stage's count, the queues' depths, the functions' last errors, the sync jobs and
 * the listener's latencies. The counts are {@link PipelineProgress}'s and the reconciliation the scenario's:
 * the page shows what the console prints, never a count of its own.
 */
final class StatusPage implements AutoCloseable {
    /** The page's files: path → resource and content type. Nothing else is served. */
    private static final Map<String, String[]> FILES = Map.of(
            "/", new String[] {"status-page/index.html", "text/html; charset=utf-8"},
            "/status.css", new String[] {"status-page/status.css", "text/css; charset=utf-8"},
            "/status.js", new String[] {"status-page/status.js", "text/javascript; charset=utf-8"});
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final PipelineProgress progress;
    private final RecentActivity activity;
    private final int scenarioOpportunities;
    private final Supplier<Optional<Reconciliation>> reconciliation;
    private final Supplier<List<SyncState>> syncJobs;
    private final Supplier<List<SyncReconciliation>> syncReconciliations;

    /**
     * @param reconciliation      the scenario's, once it is reconciled
     * @param syncJobs            the batch sync's control table: each job's item
     * @param syncReconciliations each sync direction's, once the scenario is reconciled
     */
    StatusPage(int port, PipelineProgress progress, RecentActivity activity, int scenarioOpportunities,
               Supplier<Optional<Reconciliation>> reconciliation, Supplier<List<SyncState>> syncJobs,
               Supplier<List<SyncReconciliation>> syncReconciliations) throws IOException {
        this.progress = progress;
        this.activity = activity;
        this.scenarioOpportunities = scenarioOpportunities;
        this.reconciliation = reconciliation;
        this.syncJobs = syncJobs;
        this.syncReconciliations = syncReconciliations;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 16);
        server.createContext("/", this::serve);
        server.setExecutor(executor);
        server.start();
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    /** What {@code /status.json} answers. */
    Map<String, Object> status() {
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("counts", progress.counts());
        status.put("errors", activity.errors());
        status.put("errorsSeen", activity.errorsSeen());
        status.put("latencies", activity.latencies());
        status.put("syncJobs", syncJobs.get().stream().map(StatusPage::syncJob).toList());
        Map<String, Object> scenario = new LinkedHashMap<>();
        Optional<Reconciliation> reconciled = reconciliation.get();
        scenario.put("opportunities", scenarioOpportunities);
        scenario.put("state", scenarioOpportunities == 0 ? "none" : reconciled.isPresent() ? "reconciled" : "running");
        reconciled.ifPresent(r -> {
            Map<String, Object> counts = new LinkedHashMap<>(Map.of("passed", r.passed(), "opportunities", r.opportunities(),
                    "withOrder", r.withOrder(), "ordersInErp", r.ordersInErp(), "callbacksMatching", r.callbacksMatching(),
                    "mismatches", r.mismatches()));
            r.linesMatching().ifPresent(lines -> counts.put("linesMatching", lines));
            scenario.put("reconciliation", counts);
        });
        scenario.put("syncReconciliations", syncReconciliations.get().stream().map(sync -> Map.of("syncJob", sync.syncJob(),
                "passed", sync.passed(), "counts", sync.counts(), "mismatches", sync.mismatches())).toList());
        status.put("scenario", scenario);
        return status;
    }

    /** A sync job's item as the page shows it: its state, watermark, the current or last run and its counts. */
    private static Map<String, Object> syncJob(SyncState state) {
        Map<String, Object> job = new LinkedHashMap<>();
        job.put("job", state.job());
        job.put("status", String.valueOf(state.status()));
        job.put("watermark", String.valueOf(state.watermark()));
        job.put("windowStart", String.valueOf(state.windowStart()));
        job.put("windowEnd", String.valueOf(state.windowEnd()));
        job.put("endedAt", String.valueOf(state.endedAt()));
        job.put("counts", state.counts());
        job.put("reason", state.reason() == null ? "" : state.reason());
        return job;
    }

    private void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            if (!exchange.getRequestMethod().equals("GET")) {
                respond(exchange, 405, "text/plain; charset=utf-8", "GET only\n".getBytes(StandardCharsets.UTF_8));
            } else if (path.equals("/status.json")) {
                respond(exchange, 200, "application/json", statusJson());
            } else if (FILES.containsKey(path)) {
                respond(exchange, 200, FILES.get(path)[1], resource(FILES.get(path)[0]));
            } else {
                respond(exchange, 404, "text/plain; charset=utf-8", "not found\n".getBytes(StandardCharsets.UTF_8));
            }
        } catch (RuntimeException e) {
            // the emulators stopped under a request (Ctrl-C): the page's next poll says so
            System.err.println("status page: " + e);
        }
    }

    private byte[] statusJson() {
        try {
            return JSON.writeValueAsBytes(status());
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = StatusPage.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("the status page's " + name + " is not on the class path");
            }
            return in.readAllBytes();
        }
    }

    private static void respond(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.close();
    }
}
