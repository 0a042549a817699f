package dev.sfbridge.jwtauthorizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sfbridge.config.Env;
import dev.sfbridge.config.Env.ConfigException;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The authorizer's environment: a key that does not read, or one without its issuer and audience, stops it at start. */
class JwtAuthorizerConfigTest {
    private static final String PEM = TestKeys.publicKeyPem(TestKeys.rsa(2048));

    private static JwtAuthorizerConfig config(Map<String, String> changes) {
        Map<String, String> variables = new HashMap<>(Map.of(
                "JWT_PUBLIC_KEYS", PEM, "JWT_ISSUER", JwtAuthorizerTest.ISSUER, "JWT_AUDIENCE", JwtAuthorizerTest.AUDIENCE));
        variables.putAll(changes);
        variables.values().removeIf(String::isEmpty);
        return JwtAuthorizerConfig.from(new Env(variables));
    }

    private static void assertRefused(Map<String, String> changes, String message) {
        ConfigException e = assertThrows(ConfigException.class, () -> config(changes));
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }

    @Test
    void theKeysIssuerAudienceAndSkewAreRead() {
        JwtAuthorizerConfig config = config(Map.of("JWT_PUBLIC_KEYS", PEM + "\n" + PEM, "JWT_CLOCK_SKEW_SECONDS", "30"));

        assertEquals(2, config.keys().size());
        assertEquals(JwtAuthorizerTest.ISSUER, config.issuer());
        assertEquals(JwtAuthorizerTest.AUDIENCE, config.audience());
        assertEquals(Duration.ofSeconds(30), config.clockSkew());
        assertEquals(Duration.ofSeconds(60), config(Map.of()).clockSkew());
        assertEquals(Duration.ofMinutes(10), config(Map.of()).maxLifetime());
        assertEquals(Duration.ofHours(1), config(Map.of("JWT_MAX_LIFETIME_SECONDS", "3600")).maxLifetime());
    }

    @Test
    void withoutKeysNothingElseIsNeeded() {
        assertEquals(List.of(), config(Map.of("JWT_PUBLIC_KEYS", "", "JWT_ISSUER", "", "JWT_AUDIENCE", "")).keys());
    }

    @Test
    void keysNeedTheirIssuerAndAudience() {
        assertRefused(Map.of("JWT_ISSUER", ""), "JWT_ISSUER");
        assertRefused(Map.of("JWT_AUDIENCE", ""), "JWT_AUDIENCE");
        assertRefused(Map.of("JWT_CLOCK_SKEW_SECONDS", "600"), "JWT_CLOCK_SKEW_SECONDS");
        assertRefused(Map.of("JWT_MAX_LIFETIME_SECONDS", "31536000"), "JWT_MAX_LIFETIME_SECONDS");
    }

    @Test
    void textThatIsNotAnRsaKeyOfTwoThousandBitsIsRefused() throws NoSuchAlgorithmException {
        assertRefused(Map.of("JWT_PUBLIC_KEYS", "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA"), "not PEM");
        assertRefused(Map.of("JWT_PUBLIC_KEYS", "garbage\n" + PEM), "text outside its PEM blocks");
        assertRefused(Map.of("JWT_PUBLIC_KEYS", PEM.replace("PUBLIC KEY", "RSA PRIVATE KEY")), "only CERTIFICATE or PUBLIC KEY");
        assertRefused(Map.of("JWT_PUBLIC_KEYS", TestKeys.pem("PUBLIC KEY", new byte[] {1, 2, 3})), "does not read as RSA");
        assertRefused(Map.of("JWT_PUBLIC_KEYS", TestKeys.pem("CERTIFICATE", new byte[] {1, 2, 3})), "does not read as RSA");
        assertRefused(Map.of("JWT_PUBLIC_KEYS", TestKeys.publicKeyPem(TestKeys.rsa(1024))), "1024-bit");
        KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
        assertRefused(Map.of("JWT_PUBLIC_KEYS", TestKeys.pem("PUBLIC KEY", ec.generateKeyPair().getPublic().getEncoded())),
                "does not read as RSA");
    }
}
