package dev.sfbridge.erp;

import dev.sfbridge.aws.SecretStrings;
import dev.sfbridge.cache.Cached;
import java.time.Clock;
import java.time.Duration;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The ERP secret from Secrets Manager ({@code GetSecretValue}), kept for a time-to-live so a warm Lambda
 * does not call Secrets Manager for every order, and read again when the ERP refuses it (rotation).
 * When Secrets Manager cannot be read, the secret in hand stays in use however long that lasts: the ERP
 * still decides, and a 401 drops it for good (docs/erp-api.md, "Caches").
 */
public final class SecretsManagerErpCredentials implements ErpCredentials {
    public static final Duration DEFAULT_TTL = Duration.ofMinutes(5);
    /** No bound of our own on serving the secret in hand stale: the ERP's 401 is the bound. */
    private static final Duration SERVED_STALE_UNTIL_REFUSED = Duration.ofSeconds(Long.MAX_VALUE);

    private final String secretId;
    private final Duration ttl;
    private final Cached<ErpSecret, ErpException> secret;

    public SecretsManagerErpCredentials(SecretsManagerClient secretsManager, String secretId, Duration ttl, Clock clock) {
        this.secretId = secretId;
        this.ttl = ttl;
        this.secret = Cached.expiring(() -> read(secretsManager), ErpException.class, ttl, SERVED_STALE_UNTIL_REFUSED, clock);
    }

    public SecretsManagerErpCredentials(SecretsManagerClient secretsManager, String secretId) {
        this(secretsManager, secretId, DEFAULT_TTL, Clock.systemUTC());
    }

    @Override
    public ErpSecret current() throws ErpException {
        try {
            return secret.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ErpException(ErpException.Kind.RETRYABLE, 0, "interrupted while reading the ERP credentials", e);
        }
    }

    /** Never the refused secret: with it dropped, a failed read reaches the caller instead of passing it off again. */
    @Override
    public ErpSecret reload(ErpSecret refused) throws ErpException {
        secret.invalidate(refused);
        return current();
    }

    private ErpSecret read(SecretsManagerClient secretsManager) throws ErpException {
        String json;
        try {
            json = SecretStrings.read(secretsManager, secretId);
        } catch (SecretStrings.Unavailable e) {
            throw unavailable(e.getMessage(), e);
        }
        if (json == null) {
            throw unavailable("it has no SecretString", null);
        }
        try {
            return ErpSecret.parse(json);
        } catch (IllegalArgumentException e) {
            throw unavailable(e.getMessage(), null);
        }
    }

    /** Retryable: not the order's fault, and fixed by repairing the secret or waiting out an outage. */
    private ErpException unavailable(String why, Throwable cause) {
        return new ErpException(ErpException.Kind.RETRYABLE, 0,
                "ERP credentials unavailable from secret '" + secretId + "': " + why, cause);
    }

    @Override
    public String toString() {
        return "SecretsManagerErpCredentials[secretId=" + secretId + ", ttl=" + ttl + "]";
    }
}
