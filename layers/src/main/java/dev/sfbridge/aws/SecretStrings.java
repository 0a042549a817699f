package dev.sfbridge.aws;

import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/** Reads a secret's {@code SecretString}, with a failure every caller can log: it never holds the secret. */
public final class SecretStrings {
    private SecretStrings() {}

    /** @return the secret's string, or null when the secret has none (a binary secret) */
    public static String read(SecretsManagerClient secretsManager, String secretId) throws Unavailable {
        try {
            return secretsManager.getSecretValue(b -> b.secretId(secretId)).secretString();
        } catch (SdkException e) {
            throw new Unavailable(e instanceof AwsServiceException service && service.awsErrorDetails() != null
                    ? "Secrets Manager answered " + service.awsErrorDetails().errorCode()
                    : "Secrets Manager could not be reached (" + e.getClass().getSimpleName() + ")", e);
        }
    }

    /** Secrets Manager refused or could not be reached; the message says which, and how. */
    public static final class Unavailable extends Exception {
        Unavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
