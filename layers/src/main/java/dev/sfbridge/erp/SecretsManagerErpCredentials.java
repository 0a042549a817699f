package dev.sfbridge.erp;

import dev.sfbridge.aws.SecretStrings;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The ERP secret from Secrets Manager ({@code GetSecretValue}), kept for a time-to-live so a warm Lambda
 * does not call Secrets Manager for every order, and read again when the ERP refuses it (rotation).
 */
public final class SecretsManagerErpCredentials implements ErpCredentials {
    public static final Duration DEFAULT_TTL = Duration.ofMinutes(5);

    private final SecretsManagerClient secretsManager;
    private final String secretId;
    private final Duration ttl;
    private final Clock clock;
    private ErpSecret cached;
    private Instant readAt;

    public SecretsManagerErpCredentials(SecretsManagerClient secretsManager, String secretId, Duration ttl, Clock clock) {
        this.secretsManager = secretsManager;
        this.secretId = secretId;
        this.ttl = ttl;
        this.clock = clock;
    }

    public SecretsManagerErpCredentials(SecretsManagerClient secretsManager, String secretId) {
        this(secretsManager, secretId, DEFAULT_TTL, Clock.systemUTC());
    }

    @Override
    public synchronized ErpSecret current() throws ErpException {
        if (cached != null && clock.instant().isBefore(readAt.plus(ttl))) {
            return cached;
        }
        try {
            return reload();
        } catch (ErpException e) {
            if (cached == null) {
                throw e;
            }
            // Secrets Manager unreachable for a moment: the secret in hand is most likely still good,
            // and a 401 would make the client reload it anyway
            return cached;
        }
    }

    @Override
    public synchronized ErpSecret reload() throws ErpException {
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
            cached = ErpSecret.parse(json);
        } catch (IllegalArgumentException e) {
            throw unavailable(e.getMessage(), null);
        }
        readAt = clock.instant();
        return cached;
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
