package dev.sfbridge.testing;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;

/** RSA key pairs made in the test, as a connected app's certificate key would be: nothing committed. */
public final class TestKeys {
    private static KeyPair shared;

    private TestKeys() {}

    /** One 2048-bit pair per test JVM: generating one takes a noticeable moment. */
    public static synchronized KeyPair connectedApp() {
        if (shared == null) {
            shared = generate();
        }
        return shared;
    }

    public static KeyPair generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static RSAPublicKey publicKey(KeyPair pair) {
        return (RSAPublicKey) pair.getPublic();
    }

    /** The private key as an unencrypted PKCS#8 PEM, the form the Salesforce secret holds. */
    public static String pkcs8Pem(PrivateKey key) {
        return "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(key.getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
    }
}
