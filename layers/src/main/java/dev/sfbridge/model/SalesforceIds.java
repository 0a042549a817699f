package dev.sfbridge.model;

import java.util.regex.Pattern;

/**
 * Salesforce record IDs: 15 case-sensitive characters, or 18 with a 3-character suffix that encodes
 * the case of the first 15 so the ID survives case-insensitive systems.
 */
public final class SalesforceIds {
    private static final Pattern SHAPE = Pattern.compile("[a-zA-Z0-9]{15}([a-zA-Z0-9]{3})?");
    private static final String SUFFIX_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345";

    private SalesforceIds() {}

    /** True for a 15-character ID, or an 18-character ID whose suffix matches its first 15 characters. */
    public static boolean isValid(String id) {
        return id != null && SHAPE.matcher(id).matches()
                && (id.length() == 15 || suffix(id).equalsIgnoreCase(id.substring(15)));
    }

    /** The canonical 18-character form of a valid ID. */
    public static String to18(String id) {
        if (!isValid(id)) {
            throw new IllegalArgumentException("not a Salesforce ID: " + id);
        }
        return id.substring(0, 15) + suffix(id);
    }

    private static String suffix(String id) {
        StringBuilder suffix = new StringBuilder(3);
        for (int chunk = 0; chunk < 3; chunk++) {
            int bits = 0;
            for (int i = 0; i < 5; i++) {
                char c = id.charAt(chunk * 5 + i);
                if (c >= 'A' && c <= 'Z') {
                    bits |= 1 << i;
                }
            }
            suffix.append(SUFFIX_ALPHABET.charAt(bits));
        }
        return suffix.toString();
    }
}
