package dev.sfbridge.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Secrets Manager's {@code CreateSecret}, {@code PutSecretValue}, {@code GetSecretValue} and {@code ListSecrets}
 * (of nothing: enough to tell it answers) on a free loopback port, in memory, in its wire protocol (JSON 1.1, the
 * action in {@code X-Amz-Target}), as an endpoint's Secrets Manager would answer them: ARNs end in a suffix made up
 * at creation, so a caller must use the ARN it was given; its first answer may come late, as a service that starts
 * at its first call answers. Records every call as "Action secret".
 */
final class SecretsManagerStandIn implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ARN_PREFIX = "arn:aws:secretsmanager:us-east-1:000000000000:secret:";

    private final Map<String, String> arnsByName = new ConcurrentHashMap<>();
    private final Map<String, String> valuesByArn = new ConcurrentHashMap<>();
    private final List<String> calls = new CopyOnWriteArrayList<>();
    private final ExecutorService threads = Executors.newFixedThreadPool(4);
    private final HttpServer server;
    private volatile Duration firstAnswerAfter = Duration.ZERO;

    SecretsManagerStandIn() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(threads);
        server.start();
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    List<String> calls() {
        return List.copyOf(calls);
    }

    /** The first call is answered only after this long. */
    void answerFirstCallAfter(Duration delay) {
        firstAnswerAfter = delay;
    }

    String arn(String name) {
        return arnsByName.get(name);
    }

    private void handle(HttpExchange exchange) throws IOException {
        String action = String.valueOf(exchange.getRequestHeaders().getFirst("X-Amz-Target")).replace("secretsmanager.", "");
        JsonNode request = JSON.readTree(exchange.getRequestBody());
        if (calls.isEmpty() && !firstAnswerAfter.isZero()) {
            try {
                Thread.sleep(firstAnswerAfter);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try (exchange) {
            switch (action) {
                case "CreateSecret" -> {
                    String name = request.path("Name").asText();
                    calls.add(action + " " + name);
                    String arn = ARN_PREFIX + name + "-" + Integer.toHexString(name.hashCode() & 0xffffff);
                    if (arnsByName.putIfAbsent(name, arn) != null) {
                        respond(exchange, 400, Map.of("__type", "ResourceExistsException", "message", "the secret " + name + " exists"));
                        return;
                    }
                    valuesByArn.put(arn, request.path("SecretString").asText());
                    respond(exchange, 200, Map.of("ARN", arn, "Name", name));
                }
                case "PutSecretValue", "GetSecretValue" -> {
                    String id = request.path("SecretId").asText();
                    calls.add(action + " " + id);
                    String arn = valuesByArn.containsKey(id) ? id : arnsByName.get(id);
                    if (arn == null) {
                        respond(exchange, 400, Map.of("__type", "ResourceNotFoundException", "message", "no secret " + id));
                    } else if (action.equals("PutSecretValue")) {
                        valuesByArn.put(arn, request.path("SecretString").asText());
                        respond(exchange, 200, Map.of("ARN", arn));
                    } else {
                        respond(exchange, 200, Map.of("ARN", arn, "SecretString", valuesByArn.get(arn)));
                    }
                }
                case "ListSecrets" -> {
                    calls.add(action);
                    respond(exchange, 200, Map.of());
                }
                default -> respond(exchange, 400, Map.of("__type", "InvalidAction", "message", "not here: " + action));
            }
        }
    }

    private static void respond(HttpExchange exchange, int status, Map<String, String> body) throws IOException {
        byte[] bytes = JSON.writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.1");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
