package dev.sfbridge.jwtauthorizer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.util.Base64;
import java.util.concurrent.TimeUnit;

/** RSA keys for tests, and their PEM as the stack is given it. */
final class TestKeys {
    private TestKeys() {
    }

    static KeyPair rsa(int bits) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(bits);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    static String publicKeyPem(KeyPair pair) {
        return pem("PUBLIC KEY", pair.getPublic().getEncoded());
    }

    /** A self-signed certificate and its private key, as Salesforce's Certificate and Key Management makes them. */
    record SelfSigned(PrivateKey privateKey, String certificatePem) {
        /** Made by the JDK's keytool (the JDK has no public API that writes a certificate). */
        static SelfSigned create(Path directory) {
            Path store = directory.resolve("salesforce.p12");
            char[] password = "changeit".toCharArray();
            Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
            try {
                Process process = new ProcessBuilder(keytool.toString(), "-genkeypair", "-keyalg", "RSA", "-keysize", "2048",
                        "-sigalg", "SHA256withRSA", "-validity", "365", "-dname", "CN=SFBridge_Request_Reply, O=Test",
                        "-alias", "sf", "-storetype", "PKCS12", "-keystore", store.toString(),
                        "-storepass", new String(password))
                        .redirectErrorStream(true).redirectOutput(directory.resolve("keytool.log").toFile()).start();
                try {
                    if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                        throw new IllegalStateException("keytool failed: " + Files.readString(directory.resolve("keytool.log")));
                    }
                } finally {
                    process.destroyForcibly();
                }
                KeyStore keyStore = KeyStore.getInstance("PKCS12");
                try (var in = Files.newInputStream(store)) {
                    keyStore.load(in, password);
                }
                Certificate certificate = keyStore.getCertificate("sf");
                return new SelfSigned((PrivateKey) keyStore.getKey("sf", password), pem("CERTIFICATE", certificate.getEncoded()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
