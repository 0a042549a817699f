package dev.sfbridge.salesforce;

import java.util.Map;
import java.util.Optional;

/**
 * The three characters every record ID of a standard object starts with, for the objects sfbridge is set up for
 * most often. A custom object's prefix differs from org to org, so it is not known here.
 */
public final class KeyPrefixes {
    private static final Map<String, String> STANDARD = Map.of(
            "Account", "001", "Contact", "003", "Opportunity", "006", "Lead", "00Q", "Case", "500", "Order", "801");

    private KeyPrefixes() {}

    /** The key prefix of {@code objectType}'s IDs; empty when it is not known. */
    public static Optional<String> of(String objectType) {
        return Optional.ofNullable(STANDARD.get(objectType));
    }
}
