package dev.sfbridge.salesforce;

import dev.sfbridge.config.Env.ConfigException;
import java.net.URI;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;

/** The OAuth 2.0 flows sfbridge gets tokens with when no user is present, and the form each posts. */
public enum OAuthFlow {
    /** The default: the External Client App's certificate key signs a short-lived JWT; no secret travels. */
    JWT_BEARER("jwt-bearer") {
        @Override
        Map<String, String> form(ConnectedAppSecret app, URI loginUrl, Instant now) throws SalesforceException {
            return Map.of("grant_type", "urn:ietf:params:oauth:grant-type:jwt-bearer",
                    "assertion", JwtBearerAssertion.sign(app, audience(loginUrl), now));
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

    static final String PRODUCTION_AUDIENCE = "https://login.salesforce.com";
    static final String SANDBOX_AUDIENCE = "https://test.salesforce.com";

    /**
     * The JWT's {@code aud}, which Salesforce accepts only as {@code https://login.salesforce.com},
     * {@code https://test.salesforce.com} or an Experience Cloud site's URL ("OAuth 2.0 JWT Bearer Flow for
     * Server-to-Server Integration"), while the token request itself may go to the org's My Domain. So a My Domain
     * login URL gives the audience of its kind of org: test for a sandbox's ({@code name--box.sandbox.my.salesforce.com})
     * and a scratch org's ({@code .scratch.my.salesforce.com}), login for the others; any other URL (login, test, a
     * site) is the audience as it is.
     */
    static String audience(URI loginUrl) {
        String host = loginUrl.getHost().toLowerCase(Locale.ROOT);
        if (host.endsWith(".sandbox.my.salesforce.com") || host.endsWith(".scratch.my.salesforce.com")) {
            return SANDBOX_AUDIENCE;
        }
        if (host.endsWith(".my.salesforce.com")) {
            return PRODUCTION_AUDIENCE;
        }
        return loginUrl.toString();
    }
}
