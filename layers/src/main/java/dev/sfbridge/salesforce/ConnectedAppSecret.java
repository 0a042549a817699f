package dev.sfbridge.salesforce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sfbridge.aws.SecretStrings;
import dev.sfbridge.salesforce.SalesforceException.Kind;
import java.io.IOException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The connected app's credentials, kept in one Secrets Manager secret as JSON:
 * {@code {"consumerKey": "...", "username": "...", "privateKey": "-----BEGIN PRIVATE KEY-----..."}} for the
 * JWT bearer flow, {@code {"consumerKey": "...", "consumerSecret": "..."}} for the client credentials flow.
 * {@link #toString()} shows none of it; errors name the missing key, never a value.
 */
public record ConnectedAppSecret(String consumerKey, String username, String privateKey, String consumerSecret) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Where a token request reads the secret from. */
    @FunctionalInterface
    public interface Source {
        ConnectedAppSecret read() throws SalesforceException;
    }

    /**
     * Reads the secret at every token request: those are rare (one per expired token, shared by every
     * caller), and a rotated key or consumer secret is then used at once.
     */
    public static Source fromSecretsManager(SecretsManagerClient secretsManager, String secretId) {
        return () -> {
            try {
                return parse(SecretStrings.read(secretsManager, secretId));
            } catch (SecretStrings.Unavailable e) {
                throw new SalesforceException(Kind.RETRYABLE, 0, e.getMessage() + " for the Salesforce secret");
            }
        };
    }

    public static ConnectedAppSecret parse(String json) throws SalesforceException {
        JsonNode secret;
        try {
            secret = JSON.readTree(json == null ? "" : json);
        } catch (IOException e) {
            // the parser's message quotes the input, which is the secret
            throw new SalesforceException(Kind.RETRYABLE, 0, "the Salesforce secret is not a JSON object");
        }
        if (secret == null || !secret.isObject()) {
            throw new SalesforceException(Kind.RETRYABLE, 0, "the Salesforce secret is not a JSON object");
        }
        return new ConnectedAppSecret(text(secret, "consumerKey"), text(secret, "username"), text(secret, "privateKey"),
                text(secret, "consumerSecret"));
    }

    /** @throws SalesforceException naming {@code key} when the flow needs a value the secret lacks */
    static String require(String value, String key) throws SalesforceException {
        if (value == null || value.isBlank()) {
            throw new SalesforceException(Kind.RETRYABLE, 0, "the Salesforce secret has no \"" + key + "\"");
        }
        return value;
    }

    private static String text(JsonNode secret, String key) {
        JsonNode value = secret.get(key);
        return value == null || !value.isTextual() ? null : value.asText();
    }

    @Override
    public String toString() {
        return "ConnectedAppSecret[redacted]";
    }
}
