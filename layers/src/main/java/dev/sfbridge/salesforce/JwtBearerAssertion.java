package dev.sfbridge.salesforce;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.sfbridge.salesforce.SalesforceException.Kind;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.RSAPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;

/**
 * The assertion of Salesforce's OAuth 2.0 JWT bearer flow: RS256-signed with the connected app's
 * certificate key, {@code iss} the consumer key, {@code sub} the integration user's username, {@code aud}
 * the login URL, {@code exp} at most 3 minutes ahead.
 */
final class JwtBearerAssertion {
    /**
     * Salesforce refuses an {@code exp} more than 3 minutes ahead of its own clock; 2 minutes leaves room
     * for this clock running ahead of it.
     */
    static final Duration LIFETIME = Duration.ofMinutes(2);

    private JwtBearerAssertion() {}

    static String sign(ConnectedAppSecret app, String audience, Instant now) throws SalesforceException {
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(ConnectedAppSecret.require(app.consumerKey(), "consumerKey"))
                .subject(ConnectedAppSecret.require(app.username(), "username"))
                .audience(audience)
                .expirationTime(Date.from(now.plus(LIFETIME)))
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), claims);
        try {
            jwt.sign(new RSASSASigner(privateKey(ConnectedAppSecret.require(app.privateKey(), "privateKey"))));
        } catch (JOSEException e) {
            throw new SalesforceException(Kind.RETRYABLE, 0, "the JWT assertion could not be signed with the secret's privateKey");
        }
        return jwt.serialize();
    }

    /** An unencrypted PKCS#8 PEM ({@code BEGIN PRIVATE KEY}), what {@code openssl pkcs8 -topk8 -nocrypt} writes. */
    static RSAPrivateKey privateKey(String pem) throws SalesforceException {
        if (pem.contains("BEGIN RSA PRIVATE KEY") || pem.contains("ENCRYPTED")) {
            throw new SalesforceException(Kind.RETRYABLE, 0, "the secret's privateKey must be an unencrypted PKCS#8 PEM"
                    + " (BEGIN PRIVATE KEY): convert it with openssl pkcs8 -topk8 -nocrypt");
        }
        String base64 = pem.replaceAll("-----(BEGIN|END) PRIVATE KEY-----", "").replaceAll("\\s", "");
        try {
            return (RSAPrivateKey) KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
        } catch (IllegalArgumentException | GeneralSecurityException | ClassCastException e) {
            // the cause's message may quote key material
            throw new SalesforceException(Kind.RETRYABLE, 0, "the secret's privateKey is not an RSA private key in PKCS#8 PEM");
        }
    }
}
