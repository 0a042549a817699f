package dev.sfbridge.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/** The harnesses' command lines: {@code --name N} flags, each with a default, every value a whole number ≥ 0. */
final class IntFlags {
    private IntFlags() {}

    /** @throws IllegalArgumentException with the usage, for an unknown flag or a bad or missing value */
    static Map<String, Integer> parse(String[] args, Map<String, Integer> defaults, String usage) {
        Map<String, Integer> values = new LinkedHashMap<>(defaults);
        for (int i = 0; i < args.length; i += 2) {
            if (!defaults.containsKey(args[i]) || i + 1 == args.length || !args[i + 1].matches("\\d{1,9}")) {
                throw new IllegalArgumentException(usage);
            }
            values.put(args[i], Integer.parseInt(args[i + 1]));
        }
        return values;
    }
}
