package dev.sfbridge.sync;

import dev.sfbridge.config.Env.ConfigException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A field mapping as a setting holds it: {@code key=value} pairs separated by commas, each side a name of its kind. */
final class FieldPairs {
    private FieldPairs() {}

    /**
     * Whether a mapped field's value says "no value": none at all, or the empty string. The ERP's {@code ""} and
     * {@code null} and a Bulk CSV's empty cell mean the same, an emptied field, in either direction.
     */
    static boolean noValue(String value) {
        return value == null || value.isEmpty();
    }

    /**
     * The pairs in their order, each side stripped.
     *
     * @param form         the pair as the message names it, e.g. {@code Column=field}
     * @param keyPattern   what a key must match
     * @param valuePattern what a value must match
     * @throws ConfigException a pair without {@code =}, or a side that does not match
     */
    static List<Map.Entry<String, String>> parse(String setting, String form, String keyPattern, String valuePattern, String text) {
        List<Map.Entry<String, String>> pairs = new ArrayList<>();
        for (String pair : text.split(",")) {
            String[] keyAndValue = pair.strip().split("=", 2);
            if (keyAndValue.length != 2 || !keyAndValue[0].strip().matches(keyPattern) || !keyAndValue[1].strip().matches(valuePattern)) {
                throw new ConfigException(setting + " takes " + form + " pairs separated by commas, not '" + pair + "'");
            }
            pairs.add(Map.entry(keyAndValue[0].strip(), keyAndValue[1].strip()));
        }
        return pairs;
    }
}
