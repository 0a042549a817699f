package dev.sfbridge.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * A token endpoint or API on a free loopback port that refuses every request and quotes it back in its
 * error: the {@code Authorization} header and the body, in {@code message} (the ERP's error shape) and
 * {@code error_description} (OAuth's, RFC 6749 §5.2). The worst a peer can do to what sfbridge logs.
 */
public final class EchoingEndpoint implements AutoCloseable {
    private final HttpServer server;

    public EchoingEndpoint(int status, String error) {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", exchange -> {
            String echo = "you sent Authorization: " + exchange.getRequestHeaders().getFirst("Authorization") + " with "
                    + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            byte[] body = new ObjectMapper().writeValueAsBytes(Map.of("error", error, "message", echo, "error_description", echo));
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, body.length);
            try (exchange) {
                exchange.getResponseBody().write(body);
            }
        });
        server.start();
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
