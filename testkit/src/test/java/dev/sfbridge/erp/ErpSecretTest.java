package dev.sfbridge.erp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The secret's JSON as docs/erp-api.md shows it, and what a broken one is told without quoting it. */
class ErpSecretTest {
    private static final String KEY = "k-3c1f9a77";
    private static final String CLIENT_SECRET = "cs-88d2e41b";

    @Test
    void anApiKeySecret() {
        assertEquals(new ErpSecret.ApiKey(KEY), ErpSecret.parse("""
                {"type": "api-key", "apiKey": "%s", "note": "fields of other types are ignored"}""".formatted(KEY)));
    }

    @Test
    void anOAuthClientCredentialsSecret() {
        assertEquals(new ErpSecret.OAuthClientCredentials(URI.create("https://erp.example.com/oauth/token"), "sfbridge", CLIENT_SECRET),
                ErpSecret.parse("""
                        {"type": "oauth-client-credentials", "tokenUrl": "https://erp.example.com/oauth/token",
                         "clientId": "sfbridge", "clientSecret": "%s"}""".formatted(CLIENT_SECRET)));
    }

    @Test
    void toStringShowsNoSecretValue() {
        String apiKey = new ErpSecret.ApiKey(KEY).toString();
        String oauth = new ErpSecret.OAuthClientCredentials(URI.create("https://erp.example.com/t"), "sfbridge", CLIENT_SECRET).toString();

        assertFalse(apiKey.contains(KEY), apiKey);
        assertFalse(oauth.contains(CLIENT_SECRET), oauth);
        assertTrue(oauth.contains("sfbridge"), "the client ID is not a secret and helps find the client: " + oauth);
    }

    @ParameterizedTest
    @CsvSource({"http://127.0.0.1:8081/oauth/token", "http://localhost:8081/oauth/token", "http://[::1]:8081/oauth/token",
            "https://erp.example.com/oauth/token"})
    void aTokenUrlIsHttpsOrOnThisMachine(String tokenUrl) {
        ErpSecret secret = ErpSecret.parse("""
                {"type": "oauth-client-credentials", "tokenUrl": "%s", "clientId": "sfbridge", "clientSecret": "%s"}"""
                .formatted(tokenUrl, CLIENT_SECRET));

        assertEquals(URI.create(tokenUrl), ((ErpSecret.OAuthClientCredentials) secret).tokenUrl());
    }

    @Test
    void aKeyThatCannotGoInAHeaderIsRefusedWithoutQuotingIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ErpSecret.parse("{\"type\":\"api-key\",\"apiKey\":\"k-3c1f\\r\\nX-Other: 1\"}"));

        assertTrue(e.getMessage().contains("visible ASCII"), e.getMessage());
        SecretLeaks.assertNoneIn(e, "k-3c1f");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            {"type":"api-key","apiKey":"k-3c1f9a77"                                  | not valid JSON
            ["k-3c1f9a77"]                                                           | not a JSON object
            {"type":"k-3c1f9a77","apiKey":"k-3c1f9a77"}                              | "type" must be
            {"apiKey":"k-3c1f9a77"}                                                  | "type" must be
            {"type":"api-key","key":"k-3c1f9a77"}                                    | no text field "apiKey"
            {"type":"api-key","apiKey":" "}                                          | no text field "apiKey"
            {"type":"oauth-client-credentials","tokenUrl":"https://erp.example.com/t","clientId":"c"} | no text field "clientSecret"
            {"type":"oauth-client-credentials","tokenUrl":"ftp://e/t","clientId":"c","clientSecret":"cs-88d2e41b"} | absolute http(s) URL
            {"type":"oauth-client-credentials","tokenUrl":"not a url","clientId":"c","clientSecret":"cs-88d2e41b"} | not a URL
            {"type":"oauth-client-credentials","tokenUrl":"http://erp.example.com/t","clientId":"c","clientSecret":"cs-88d2e41b"} | must be https
            {"type":"oauth-client-credentials","tokenUrl":"http://127.0.0.1.example.com/t","clientId":"c","clientSecret":"cs-88d2e41b"} | must be https
            {"type":"oauth-client-credentials","tokenUrl":"http://10.0.0.7:8080/t","clientId":"c","clientSecret":"cs-88d2e41b"} | must be https
            """)
    void aBrokenSecretIsNamedWithoutQuotingIt(String json, String expected) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ErpSecret.parse(json));

        assertTrue(e.getMessage().contains(expected), e.getMessage());
        SecretLeaks.assertNoneIn(e, KEY, CLIENT_SECRET);
    }
}
