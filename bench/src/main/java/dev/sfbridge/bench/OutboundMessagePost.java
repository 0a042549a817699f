package dev.sfbridge.bench;

import dev.sfbridge.contract.SoapResponses;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Predicate;

/** Delivers an outbound message the way Salesforce does, and accepts nothing but the exact ack as an answer. */
final class OutboundMessagePost {
    /** Far above any answer a working listener gives, so that only a hang ends here. */
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private OutboundMessagePost() {}

    /** @throws NotAcked for any answer but HTTP 200 with the ack; a fault counts as a failure, never as an answer */
    static void deliver(HttpClient http, URI endpoint, byte[] body) throws IOException, InterruptedException {
        deliver(http, endpoint, body, SoapResponses.ACK::equals);
    }

    /** @param isAck what the listener's acknowledgement looks like: a JAX-WS stack writes its own envelope */
    static void deliver(HttpClient http, URI endpoint, byte[] body, Predicate<String> isAck) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(endpoint)
                        .timeout(TIMEOUT)
                        .header("Content-Type", "text/xml; charset=utf-8")
                        .header("SOAPAction", "\"\"")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200 || !isAck.test(response.body())) {
            throw new NotAcked(response);
        }
    }

    static final class NotAcked extends IOException {
        NotAcked(HttpResponse<String> response) {
            super("HTTP " + response.statusCode() + " instead of the ack: "
                    + response.body().substring(0, Math.min(300, response.body().length())));
        }
    }
}
