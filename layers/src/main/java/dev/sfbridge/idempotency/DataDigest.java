package dev.sfbridge.idempotency;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * What a {@link ChangeGuard} keeps of a change's data, to tell a repeat from another change at the same time: a hash
 * of its values, listed by the caller in a fixed order, each written as text ({@code null} as empty).
 */
public final class DataDigest {
    /** Between two values: a character no value of these fields holds as text. */
    private static final char SEPARATOR = '\u001f';

    private DataDigest() {}

    /** The first 16 bytes of the values' SHA-256, in hex. */
    public static String of(List<?> values) {
        StringBuilder canonical = new StringBuilder();
        values.forEach(value -> canonical.append(value == null ? "" : value).append(SEPARATOR));
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(canonical.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
