package dev.sfbridge.listener;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sfbridge.aws.SecretStrings;
import dev.sfbridge.cache.Cached;
import dev.sfbridge.contract.FaultCode;
import dev.sfbridge.contract.OutboundMessage;
import dev.sfbridge.contract.OutboundMessageRejected;
import dev.sfbridge.model.InstanceUrl;
import dev.sfbridge.model.SalesforceIds;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * For outbound messages sent without a session: the endpoint URL each org's admin enters holds a key of that
 * org's ({@code …/outbound-messages?key=…}), kept in a Secrets Manager secret as
 * {@code {"<org ID>": "<key>"}} or, while a key is rotated, {@code {"<org ID>": ["<new>", "<old>"]}}.
 * Keys are compared as SHA-256 digests with {@link MessageDigest#isEqual}, which takes the same time
 * wherever two digests differ, so the time of an answer says nothing of how much of a guess was right.
 *
 * <p>The secret is read at most every {@link #FRESH_FOR}, and served for up to {@link #SERVED_STALE_FOR} more
 * while Secrets Manager cannot be reached.
 */
final class EndpointKeyCheck implements SenderCheck {
    /** The query parameter that carries the key. */
    static final String PARAMETER = "key";
    /** Keys shorter than this are refused as the secret's fault: a key must not be guessable. */
    static final int MIN_KEY_LENGTH = 32;
    static final Duration FRESH_FOR = Duration.ofMinutes(5);
    static final Duration SERVED_STALE_FOR = Duration.ofHours(1);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Cached<Map<String, List<byte[]>>, KeysUnavailable> keys;

    EndpointKeyCheck(SecretsManagerClient secretsManager, String secretId, Clock clock) {
        keys = Cached.expiring(() -> digests(read(secretsManager, secretId)), KeysUnavailable.class, FRESH_FOR, SERVED_STALE_FOR, clock);
    }

    @Override
    public void verify(OutboundMessage message, InstanceUrl instance, ListenerRequest request) throws OutboundMessageRejected {
        String presented = request.endpointKey();
        if (presented == null || presented.isEmpty()) {
            throw new OutboundMessageRejected("endpoint_key_missing", "the endpoint URL carries no ?" + PARAMETER
                    + "=: this endpoint verifies the sender by the key in its URL (docs/runbook.md, adding an org)");
        }
        Map<String, List<byte[]>> byOrganization;
        try {
            byOrganization = keys.get();
        } catch (KeysUnavailable e) {
            throw new OutboundMessageRejected(FaultCode.SERVER, "endpoint_keys_unavailable",
                    "the endpoint keys could not be read (" + e.getMessage() + "); deliver again");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OutboundMessageRejected(FaultCode.SERVER, "endpoint_keys_unavailable", "interrupted; deliver again");
        }
        byte[] digest = sha256(presented);
        boolean matches = false;
        for (byte[] key : byOrganization.getOrDefault(SalesforceIds.to18(message.organizationId()), List.of())) {
            matches |= MessageDigest.isEqual(key, digest);
        }
        if (!matches) {
            throw new OutboundMessageRejected("endpoint_key_mismatch", "the key in the endpoint URL is not organization "
                    + message.organizationId() + "'s");
        }
    }

    private static String read(SecretsManagerClient secretsManager, String secretId) throws KeysUnavailable {
        try {
            String secret = SecretStrings.read(secretsManager, secretId);
            if (secret == null) {
                throw new KeysUnavailable("the secret holds no SecretString");
            }
            return secret;
        } catch (SecretStrings.Unavailable e) {
            throw new KeysUnavailable(e.getMessage());
        }
    }

    /**
     * Never quotes the secret: a message names the org whose entry is wrong, and how, or the entry by its place when
     * its name is not an org ID (an entry written the wrong way round is named by its key, and the message reaches an
     * unauthenticated caller in the fault).
     */
    static Map<String, List<byte[]>> digests(String secret) throws KeysUnavailable {
        JsonNode entries;
        try {
            entries = JSON.readTree(secret);
        } catch (IOException e) {
            throw new KeysUnavailable("the secret is not JSON");
        }
        if (entries == null || !entries.isObject() || entries.isEmpty()) {
            throw new KeysUnavailable("the secret is not a JSON object of org IDs and their keys");
        }
        Map<String, List<byte[]>> digests = new HashMap<>();
        int place = 0;
        for (Map.Entry<String, JsonNode> entry : entries.properties()) {
            place++;
            String organization = entry.getKey();
            if (!SalesforceIds.isValid(organization)) {
                throw new KeysUnavailable("entry " + place + " of the secret is not named by an org ID");
            }
            List<byte[]> keys = new ArrayList<>();
            for (JsonNode key : entry.getValue().isArray() ? entry.getValue() : List.of(entry.getValue())) {
                if (!key.isTextual() || key.asText().length() < MIN_KEY_LENGTH) {
                    throw new KeysUnavailable("a key of organization " + organization + " is not a string of at least "
                            + MIN_KEY_LENGTH + " characters");
                }
                keys.add(sha256(key.asText()));
            }
            digests.put(SalesforceIds.to18(organization), List.copyOf(keys));
        }
        return Map.copyOf(digests);
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** The keys cannot be read, or the secret is not in their format: the message says which, never a key. */
    static final class KeysUnavailable extends Exception {
        KeysUnavailable(String message) {
            super(message);
        }
    }
}
