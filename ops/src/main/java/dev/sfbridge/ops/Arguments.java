package dev.sfbridge.ops;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A command line read once: the words naming the command ({@code dlq list}), {@code --name value} options and
 * {@code --flag} switches, in any order. Options a command does not take are refused, so a typo never passes
 * silently.
 */
final class Arguments {
    /** Switches: present or not. Every other {@code --name} takes the next word as its value. */
    private static final Set<String> SWITCHES = Set.of("--dry-run", "--force", "--help");

    private final List<String> words;
    private final Map<String, String> options;

    private Arguments(List<String> words, Map<String, String> options) {
        this.words = words;
        this.options = options;
    }

    static Arguments parse(String... args) {
        List<String> words = new ArrayList<>();
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i].equals("-h") ? "--help" : args[i];
            if (!arg.startsWith("--")) {
                words.add(arg);
            } else if (SWITCHES.contains(arg)) {
                options.put(arg, "");
            } else if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
                options.put(arg, args[++i]);
            } else {
                throw OpsFailure.usage(arg + " needs a value");
            }
        }
        return new Arguments(List.copyOf(words), options);
    }

    List<String> words() {
        return words;
    }

    boolean has(String name) {
        return options.containsKey(name);
    }

    Optional<String> option(String name) {
        return Optional.ofNullable(options.get(name));
    }

    String required(String name) {
        return option(name).orElseThrow(() -> OpsFailure.usage(name + " is required (see --help)"));
    }

    /** Refuses any option outside {@code accepted} and the global ones. */
    void allowOnly(Set<String> accepted) {
        for (String name : options.keySet()) {
            if (!accepted.contains(name) && !OpsMain.GLOBAL_OPTIONS.contains(name)) {
                throw OpsFailure.usage("unknown option " + name + " here (see --help)");
            }
        }
    }
}
