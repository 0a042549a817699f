package dev.sfbridge.jwtauthorizer;

import dev.sfbridge.config.Env.ConfigException;
import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The RSA keys a token may be signed with, read from PEM: Salesforce's certificate as downloaded from Certificate
 * and Key Management ({@code CERTIFICATE}), or its bare public key ({@code PUBLIC KEY}). Several blocks may follow
 * each other, so a new certificate can be added before the old one is removed (docs/request-reply.md, rotation).
 */
final class PublicKeys {
    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z ]+)-----([A-Za-z0-9+/=\\s]*)-----END \\1-----");
    /** RS256 with a key shorter than 2048 bits is refused by NIST SP 800-131A and by Nimbus alike. */
    private static final int MIN_BITS = 2048;

    private PublicKeys() {
    }

    /** Every key in the text, in order; none when the text is blank. */
    static List<RSAPublicKey> fromPem(String pem) {
        List<RSAPublicKey> keys = new ArrayList<>();
        Matcher block = BLOCK.matcher(pem);
        int end = 0;
        while (block.find()) {
            if (!pem.substring(end, block.start()).isBlank()) {
                throw new ConfigException("JWT_PUBLIC_KEYS has text outside its PEM blocks");
            }
            keys.add(rsa(block.group(1), Base64.getMimeDecoder().decode(block.group(2))));
            end = block.end();
        }
        if (!pem.substring(end).isBlank()) {
            throw new ConfigException("JWT_PUBLIC_KEYS is not PEM: a CERTIFICATE or PUBLIC KEY block, or several");
        }
        return List.copyOf(keys);
    }

    private static RSAPublicKey rsa(String type, byte[] der) {
        PublicKey key;
        try {
            key = switch (type) {
                case "CERTIFICATE" -> CertificateFactory.getInstance("X.509")
                        .generateCertificate(new ByteArrayInputStream(der)).getPublicKey();
                case "PUBLIC KEY" -> KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(der));
                default -> throw new ConfigException("JWT_PUBLIC_KEYS holds a " + type + " block: only CERTIFICATE or PUBLIC KEY");
            };
        } catch (GeneralSecurityException e) {
            throw new ConfigException("JWT_PUBLIC_KEYS has a " + type + " block that does not read as RSA: " + e.getMessage());
        }
        if (!(key instanceof RSAPublicKey rsaKey)) {
            throw new ConfigException("JWT_PUBLIC_KEYS holds a " + key.getAlgorithm() + " key: Salesforce signs with RSA");
        }
        if (rsaKey.getModulus().bitLength() < MIN_BITS) {
            throw new ConfigException("JWT_PUBLIC_KEYS holds a " + rsaKey.getModulus().bitLength() + "-bit RSA key: at least " + MIN_BITS);
        }
        return rsaKey;
    }
}
