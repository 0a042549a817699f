package dev.sfbridge.listener;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sfbridge.config.Env;
import dev.sfbridge.config.Env.ConfigException;
import dev.sfbridge.observability.JsonLog;
import dev.sfbridge.testing.EmbeddedSqs;
import dev.sfbridge.testing.RecordingMetrics;
import dev.sfbridge.testing.StaticSecretsManager;
import dev.sfbridge.testing.TestIds;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * SENDER_VERIFICATION: a way to verify senders unless the setting says none, and the mode logged at every start;
 * ALLOWED_SENDER_USER_IDS read as user IDs, for the session mode only.
 */
class SenderVerificationTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The template's default too: Salesforce sends no session since February 2026 (Help article 005232763). */
    @Test
    void withoutTheSettingSendersAreVerifiedByTheKeyInTheEndpointUrl() {
        SenderVerification verification = SenderVerification.from(env(Map.of("ENDPOINT_KEYS_SECRET_ARN", "arn:aws:secretsmanager:x")));

        assertEquals(SenderVerification.Mode.URL_SECRET, verification.mode());
        assertEquals("arn:aws:secretsmanager:x", verification.endpointKeysSecretId());
    }

    @Test
    void withoutTheSettingAndWithoutTheKeysSecretItRefusesToStartSayingWhatToSet() {
        ConfigException refused = assertThrows(ConfigException.class, () -> SenderVerification.from(env(Map.of())));

        assertEquals("SENDER_VERIFICATION=url-secret (the default) needs ENDPOINT_KEYS_SECRET_ARN, the secret of the orgs' endpoint keys;"
                + " or set SENDER_VERIFICATION to session, mtls or none (docs/listener.md, \"Who sent it\")", refused.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"off", "NONE", "Session", "mutual-tls", "false"})
    void anUnknownSettingRefusesToStart(String setting) {
        ConfigException refused = assertThrows(ConfigException.class,
                () -> SenderVerification.from(env(Map.of("SENDER_VERIFICATION", setting))));
        assertTrue(refused.getMessage().contains("session, url-secret, mtls or none"), refused.getMessage());
    }

    @Test
    void urlSecretWithoutItsSecretRefusesToStart() {
        ConfigException refused = assertThrows(ConfigException.class,
                () -> SenderVerification.from(env(Map.of("SENDER_VERIFICATION", "url-secret"))));
        assertTrue(refused.getMessage().contains("ENDPOINT_KEYS_SECRET_ARN"), refused.getMessage());
    }

    @Test
    void theSessionVerdictsTimeIsBounded() {
        assertThrows(ConfigException.class, () -> SenderVerification.from(env(Map.of("SENDER_VERIFICATION", "session",
                "SESSION_VERDICT_TTL_MINUTES", "0"))));
        assertEquals(15, SenderVerification.from(env(Map.of("SENDER_VERIFICATION", "session",
                "SESSION_VERDICT_TTL_MINUTES", "15"))).sessionVerdictTtl().toMinutes());
    }

    /** none checks nothing; session without the users allowed takes any API user of an allowed org. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "none    | any sender that knows an allowed org ID",
            "session | any API user of an allowed org can send with their own session (set ALLOWED_SENDER_USER_IDS"})
    void aModeThatLeavesSendersOpenStartsWithAWarningThatSaysWho(String mode, String says) throws Exception {
        JsonNode line = startLine(Map.of("SENDER_VERIFICATION", mode), new AtomicInteger());

        assertEquals("WARN", line.path("level").asText());
        assertEquals(mode, line.path("senderVerification").asText());
        assertTrue(line.path("check").asText().contains(says), line.toString());
    }

    @Test
    void sessionWithTheUsersAllowedStartsWithAnInfoLineNamingThemInTheirEighteenCharacterForm() throws Exception {
        String user = TestIds.id("005", 1);
        String other = TestIds.id("005", 2);
        JsonNode line = startLine(Map.of("SENDER_VERIFICATION", "session", "ALLOWED_SENDER_USER_IDS", " " + other + " ,"
                + user.substring(0, 15) + ","), new AtomicInteger());

        assertEquals("INFO", line.path("level").asText());
        assertEquals("session", line.path("senderVerification").asText());
        assertEquals(JSON.valueToTree(List.of(user, other)), line.path("senderUsers"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"00500000000001", "0050000000000012", "005000000000001AAB", "00D000000000001EAA",
            "005000000000001AAA;005000000000002AAA", "005000000000001AAA,not-a-user"})
    void anIdInTheUsersAllowedThatIsNoUserIdRefusesToStartNamingTheSetting(String setting) {
        ConfigException refused = assertThrows(ConfigException.class,
                () -> SenderVerification.from(env(Map.of("SENDER_VERIFICATION", "session", "ALLOWED_SENDER_USER_IDS", setting))));
        assertTrue(refused.getMessage().startsWith("ALLOWED_SENDER_USER_IDS holds '"), refused.getMessage());
        assertTrue(refused.getMessage().contains("which is not a Salesforce user ID"), refused.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"url-secret", "mtls", "none"})
    void theUsersAllowedWithAModeThatHasNoSessionRefusesToStart(String mode) {
        ConfigException refused = assertThrows(ConfigException.class, () -> SenderVerification.from(env(Map.of("SENDER_VERIFICATION", mode,
                "ENDPOINT_KEYS_SECRET_ARN", "arn:aws:secretsmanager:x", "ALLOWED_SENDER_USER_IDS", TestIds.id("005", 1)))));
        assertEquals("ALLOWED_SENDER_USER_IDS is checked against the message's session: it needs SENDER_VERIFICATION=session, not "
                + mode, refused.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"url-secret", "mtls"})
    void everyOtherModeStartsWithAnInfoLineNamingIt(String mode) throws Exception {
        AtomicInteger secretsManagers = new AtomicInteger();
        JsonNode line = startLine(Map.of("SENDER_VERIFICATION", mode, "ENDPOINT_KEYS_SECRET_ARN", "arn:aws:secretsmanager:x"), secretsManagers);

        assertEquals("INFO", line.path("level").asText());
        assertEquals(mode, line.path("senderVerification").asText());
        assertEquals(mode.equals("url-secret") ? 1 : 0, secretsManagers.get(), "Secrets Manager only where a secret is read");
    }

    private static JsonNode startLine(Map<String, String> settings, AtomicInteger secretsManagers) throws Exception {
        List<String> lines = new CopyOnWriteArrayList<>();
        Env env = env(settings);
        new OutboundMessageHandler(ListenerConfig.from(env), SenderVerification.from(env), EmbeddedSqs.shared().client(), () -> {
                    secretsManagers.incrementAndGet();
                    return new StaticSecretsManager();
                }, new JsonLog(lines::add, Clock.systemUTC()), new RecordingMetrics());
        assertEquals(1, lines.size(), () -> "one line at start: " + lines);
        JsonNode line = JSON.readTree(lines.get(0));
        assertEquals("listener start", line.path("message").asText());
        return line;
    }

    private static Env env(Map<String, String> settings) {
        Map<String, String> variables = new LinkedHashMap<>(Map.of("NOTIFICATIONS_QUEUE_URL", "q", "ALLOWED_ORG_IDS", TestIds.ORG));
        variables.putAll(settings);
        return new Env(variables);
    }
}
