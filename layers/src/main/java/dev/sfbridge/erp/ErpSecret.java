package dev.sfbridge.erp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Objects;

/**
 * How sfbridge authenticates to the ERP: the JSON of one Secrets Manager secret (docs/erp-api.md).
 * Neither {@code toString()} nor any parse error shows a secret value.
 */
public sealed interface ErpSecret {

    /** {@code {"type":"api-key","apiKey":"..."}}: the key goes in an {@code x-api-key} header. */
    record ApiKey(String apiKey) implements ErpSecret {
        public ApiKey {
            requireText(apiKey, "apiKey");
            if (!ErpAuthorization.Header.isHeaderSafe(apiKey)) {
                throw new IllegalArgumentException("apiKey must be visible ASCII characters without spaces");
            }
        }

        @Override
        public String toString() {
            return "ApiKey[apiKey=***]";
        }
    }

    /**
     * {@code {"type":"oauth-client-credentials","tokenUrl":"...","clientId":"...","clientSecret":"..."}}:
     * the client trades its ID and secret for a bearer token (OAuth 2.0 client credentials grant).
     */
    record OAuthClientCredentials(URI tokenUrl, String clientId, String clientSecret) implements ErpSecret {
        public OAuthClientCredentials {
            Objects.requireNonNull(tokenUrl, "tokenUrl");
            if (!tokenUrl.isAbsolute() || !tokenUrl.getScheme().matches("https?") || tokenUrl.getHost() == null) {
                throw new IllegalArgumentException("tokenUrl must be an absolute http(s) URL");
            }
            if (tokenUrl.getScheme().equals("http") && !isLoopback(tokenUrl.getHost())) {
                // the client secret travels in the token request's Authorization header: only over TLS, unless the
                // token endpoint is on this machine (tests, the local stack)
                throw new IllegalArgumentException("tokenUrl must be https (http only to localhost or 127.0.0.1)");
            }
            requireText(clientId, "clientId");
            requireText(clientSecret, "clientSecret");
        }

        @Override
        public String toString() {
            // a client ID identifies, it does not authenticate (RFC 6749 §2.2): safe to show
            return "OAuthClientCredentials[tokenUrl=" + tokenUrl + ", clientId=" + clientId + ", clientSecret=***]";
        }
    }

    /**
     * Reads the secret's JSON. Fields other than those of its type are ignored.
     *
     * @throws IllegalArgumentException saying what is missing or wrong, never quoting the JSON
     */
    static ErpSecret parse(String json) {
        JsonNode root;
        try {
            root = ErpJson.tree(json);
        } catch (JsonProcessingException e) {
            // Jackson's message quotes the offending text, which may be the secret: drop it and its cause
            throw new IllegalArgumentException("the ERP secret is not valid JSON");
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("the ERP secret is not a JSON object");
        }
        return switch (root.path("type").asText()) {
            case "api-key" -> new ApiKey(field(root, "apiKey"));
            case "oauth-client-credentials" -> new OAuthClientCredentials(
                    tokenUrl(field(root, "tokenUrl")), field(root, "clientId"), field(root, "clientSecret"));
            default -> throw new IllegalArgumentException(
                    "the ERP secret's \"type\" must be \"api-key\" or \"oauth-client-credentials\"");
        };
    }

    /** The loopback host names, by their text alone: no name is looked up, so DNS cannot make a host local. */
    private static boolean isLoopback(String host) {
        return host.equalsIgnoreCase("localhost") || host.equals("[::1]") || host.matches("127(\\.\\d{1,3}){3}");
    }

    private static String field(JsonNode root, String name) {
        JsonNode value = root.get(name);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            throw new IllegalArgumentException("the ERP secret has no text field \"" + name + "\"");
        }
        return value.asText().strip();
    }

    private static URI tokenUrl(String text) {
        try {
            return new URI(text);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("the ERP secret's tokenUrl is not a URL");
        }
    }

    private static void requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " is required");
        }
    }
}
