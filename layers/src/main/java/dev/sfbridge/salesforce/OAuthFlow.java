package dev.sfbridge.salesforce;

import dev.sfbridge.config.Env.ConfigException;
import java.net.URI;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;

/** The OAuth 2.0 flows sfbridge gets tokens with when no user is present, and the form each posts. */
public enum OAuthFlow {
    /** The default: the connected app's certificate key signs a short-lived JWT; no secret travels. */
    JWT_BEARER("jwt-bearer") {
        @Override
        Map<String, String> form(ConnectedAppSecret app, URI loginUrl, Instant now) throws SalesforceException {
            return Map.of("grant_type", "urn:ietf:params:oauth:grant-type:jwt-bearer",
                    "assertion", JwtBearerAssertion.sign(app, loginUrl.toString(), now));
        }
    },
    /** The consumer key and secret, sent to the org's My Domain; the token runs as the app's configured user. */
    CLIENT_CREDENTIALS("client-credentials") {
        @Override
        Map<String, String> form(ConnectedAppSecret app, URI loginUrl, Instant now) throws SalesforceException {
            return Map.of("grant_type", "client_credentials",
                    "client_id", ConnectedAppSecret.require(app.consumerKey(), "consumerKey"),
                    "client_secret", ConnectedAppSecret.require(app.consumerSecret(), "consumerSecret"));
        }
    };

    private final String configName;

    OAuthFlow(String configName) {
        this.configName = configName;
    }

    public String configName() {
        return configName;
    }

    public static OAuthFlow fromConfig(String name) {
        return Arrays.stream(values()).filter(flow -> flow.configName.equals(name)).findFirst()
                .orElseThrow(() -> new ConfigException("SALESFORCE_AUTH_FLOW must be jwt-bearer or client-credentials, not '" + name + "'"));
    }

    abstract Map<String, String> form(ConnectedAppSecret app, URI loginUrl, Instant now) throws SalesforceException;
}
