package dev.sfbridge.erp;

/** Where the ERP client gets its {@link ErpSecret}. Implementations may cache; {@link #reload()} never does. */
public interface ErpCredentials {
    /** The secret to use now, possibly from a cache. */
    ErpSecret current() throws ErpException;

    /** Reads the secret again from its source: the ERP refused the one in hand, and it may have been rotated. */
    ErpSecret reload() throws ErpException;

    /** A secret that never changes: for the local stack and tests, where there is no Secrets Manager. */
    static ErpCredentials fixed(ErpSecret secret) {
        return new ErpCredentials() {
            @Override
            public ErpSecret current() {
                return secret;
            }

            @Override
            public ErpSecret reload() {
                return secret;
            }

            @Override
            public String toString() {
                return "ErpCredentials.fixed(" + secret + ")";
            }
        };
    }
}
