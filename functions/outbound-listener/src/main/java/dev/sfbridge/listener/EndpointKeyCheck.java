package dev.sfbridge.listener;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sfbridge.aws.SecretStrings;
import dev.sfbridge.cache.Cached;
import dev.sfbridge.contract.FaultCode;
import dev.sfbridge.contract.OutboundMessage;
import dev.sfbridge.contract.OutboundMessageRejected;
import dev.sfbridge.model.InstanceUrl;
import dev.sfbridge.model.SalesforceIds;
import dev.sfbridge.observability.JsonLog;
import dev.sfbridge.observability.Metric;
import dev.sfbridge.observability.Metrics;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * For outbound messages sent without a session: the endpoint URL each org's admin enters holds a key of that
 * org's ({@code …/outbound-messages?key=…}), kept in a Secrets Manager secret as
 * {@code {"<org ID>": "<key>"}} or, while a key is rotated, {@code {"<org ID>": ["<new>", "<old>"]}}.
 * Every key given for an org is taken: by either form of its ID, in any number of entries (a JSON object's
 * repeated name included, which a tree reader would keep only the last of). Keys are compared as SHA-256 digests
 * with {@link MessageDigest#isEqual}, which takes the same time wherever two digests differ, so the time of an answer
 * says nothing of how much of a guess was right.
 *
 * <p>An entry that cannot be used (not named by an org ID, a key too short or not a string) is logged at ERROR by
 * its place and counted ({@link Metric#ENDPOINT_KEY_ENTRIES_UNUSABLE}) each time the secret is read; it refuses only
 * its own org's messages, and the fault they get names no org and no key. The other orgs keep working.
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

    private final Cached<EndpointKeys, KeysUnavailable> keys;

    /** @param log and metrics where an unusable entry of the secret is told, each time the secret is read */
    EndpointKeyCheck(SecretsManagerClient secretsManager, String secretId, Clock clock, JsonLog log, Metrics metrics) {
        keys = Cached.expiring(() -> {
            EndpointKeys read = digests(read(secretsManager, secretId));
            if (!read.unusable().isEmpty()) {
                read.unusable().forEach(problem -> log.error("endpoint keys secret: entry unusable", Map.of("problem", problem)));
                metrics.count(Metric.ENDPOINT_KEY_ENTRIES_UNUSABLE, read.unusable().size());
            }
            return read;
        }, KeysUnavailable.class, FRESH_FOR, SERVED_STALE_FOR, clock);
    }

    @Override
    public void verify(OutboundMessage message, InstanceUrl instance, ListenerRequest request) throws OutboundMessageRejected {
        String presented = request.endpointKey();
        if (presented == null || presented.isEmpty()) {
            throw new OutboundMessageRejected("endpoint_key_missing", "the endpoint URL carries no ?" + PARAMETER
                    + "=: this endpoint verifies the sender by the key in its URL (docs/runbook.md, adding an org)");
        }
        EndpointKeys byOrganization;
        try {
            byOrganization = keys.get();
        } catch (KeysUnavailable e) {
            throw new OutboundMessageRejected(FaultCode.SERVER, "endpoint_keys_unavailable",
                    "the endpoint keys could not be read (" + e.getMessage() + "); deliver again");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OutboundMessageRejected(FaultCode.SERVER, "endpoint_keys_unavailable", "interrupted; deliver again");
        }
        String organization = SalesforceIds.to18(message.organizationId());
        byte[] digest = sha256(presented);
        boolean matches = false;
        for (byte[] key : byOrganization.digests().getOrDefault(organization, List.of())) {
            matches |= MessageDigest.isEqual(key, digest);
        }
        if (matches) {
            return;
        }
        if (byOrganization.unusableFor().contains(organization)) {
            // the secret's fault, which a fix ends: delivered again meanwhile; which entry is wrong is the log's to say
            throw new OutboundMessageRejected(FaultCode.SERVER, "endpoint_keys_unavailable", "an entry of this organization's"
                    + " in the endpoint keys' secret cannot be used (the function's log names it); deliver again");
        }
        throw new OutboundMessageRejected("endpoint_key_mismatch", "the key in the endpoint URL is not organization "
                + message.organizationId() + "'s");
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
     * The secret's keys by org (its 18-character ID), every entry's merged, and what could not be used. A problem names
     * the entry by its place, and its org only when the name is an org ID: never a key (an entry written the wrong way
     * round would be named by its key).
     *
     * @param digests     every usable key of each org
     * @param unusableFor the orgs with an entry that holds a key that cannot be used (its other keys are taken)
     * @param unusable    what is wrong with each unusable entry
     */
    record EndpointKeys(Map<String, List<byte[]>> digests, Set<String> unusableFor, List<String> unusable) {}

    static EndpointKeys digests(String secret) throws KeysUnavailable {
        Map<String, List<byte[]>> digests = new HashMap<>();
        Set<String> unusableFor = new HashSet<>();
        List<String> unusable = new ArrayList<>();
        try (JsonParser entries = JSON.createParser(secret)) {
            if (entries.nextToken() != JsonToken.START_OBJECT) {
                throw new KeysUnavailable("the secret is not a JSON object of org IDs and their keys");
            }
            int place = 0;
            // field by field, not as a tree: a tree keeps only the last of two entries of one name
            while (entries.nextToken() == JsonToken.FIELD_NAME) {
                place++;
                String organization = entries.currentName();
                entries.nextToken();
                JsonNode value = entries.readValueAsTree();
                if (!SalesforceIds.isValid(organization)) {
                    unusable.add("entry " + place + " of the secret is not named by an org ID");
                    continue;
                }
                String id = SalesforceIds.to18(organization);
                List<byte[]> keys = digests.computeIfAbsent(id, any -> new ArrayList<>());
                boolean weak = false;
                for (JsonNode key : value.isArray() ? value : List.of(value)) {
                    if (key.isTextual() && key.asText().length() >= MIN_KEY_LENGTH) {
                        keys.add(sha256(key.asText()));
                    } else {
                        weak = true;
                    }
                }
                if (weak) {
                    unusable.add("entry " + place + " of the secret, organization " + organization
                            + "'s, holds a key that is not a string of at least " + MIN_KEY_LENGTH + " characters");
                    unusableFor.add(id);
                }
            }
            if (place == 0) {
                throw new KeysUnavailable("the secret is not a JSON object of org IDs and their keys");
            }
        } catch (IOException e) {
            throw new KeysUnavailable("the secret is not JSON");
        }
        Map<String, List<byte[]>> copied = new HashMap<>();
        digests.forEach((organization, keys) -> copied.put(organization, List.copyOf(keys)));
        return new EndpointKeys(Map.copyOf(copied), Set.copyOf(unusableFor), List.copyOf(unusable));
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
