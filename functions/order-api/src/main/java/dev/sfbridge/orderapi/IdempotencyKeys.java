package dev.sfbridge.orderapi;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.sfbridge.idempotency.IdempotencyStore;
import dev.sfbridge.idempotency.IdempotencyStore.Claim;
import dev.sfbridge.idempotency.IdempotencyStore.Lease;
import dev.sfbridge.model.OrderRequest;
import dev.sfbridge.model.QueueJson;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code Idempotency-Key} on {@code POST /orders}, on the idempotency table's claims (docs/request-reply.md,
 * "Idempotency-Key"): the first request with a key claims it, and its success is stored with the key and a
 * fingerprint of its order; a later request with the key gets that answer again if its order is the same, and
 * 422 if it is another. While the first is still running, others with its key get 409 and make no ERP call.
 * A failure is not stored: the claim is given up, and the key can be used again at once. Keys are per caller
 * (the IAM identity that signed the request, or the JWT's subject), so two callers cannot meet on one key.
 */
final class IdempotencyKeys {
    /**
     * The IETF draft's {@code Idempotency-Key}: a string; here printable ASCII, as long as a UUID and more, spaces
     * inside it but not at either end, where HTTP drops them from a header's value (RFC 9110 section 5.5). A key is
     * hashed as given, so a space in it is as good as any other character.
     */
    static final Pattern KEY = Pattern.compile("[\\x21-\\x7E]([\\x20-\\x7E]{0,253}[\\x21-\\x7E])?");
    private static final String PREFIX = "order-api-key#";

    /** What a request with a key does next. */
    sealed interface Claimed {
        /** The key is this request's: call the ERP, then {@link #complete} or {@link #release}. */
        record Fresh(Lease lease, String fingerprint) implements Claimed {}

        /** The same order was answered with this key before: this is the answer. */
        record Replay(ApiResponse response) implements Claimed {}
    }

    /** The answer stored with a key. */
    private record Stored(@JsonProperty("fingerprint") String fingerprint, @JsonProperty("status") int status,
                          @JsonProperty("body") String body) {}

    private final IdempotencyStore store;
    private final Clock clock;

    IdempotencyKeys(IdempotencyStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /**
     * @param lease how long the key is held if this caller never finishes (a crash): past the request's deadline
     * @throws Refusal 400 for a key that is not one, 409 while another request holds it, 422 when it was used for
     *                 another order, 503 when the table cannot be reached
     */
    Claimed claim(String caller, String key, OrderRequest order, Duration lease) throws Refusal {
        if (!KEY.matcher(key).matches()) {
            throw Refusal.badRequest("invalid_idempotency_key",
                    "Idempotency-Key must be 1 to 255 printable ASCII characters, spaces only inside it");
        }
        String fingerprint = sha256(QueueJson.write(order));
        Claim claim;
        try {
            claim = store.claim(PREFIX + sha256((caller == null ? "" : caller) + "\n" + key), clock.instant(), lease);
        } catch (RuntimeException e) {
            throw new Refusal(503, "idempotency_unavailable", "the Idempotency-Key could not be checked; send the request again",
                    Map.of("Retry-After", "1"));
        }
        return switch (claim) {
            case Claim.Acquired acquired -> new Claimed.Fresh(acquired.lease(), fingerprint);
            case Claim.HeldElsewhere held -> throw new Refusal(409, "idempotency_key_in_use",
                    "a request with this Idempotency-Key is still being answered; send it again in a moment",
                    Map.of("Retry-After", "1"));
            case Claim.AlreadyCompleted done -> {
                Stored stored = QueueJson.read(done.result(), Stored.class);
                if (!stored.fingerprint().equals(fingerprint)) {
                    throw new Refusal(422, "idempotency_key_reused",
                            "this Idempotency-Key was used for another order; use a new key for a new order");
                }
                yield new Claimed.Replay(new ApiResponse(stored.status(), Map.of("Content-Type", "application/json"),
                        stored.body()).replayed());
            }
        };
    }

    /**
     * Stores a success with the key; a failure gives the key up. Never throws, the answer stands either way: a claim
     * left behind runs out with its lease, and a repeat then calls the ERP again, whose upsert gives the same order.
     *
     * @param answer the answer given, or null when there was none (a fault)
     * @return null, or what went wrong, for the log
     */
    String finish(Claimed.Fresh fresh, ApiResponse answer) {
        try {
            if (answer != null && answer.succeeded()) {
                store.complete(fresh.lease(), QueueJson.write(new Stored(fresh.fingerprint(), answer.status(), answer.body())),
                        clock.instant());
            } else {
                store.release(fresh.lease());
            }
            return null;
        } catch (IdempotencyStore.LeaseLost e) {
            return e.getMessage();
        } catch (RuntimeException e) {
            return "the idempotency table could not be written: " + e.getClass().getSimpleName();
        }
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
