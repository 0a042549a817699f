package dev.sfbridge.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sfbridge.config.Env;
import dev.sfbridge.listener.SenderVerification;
import dev.sfbridge.model.SalesforceIds;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * How the simulated org's outbound messages are set up, to suit the listener the template builds (its
 * {@code SENDER_VERIFICATION}): with {@code url-secret}, the Endpoint URL carries the org's key, read from the listener's
 * {@code ENDPOINT_KEYS_SECRET_ARN} as an admin reads it (none when the secret has no key of the org's: its messages are
 * refused), and the messages carry no session, as Salesforce sends them
 * since February 2026 (Help article 005232763); with {@code session}, the messages carry a session, as a legacy org's
 * did; otherwise neither.
 *
 * @param endpoint the Endpoint URL entered in the org's outbound messages
 */
record OrgOutboundMessages(URI endpoint, boolean sendsSessions) {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KEY_PARAMETER = "key";

    static OrgOutboundMessages of(URI route, Map<String, String> listenerEnvironment, SecretsManagerClient secretsManager,
                                  String organizationId) {
        SenderVerification verification = SenderVerification.from(new Env(listenerEnvironment));
        return switch (verification.mode()) {
            case URL_SECRET -> new OrgOutboundMessages(key(secretsManager, verification.endpointKeysSecretId(), organizationId)
                    .map(key -> URI.create(route + "?" + KEY_PARAMETER + "=" + URLEncoder.encode(key, StandardCharsets.UTF_8))).orElse(route),
                    false);
            case SESSION -> new OrgOutboundMessages(route, true);
            case MTLS, NONE -> new OrgOutboundMessages(route, false);
        };
    }

    /** The org's key in the secret: its only one, or the first (the new one) while a key is rotated. Never quoted in an error. */
    private static Optional<String> key(SecretsManagerClient secretsManager, String secretId, String organizationId) {
        JsonNode keys;
        try {
            keys = JSON.readTree(secretsManager.getSecretValue(b -> b.secretId(secretId)).secretString());
        } catch (IOException e) {
            throw new IllegalArgumentException("the endpoint keys' secret " + secretId + " is not JSON");
        }
        for (Map.Entry<String, JsonNode> entry : keys.properties()) {
            if (SalesforceIds.isValid(entry.getKey()) && SalesforceIds.to18(entry.getKey()).equals(SalesforceIds.to18(organizationId))) {
                JsonNode key = entry.getValue().isArray() ? entry.getValue().path(0) : entry.getValue();
                if (key.isTextual()) {
                    return Optional.of(key.asText());
                }
            }
        }
        return Optional.empty();
    }
}
