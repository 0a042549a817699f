package dev.sfbridge.erp;

/**
 * Where the ERP client gets its {@link ErpSecret}. Implementations may cache; {@link #reload} never answers
 * with the refused secret from a cache.
 */
public interface ErpCredentials {
    /** The secret to use now, possibly from a cache. */
    ErpSecret current() throws ErpException;

    /**
     * The ERP refused {@code refused}, and it may have been rotated: a secret read from the source since,
     * by this caller or by another one that saw the same refusal.
     */
    ErpSecret reload(ErpSecret refused) throws ErpException;

    /** A secret that never changes: for the local stack and tests, where there is no Secrets Manager. */
    static ErpCredentials fixed(ErpSecret secret) {
        return new ErpCredentials() {
            @Override
            public ErpSecret current() {
                return secret;
            }

            @Override
            public ErpSecret reload(ErpSecret refused) {
                return secret;
            }

            @Override
            public String toString() {
                return "ErpCredentials.fixed(" + secret + ")";
            }
        };
    }
}
