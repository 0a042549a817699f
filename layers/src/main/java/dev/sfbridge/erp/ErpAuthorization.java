package dev.sfbridge.erp;

import dev.sfbridge.observability.Redaction;

/** The header that authenticates a request to the ERP, made from the current {@link ErpSecret}. */
final class ErpAuthorization {
    /** One header; {@code credential} is the secret part of its value, kept apart so it can be redacted. */
    record Header(String name, String scheme, String credential) {
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

    Header header() throws ErpException, ClientCredentialsTokens.Unavailable, InterruptedException {
        return switch (credentials.current()) {
            case ErpSecret.ApiKey key -> new Header("x-api-key", "", key.apiKey());
            case ErpSecret.OAuthClientCredentials client -> new Header("Authorization", "Bearer ", tokens.token(client));
        };
    }

    /** After a 401: the secret may have been rotated and the token revoked, so both are fetched anew. */
    void refresh() throws ErpException {
        tokens.forget();
        credentials.reload();
    }
}
