package dev.sfbridge.erpevents;

import dev.sfbridge.aws.SecretStrings;
import dev.sfbridge.cache.Cached;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The HMAC key shared with the ERP: the whole {@code SecretString} of a Secrets Manager secret, as UTF-8
 * bytes, at least {@link #MIN_KEY_BYTES} of them. Kept for a time-to-live so a warm function does not call
 * Secrets Manager per request, and so a rotated secret is in use within that time. When Secrets Manager cannot be read, the key in hand is used
 * for up to {@link #SERVED_STALE_FOR} more (docs/erp-api.md, "Caches").
 */
final class SigningSecret {
    /**
     * Rides out a Secrets Manager outage, yet bounded: nothing ever rejects this key on our behalf (we are
     * the verifier), so a key rotated because it leaked must stop being accepted within this time anyway.
     */
    static final Duration SERVED_STALE_FOR = Duration.ofHours(1);
    /**
     * An HMAC-SHA256 key as long as the hash's output (RFC 2104 §3: less is "strongly discouraged"): a short
     * word shared with the ERP could be guessed offline from one signed event.
     */
    static final int MIN_KEY_BYTES = 32;

    private final Cached<byte[], Rejection> key;

    SigningSecret(SecretsManagerClient secretsManager, String secretId, Duration ttl, Clock clock) {
        this.key = Cached.expiring(() -> read(secretsManager, secretId), Rejection.class, ttl, SERVED_STALE_FOR, clock);
    }

    /**
     * @throws Rejection 503 when Secrets Manager cannot be read and no key is in hand, or the one in hand is
     *                   older than its time-to-live and {@link #SERVED_STALE_FOR}: the ERP sends again later
     */
    byte[] key() throws Rejection {
        try {
            return key.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Rejection(503, "secret_unavailable", "interrupted while reading the signing secret");
        }
    }

    private static byte[] read(SecretsManagerClient secretsManager, String secretId) throws Rejection {
        String secret;
        try {
            secret = SecretStrings.read(secretsManager, secretId);
        } catch (SecretStrings.Unavailable e) {
            throw new Rejection(503, "secret_unavailable", "the signing secret could not be read: " + e.getMessage());
        }
        if (secret == null || secret.isEmpty()) {
            throw new Rejection(503, "secret_unavailable", "the signing secret is empty");
        }
        byte[] key = secret.getBytes(StandardCharsets.UTF_8);
        if (key.length < MIN_KEY_BYTES) {
            throw new Rejection(503, "secret_unavailable", "the signing secret is shorter than " + MIN_KEY_BYTES
                    + " bytes: put a longer one in the secret (docs/runbook.md)");
        }
        return key;
    }
}
