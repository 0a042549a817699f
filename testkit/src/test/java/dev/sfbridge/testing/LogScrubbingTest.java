package dev.sfbridge.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class LogScrubbingTest {
    private static final String SESSION = "00D000000000001!AQ4AQFakeSessionValue";
    private static final String PEM = TestKeys.pkcs8Pem(TestKeys.connectedApp().getPrivate());

    @Test
    void cleanLinesPass() {
        LogScrubbing.of().sessionId(SESSION).privateKeyPem(PEM).assertNoneIn(List.of("{\"outcome\":\"ack\"}", "{}"));
    }

    @Test
    void aLineHoldingASecretFailsNamingTheLineAndTheKindWithoutShowingTheSecret() {
        AssertionError failure = assertThrows(AssertionError.class, () -> LogScrubbing.of().sessionId(SESSION)
                .assertNoneIn(List.of("{\"outcome\":\"ack\"}", "{\"session\":\"" + SESSION + "\"}")));

        assertEquals("line 2 of 2 holds a session ID: {\"session\":\"«SESSION_ID»\"}", failure.getMessage());
    }

    @Test
    void oneLineOfAPrivateKeyIsEnoughToFail() {
        String keyLine = PEM.lines().skip(3).findFirst().orElseThrow();

        AssertionError failure = assertThrows(AssertionError.class,
                () -> LogScrubbing.of().privateKeyPem(PEM).assertNoneIn(List.of("error near " + keyLine)));

        assertEquals("line 1 of 1 holds a private key: error near «PRIVATE_KEY»", failure.getMessage());
    }

    @Test
    void aBodyIsFoundAsSentAndAsEscapedIntoAJsonString() {
        String body = "{\"notificationId\":\"04l000000000001AAA\",\"sessionId\":\"x\"}";
        String escaped = "{\"body\":\"{\\\"notificationId\\\":\\\"04l000000000001AAA\\\",\\\"sessionId\\\":\\\"x\\\"}\"}";

        AssertionError failure = assertThrows(AssertionError.class,
                () -> LogScrubbing.of().messageBody(body).assertNoneIn(List.of(escaped)));

        assertEquals("line 1 of 1 holds a whole message body: {\"body\":\"«MESSAGE_BODY»\"}", failure.getMessage());
        assertThrows(AssertionError.class, () -> LogScrubbing.of().messageBody(body).assertNoneIn(List.of(body)));
    }

    static Stream<Arguments> kinds() {
        return Stream.of(
                Arguments.of((Function<String, LogScrubbing>) v -> LogScrubbing.of().sessionId(v), "a session ID", "SESSION_ID"),
                Arguments.of((Function<String, LogScrubbing>) v -> LogScrubbing.of().accessToken(v), "an access token", "ACCESS_TOKEN"),
                Arguments.of((Function<String, LogScrubbing>) v -> LogScrubbing.of().apiKey(v), "an API key", "API_KEY"),
                Arguments.of((Function<String, LogScrubbing>) v -> LogScrubbing.of().hmacSecret(v), "an HMAC secret", "HMAC_SECRET"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("kinds")
    void everyKindIsNamed(Function<String, LogScrubbing> check, String description, String mask) {
        AssertionError failure = assertThrows(AssertionError.class,
                () -> check.apply("secret-value-1").assertNoneIn(List.of("x=secret-value-1")));

        assertEquals("line 1 of 1 holds " + description + ": x=«" + mask + "»", failure.getMessage());
    }

    @Test
    void aCheckWithoutSecretsOrWithTrivialOnesIsRefused() {
        assertThrows(IllegalStateException.class, () -> LogScrubbing.of().assertNoneIn(List.of("x")));
        assertThrows(IllegalArgumentException.class, () -> LogScrubbing.of().apiKey("abc"));
    }
}
