package dev.sfbridge.erpevents;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks {@code X-Sfbridge-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body">}: the body is the
 * exact bytes received, the key the shared secret. The timestamp is signed too, and must be within the
 * tolerance of now, either way: a captured request cannot be replayed after that. Signatures are compared
 * in constant time ({@link MessageDigest#isEqual}). Several {@code v1} are allowed, any one matching: the
 * ERP signs with the old and the new secret while the secret is rotated.
 */
final class SignatureVerifier {
    static final String HEADER = "X-Sfbridge-Signature";

    private final SigningSecret secret;
    private final Duration tolerance;
    private final Clock clock;

    SignatureVerifier(SigningSecret secret, Duration tolerance, Clock clock) {
        this.secret = secret;
        this.tolerance = tolerance;
        this.clock = clock;
    }

    void verify(String header, byte[] body) throws Rejection {
        if (header == null || header.isBlank()) {
            throw unauthorized("missing_signature", "no " + HEADER + " header");
        }
        Long timestamp = null;
        List<byte[]> signatures = new ArrayList<>();
        for (String part : header.split(",")) {
            String[] pair = part.strip().split("=", 2);
            if (pair.length != 2) {
                throw unauthorized("malformed_signature", HEADER + " must be t=<unix seconds>,v1=<hex>");
            }
            switch (pair[0]) {
                case "t" -> timestamp = seconds(pair[1]);
                case "v1" -> signatures.add(hex(pair[1]));
                default -> { } // other schemes may be added later; only v1 is checked
            }
        }
        if (timestamp == null || signatures.isEmpty()) {
            throw unauthorized("malformed_signature", HEADER + " must be t=<unix seconds>,v1=<hex>");
        }
        Instant signedAt = Instant.ofEpochSecond(timestamp);
        if (Duration.between(signedAt, clock.instant()).abs().compareTo(tolerance) > 0) {
            throw unauthorized("stale_timestamp", "the signature's timestamp is more than " + tolerance.toSeconds() + " s from now");
        }
        byte[] expected = hmac(secret.key(), timestamp, body);
        boolean matched = false;
        for (byte[] signature : signatures) {
            matched |= MessageDigest.isEqual(expected, signature);
        }
        if (!matched) {
            throw unauthorized("bad_signature", "the signature does not match the body");
        }
    }

    private static byte[] hmac(byte[] key, long timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update((timestamp + ".").getBytes(StandardCharsets.US_ASCII));
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    private static long seconds(String value) throws Rejection {
        if (!value.matches("\\d{1,12}")) {
            throw unauthorized("malformed_signature", "t must be unix seconds");
        }
        return Long.parseLong(value);
    }

    private static byte[] hex(String value) throws Rejection {
        if (!value.matches("[0-9a-fA-F]{64}")) {
            throw unauthorized("malformed_signature", "v1 must be 64 hex digits");
        }
        return HexFormat.of().parseHex(value);
    }

    private static Rejection unauthorized(String reason, String message) {
        return new Rejection(401, reason, message);
    }
}
