package dev.sfbridge.testing;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Which of the ERP's applied writes a client never heard the answer of, told by the client: each of its attempts
 * carries an ID ({@link #HEADER}), and one that ends without an answer (its request timeout, a reset) is reported
 * abandoned. An attempt applied and abandoned, in either order, is an answer lost, counted once. The server alone
 * cannot tell: a client that timed out closes its connection, and the late answer's write to it still succeeds.
 */
final class AbandonedAttempts {
    static final String HEADER = "X-Simulator-Attempt";

    private final Consumer<ErpOrderLedger.Change> answerLost;
    private final Map<String, ErpOrderLedger.Change> applied = new HashMap<>();
    private final Set<String> abandoned = new HashSet<>();
    private final Set<String> lost = new HashSet<>();

    AbandonedAttempts(Consumer<ErpOrderLedger.Change> answerLost) {
        this.answerLost = answerLost;
    }

    /** {@code real}, each request an attempt with an ID of its own, reported here when it ends without an answer. */
    HttpClient reporting(HttpClient real) {
        return new ForwardingHttpClient(real) {
            @Override
            public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler) throws IOException, InterruptedException {
                String attempt = UUID.randomUUID().toString();
                try {
                    return super.send(HttpRequest.newBuilder(request, (name, value) -> true).header(HEADER, attempt).build(), handler);
                } catch (IOException | InterruptedException e) {
                    abandoned(attempt);
                    throw e;
                }
            }
        };
    }

    /** The attempt (null: a client that names none) wrote {@code change}, and its answer is on its way. */
    synchronized void applied(String attempt, ErpOrderLedger.Change change) {
        if (attempt != null) {
            applied.put(attempt, change);
            if (abandoned.contains(attempt)) {
                lost(attempt, change);
            }
        }
    }

    /** The attempt wrote {@code change} and its answer did not reach the client (a fault, or a write that failed). */
    synchronized void lost(String attempt, ErpOrderLedger.Change change) {
        if (attempt == null || lost.add(attempt)) {
            answerLost.accept(change);
        }
    }

    /** The client ended the attempt without an answer: if the ERP applied it, or applies it later, its answer is lost. */
    synchronized void abandoned(String attempt) {
        abandoned.add(attempt);
        ErpOrderLedger.Change change = applied.get(attempt);
        if (change != null) {
            lost(attempt, change);
        }
    }
}
