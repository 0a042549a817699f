package dev.sfbridge.erp;

import dev.sfbridge.observability.Redaction;

/** The header that authenticates a request to the ERP, made from the current {@link ErpSecret}. */
final class ErpAuthorization {
    /**
     * One header; {@code credential} is the secret part of its value, kept apart so it can be redacted.
     * {@code secret} is what it was made from and {@code token} the bearer token in it (null for an API
     * key): when the ERP refuses the header, exactly these are dropped, not whatever replaced them meanwhile.
     */
    record Header(String name, String scheme, String credential, ErpSecret secret, ClientCredentialsTokens.Token token) {
        /**
         * Visible ASCII only. The JDK quotes an invalid header value in its exception, so a credential that
         * is not valid in a header has to be refused before it gets there.
         */
        static boolean isHeaderSafe(String credential) {
            return credential.matches("[\\x21-\\x7E]+");
        }

        String value() {
            return scheme + credential;
        }

        /** The text without this header's credential or any other it echoes, for quoting the ERP's error messages safely. */
        String redact(String text) {
            return Redaction.scrub(text, credential);
        }

        @Override
        public String toString() {
            return "Header[" + name + ": " + scheme + "***]";
        }
    }

    private final ErpCredentials credentials;
    private final ClientCredentialsTokens tokens;

    ErpAuthorization(ErpCredentials credentials, ClientCredentialsTokens tokens) {
        this.credentials = credentials;
        this.tokens = tokens;
    }

    /** The secret to use now: {@link #header} makes the request's header from it. */
    ErpSecret secret() throws ErpException {
        return credentials.current();
    }

    Header header(ErpSecret secret) throws ClientCredentialsTokens.Unavailable, InterruptedException {
        return switch (secret) {
            case ErpSecret.ApiKey key -> new Header("x-api-key", "", key.apiKey(), secret, null);
            case ErpSecret.OAuthClientCredentials client -> {
                ClientCredentialsTokens.Token token = tokens.token(client);
                yield new Header("Authorization", "Bearer ", token.value(), secret, token);
            }
        };
    }

    /**
     * After a 401 to a request made with {@code secret}, and {@code refused} (null when the token endpoint
     * refused the client itself): the secret may have been rotated and the token revoked, so both are
     * fetched anew, unless another caller has replaced them already.
     */
    void refresh(ErpSecret secret, Header refused) throws ErpException {
        if (refused != null && refused.token() != null) {
            tokens.refused(refused.token());
        }
        credentials.reload(secret);
    }
}
