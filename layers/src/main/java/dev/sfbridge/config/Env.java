package dev.sfbridge.config;

import java.util.Locale;
import java.util.Map;

/** Typed reads of a function's environment, with errors that name the variable. */
public final class Env {
    private final Map<String, String> variables;

    public Env(Map<String, String> variables) {
        this.variables = Map.copyOf(variables);
    }

    public static Env system() {
        return new Env(System.getenv());
    }

    public String required(String name) {
        String value = variables.get(name);
        if (value == null || value.isBlank()) {
            throw new ConfigException("environment variable " + name + " is required and not set");
        }
        return value.strip();
    }

    /** The variable's value, or {@code defaultValue} when it is not set. */
    public String optional(String name, String defaultValue) {
        String value = variables.get(name);
        return value == null || value.isBlank() ? defaultValue : value.strip();
    }

    public int integer(String name, int defaultValue, int min, int max) {
        String value = variables.get(name);
        if (value == null || value.isBlank()) {
            return defaultValue;
        }
        try {
            int parsed = Integer.parseInt(value.strip());
            if (parsed < min || parsed > max) {
                throw new ConfigException("%s=%d is outside %d..%d".formatted(name, parsed, min, max));
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw new ConfigException(name + " must be a whole number, not '" + value + "'");
        }
    }

    /** {@code true} or {@code false}, any case; {@code defaultValue} when not set; anything else is refused. */
    public boolean bool(String name, boolean defaultValue) {
        String value = optional(name, null);
        if (value == null) {
            return defaultValue;
        }
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new ConfigException(name + " must be true or false, not '" + value + "'");
        };
    }

    /** Invalid configuration: the function refuses to start rather than misbehave later. */
    public static final class ConfigException extends RuntimeException {
        public ConfigException(String message) {
            super(message);
        }
    }
}
