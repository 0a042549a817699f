package dev.sfbridge.local;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sfbridge.local.template.Intrinsics;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A secret's value as Secrets Manager generates it for a template's {@code GenerateSecretString} (CloudFormation's
 * AWS::SecretsManager::Secret GenerateSecretString, Secrets Manager's GetRandomPassword): {@code PasswordLength}
 * characters (32 when unset) drawn from the upper- and lowercase letters, digits and punctuation it does not exclude
 * (and the space with {@code IncludeSpace}), with at least one of each type it includes unless
 * {@code RequireEachIncludedType} is false; put under {@code GenerateStringKey} in the JSON object
 * {@code SecretStringTemplate}, or the whole value without them.
 */
final class GeneratedSecretString {
    /** The punctuation Secrets Manager draws from unless {@code ExcludePunctuation} (GetRandomPassword's documentation). */
    static final String PUNCTUATION = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";
    private static final int DEFAULT_LENGTH = 32;
    private static final Set<String> SETTINGS = Set.of("ExcludeCharacters", "ExcludeLowercase", "ExcludeNumbers", "ExcludePunctuation",
            "ExcludeUppercase", "GenerateStringKey", "IncludeSpace", "PasswordLength", "RequireEachIncludedType", "SecretStringTemplate");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, Object> settings;
    private final Intrinsics intrinsics;

    /** @param settings the template's {@code GenerateSecretString}, values as written: resolved by {@code intrinsics} */
    GeneratedSecretString(Map<String, Object> settings, Intrinsics intrinsics) {
        Set<String> unknown = new TreeSet<>(settings.keySet());
        unknown.removeAll(SETTINGS);
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("GenerateSecretString has settings Secrets Manager does not know: " + unknown);
        }
        if (settings.containsKey("GenerateStringKey") != settings.containsKey("SecretStringTemplate")) {
            throw new IllegalArgumentException("GenerateSecretString's GenerateStringKey and SecretStringTemplate go together");
        }
        this.settings = settings;
        this.intrinsics = intrinsics;
    }

    /** A new value: the template's JSON with the generated string under its key, or the generated string alone. */
    String generate(SecureRandom random) {
        String generated = randomString(random);
        if (!settings.containsKey("GenerateStringKey")) {
            return generated;
        }
        try {
            if (!(JSON.readTree(intrinsics.resolve(settings.get("SecretStringTemplate"))) instanceof ObjectNode object)) {
                throw new IllegalArgumentException("GenerateSecretString's SecretStringTemplate is not a JSON object");
            }
            object.put(intrinsics.resolve(settings.get("GenerateStringKey")), generated);
            return JSON.writeValueAsString(object);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("GenerateSecretString's SecretStringTemplate is not JSON: " + e.getOriginalMessage());
        }
    }

    private String randomString(SecureRandom random) {
        String excluded = setting("ExcludeCharacters", "");
        List<String> types = new ArrayList<>();
        addUnlessExcluded(types, "ExcludeUppercase", "ABCDEFGHIJKLMNOPQRSTUVWXYZ", excluded);
        addUnlessExcluded(types, "ExcludeLowercase", "abcdefghijklmnopqrstuvwxyz", excluded);
        addUnlessExcluded(types, "ExcludeNumbers", "0123456789", excluded);
        addUnlessExcluded(types, "ExcludePunctuation", PUNCTUATION, excluded);
        if (Boolean.parseBoolean(setting("IncludeSpace", "false")) && !excluded.contains(" ")) {
            types.add(" ");
        }
        int length = Integer.parseInt(setting("PasswordLength", Integer.toString(DEFAULT_LENGTH)));
        boolean eachType = Boolean.parseBoolean(setting("RequireEachIncludedType", "true"));
        if (types.isEmpty() || length < 1 || eachType && length < types.size()) {
            throw new IllegalArgumentException("GenerateSecretString leaves no " + length + "-character string to generate");
        }
        String all = String.join("", types);
        while (true) {
            StringBuilder value = new StringBuilder(length);
            for (int i = 0; i < length; i++) {
                value.append(all.charAt(random.nextInt(all.length())));
            }
            if (!eachType || types.stream().allMatch(type -> value.chars().anyMatch(c -> type.indexOf(c) >= 0))) {
                return value.toString();
            }
        }
    }

    private void addUnlessExcluded(List<String> types, String exclusion, String characters, String excluded) {
        if (!Boolean.parseBoolean(setting(exclusion, "false"))) {
            String kept = characters.chars().filter(c -> excluded.indexOf(c) < 0)
                    .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
            if (!kept.isEmpty()) {
                types.add(kept);
            }
        }
    }

    private String setting(String name, String otherwise) {
        return settings.containsKey(name) ? intrinsics.resolve(settings.get(name)) : otherwise;
    }
}
