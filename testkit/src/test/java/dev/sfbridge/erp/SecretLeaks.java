package dev.sfbridge.erp;

import static org.junit.jupiter.api.Assertions.assertFalse;

/** The check that no credential reached an exception's message or {@code toString()}, causes included. */
final class SecretLeaks {
    private SecretLeaks() {}

    static void assertNoneIn(Throwable thrown, String... secrets) {
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            for (String secret : secrets) {
                String text = t.getMessage() + " " + t;
                assertFalse(text.contains(secret), () -> "a credential leaked into: " + text);
            }
        }
    }
}
