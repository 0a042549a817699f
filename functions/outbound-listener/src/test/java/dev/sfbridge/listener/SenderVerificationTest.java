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
import org.junit.jupiter.params.provider.ValueSource;

/** SENDER_VERIFICATION: a way to verify senders unless the setting says none, and the mode logged at every start. */
class SenderVerificationTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void withoutTheSettingSendersAreVerifiedBySession() {
        assertEquals(SenderVerification.Mode.SESSION, SenderVerification.from(env(Map.of())).mode());
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
        assertThrows(ConfigException.class, () -> SenderVerification.from(env(Map.of("SESSION_VERDICT_TTL_MINUTES", "0"))));
        assertEquals(15, SenderVerification.from(env(Map.of("SESSION_VERDICT_TTL_MINUTES", "15"))).sessionVerdictTtl().toMinutes());
    }

    @Test
    void noneStartsWithAWarningThatSaysNothingIsChecked() throws Exception {
        JsonNode line = startLine(Map.of("SENDER_VERIFICATION", "none"), new AtomicInteger());

        assertEquals("WARN", line.path("level").asText());
        assertEquals("none", line.path("senderVerification").asText());
        assertTrue(line.path("check").asText().contains("any sender that knows an allowed org ID"), line.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"session", "url-secret", "mtls"})
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
