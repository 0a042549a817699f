package dev.sfbridge.erpevents;

import dev.sfbridge.aws.SecretStrings;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.locks.ReentrantLock;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The HMAC key shared with the ERP: the whole {@code SecretString} of a Secrets Manager secret, as UTF-8
 * bytes. Kept for a time-to-live so a warm function does not call Secrets Manager per request, and so a
 * rotated secret is in use within that time.
 */
final class SigningSecret {
    private final SecretsManagerClient secretsManager;
    private final String secretId;
    private final Duration ttl;
    private final Clock clock;
    private final ReentrantLock lock = new ReentrantLock();
    private byte[] key;
    private Instant readAt;

    SigningSecret(SecretsManagerClient secretsManager, String secretId, Duration ttl, Clock clock) {
        this.secretsManager = secretsManager;
        this.secretId = secretId;
        this.ttl = ttl;
        this.clock = clock;
    }

    /** @throws Rejection 503 when Secrets Manager cannot be read and no key is in hand: the ERP sends again later */
    byte[] key() throws Rejection {
        lock.lock();
        try {
            Instant now = clock.instant();
            if (key == null || !now.isBefore(readAt.plus(ttl))) {
                key = read();
                readAt = now;
            }
            return key;
        } finally {
            lock.unlock();
        }
    }

    private byte[] read() throws Rejection {
        String secret;
        try {
            secret = SecretStrings.read(secretsManager, secretId);
        } catch (SecretStrings.Unavailable e) {
            throw new Rejection(503, "secret_unavailable", "the signing secret could not be read: " + e.getMessage());
        }
        if (secret == null || secret.isEmpty()) {
            throw new Rejection(503, "secret_unavailable", "the signing secret is empty");
        }
        return secret.getBytes(StandardCharsets.UTF_8);
    }
}
