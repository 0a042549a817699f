package dev.sfbridge.salesforce;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.nimbusds.jwt.SignedJWT;
import java.net.URI;
import java.security.KeyPairGenerator;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OAuthFlowTest {
    @Test
    void aMyDomainLoginUrlSignsForLoginSalesforceComWhichIsAnAudienceSalesforceAccepts() throws Exception {
        URI myDomain = URI.create("https://acme.my.salesforce.com");

        Map<String, String> form = OAuthFlow.JWT_BEARER.form(secret(), myDomain, Instant.now());

        assertEquals(List.of("https://login.salesforce.com"), SignedJWT.parse(form.get("assertion")).getJWTClaimsSet().getAudience(),
                "not the My Domain: Salesforce answers invalid_grant audience is invalid");
    }

    @Test
    void aSandboxOrScratchOrgsMyDomainSignsForTestSalesforceCom() {
        for (String sandbox : List.of("https://acme--uat.sandbox.my.salesforce.com", "https://ACME--UAT.Sandbox.My.Salesforce.com",
                "https://shape-fun-1234-dev-ed.scratch.my.salesforce.com")) {
            assertEquals("https://test.salesforce.com", OAuthFlow.audience(URI.create(sandbox)), sandbox);
        }
        // a Developer Edition's My Domain is a production org
        assertEquals("https://login.salesforce.com", OAuthFlow.audience(URI.create("https://acme-dev-ed.develop.my.salesforce.com")));
    }

    @Test
    void loginTestAndAnExperienceCloudSiteAreTheirOwnAudience() {
        for (String audience : List.of("https://login.salesforce.com", "https://test.salesforce.com", "https://acme.my.site.com/partners")) {
            assertEquals(audience, OAuthFlow.audience(URI.create(audience)), audience);
        }
    }

    @Test
    void aHostThatOnlyContainsMyDomainsSuffixIsNotOne() {
        // a suffix match on the host, not a substring of the URL
        assertEquals("https://my.salesforce.com.example.net", OAuthFlow.audience(URI.create("https://my.salesforce.com.example.net")));
        assertEquals("https://example.net/.my.salesforce.com", OAuthFlow.audience(URI.create("https://example.net/.my.salesforce.com")));
    }

    private static ConnectedAppSecret secret() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        String pem = "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder().encodeToString(generator.generateKeyPair().getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
        return new ConnectedAppSecret("3MVG9consumerKey", "integration@acme.example", pem, null);
    }
}
