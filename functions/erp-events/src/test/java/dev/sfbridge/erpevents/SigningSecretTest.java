package dev.sfbridge.erpevents;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sfbridge.testing.Intercepted;
import dev.sfbridge.testing.StaticSecretsManager;
import dev.sfbridge.testing.TestClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueRequest;

/** The signing key through a Secrets Manager that can be taken down and brought back, on a clock moved by hand. */
class SigningSecretTest {
    private static final String SECRET_ID = "sfbridge/erp-events";
    private static final Duration TTL = Duration.ofMinutes(5);
    private static final String FIRST_KEY = "signing-secret-1-0123456789abcdef";
    private static final String ROTATED_KEY = "signing-secret-2-0123456789abcdef";

    /** The secrets of a {@link StaticSecretsManager}, or the failure of an unreachable endpoint while {@code down}. */
    private static final class FlakySecretsManager {
        final StaticSecretsManager secrets = new StaticSecretsManager().put(SECRET_ID, FIRST_KEY);
        final AtomicInteger failedReads = new AtomicInteger();
        volatile boolean down;
        final SecretsManagerClient client = Intercepted.of(SecretsManagerClient.class, secrets)
                .before(GetSecretValueRequest.class, request -> {
                    if (down) {
                        failedReads.incrementAndGet();
                        throw SdkClientException.create("Unable to execute HTTP request: connect timed out");
                    }
                })
                .client();
    }

    private final FlakySecretsManager secretsManager = new FlakySecretsManager();
    private final TestClock clock = new TestClock(Instant.parse("2026-11-27T08:00:00Z"));
    private final SigningSecret signingSecret = new SigningSecret(secretsManager.client, SECRET_ID, TTL, clock);

    @Test
    void theKeyInHandIsStillUsedDuringAShortSecretsManagerOutage() throws Exception {
        byte[] key = signingSecret.key();
        secretsManager.down = true;
        clock.advance(TTL);

        assertArrayEquals(key, signingSecret.key(), "no 503 while the key is in hand");
        assertEquals(1, secretsManager.failedReads.get(), "Secrets Manager was asked again, and its failure did not reach the request");

        secretsManager.down = false;
        secretsManager.secrets.put(SECRET_ID, ROTATED_KEY);
        assertArrayEquals(ROTATED_KEY.getBytes(StandardCharsets.UTF_8), signingSecret.key(),
                "back up: the rotated key is read at once, not after another time-to-live");
    }

    @Test
    void aKeyOlderThanItsTimeToLiveAndTheStaleAllowanceIsNoLongerUsed() throws Exception {
        signingSecret.key();
        secretsManager.down = true;
        clock.advance(TTL.plus(SigningSecret.SERVED_STALE_FOR).minusSeconds(1));
        signingSecret.key();

        clock.advance(Duration.ofSeconds(1));
        Rejection rejection = assertThrows(Rejection.class, signingSecret::key);

        assertEquals(503, rejection.status());
        assertEquals("secret_unavailable", rejection.reason());
        assertTrue(rejection.getMessage().contains("could not be reached"), rejection.getMessage());
    }

    @Test
    void aKeyShorterThan32BytesIsRefusedAsUnusableWithoutSayingIt() throws Exception {
        String short31 = "x".repeat(31);
        secretsManager.secrets.put(SECRET_ID, short31);

        Rejection rejection = assertThrows(Rejection.class, signingSecret::key);

        assertEquals(503, rejection.status());
        assertEquals("secret_unavailable", rejection.reason());
        assertTrue(rejection.getMessage().contains("shorter than 32 bytes") && !rejection.getMessage().contains(short31),
                rejection.getMessage());
        // 32 bytes, some of them in two-byte characters: counted as the HMAC key's bytes, not as characters
        secretsManager.secrets.put(SECRET_ID, "é".repeat(16));
        assertArrayEquals("é".repeat(16).getBytes(StandardCharsets.UTF_8), signingSecret.key());
    }

    @Test
    void withNoKeyInHandAnOutageIsAServiceUnavailable() {
        secretsManager.down = true;

        Rejection rejection = assertThrows(Rejection.class, signingSecret::key);

        assertEquals(503, rejection.status());
        assertEquals("secret_unavailable", rejection.reason());
    }
}
