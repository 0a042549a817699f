package dev.sfbridge.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sfbridge.local.template.Intrinsics;
import java.security.SecureRandom;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A secret's value generated as Secrets Manager generates one for a template's GenerateSecretString. */
class GeneratedSecretStringTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Intrinsics intrinsics = new Intrinsics("local", "us-east-1", "000000000000").ref("SalesforceOrgId", "00D1");

    @Test
    void theEndpointKeysAreTheTemplatesObjectWithALongLettersAndDigitsKeyUnderTheOrg() throws Exception {
        GeneratedSecretString keys = new GeneratedSecretString(Map.of("SecretStringTemplate", "{}",
                "GenerateStringKey", Map.of("Ref", "SalesforceOrgId"),
                "PasswordLength", 48, "ExcludePunctuation", true), intrinsics);
        SecureRandom random = new SecureRandom();

        JsonNode first = JSON.readTree(keys.generate(random));
        JsonNode second = JSON.readTree(keys.generate(random));

        assertEquals(1, first.size(), first.toString());
        String key = first.path("00D1").asText();
        assertTrue(key.matches("[A-Za-z0-9]{48}"), key);
        assertTrue(key.matches(".*[A-Z].*") && key.matches(".*[a-z].*") && key.matches(".*[0-9].*"), "each type included: " + key);
        assertNotEquals(key, second.path("00D1").asText(), "a new key each time");
    }

    @Test
    void withoutSettingsItIsThirtyTwoCharactersOfEveryTypeWithPunctuation() {
        String value = new GeneratedSecretString(Map.of(), intrinsics).generate(new SecureRandom());

        assertEquals(32, value.length());
        assertTrue(value.chars().anyMatch(c -> GeneratedSecretString.PUNCTUATION.indexOf(c) >= 0), value);
        assertTrue(value.chars().noneMatch(c -> c == ' '), value);
    }

    @Test
    void excludedCharactersAndTypesNeverAppear() {
        String value = new GeneratedSecretString(Map.of("PasswordLength", "200", "ExcludeUppercase", "true", "ExcludeNumbers", true,
                "ExcludeCharacters", "abcdefghijklm!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}", "IncludeSpace", true), intrinsics).generate(new SecureRandom());

        assertTrue(value.matches("[n-z~ ]{200}"), value);
    }

    @Test
    void aSettingSecretsManagerDoesNotKnowOrAKeyWithoutItsTemplateIsRefused() {
        assertEquals("GenerateSecretString has settings Secrets Manager does not know: [Length]",
                assertThrows(IllegalArgumentException.class, () -> new GeneratedSecretString(Map.of("Length", 48), intrinsics)).getMessage());
        assertEquals("GenerateSecretString's GenerateStringKey and SecretStringTemplate go together",
                assertThrows(IllegalArgumentException.class, () -> new GeneratedSecretString(Map.of("GenerateStringKey", "k"), intrinsics))
                        .getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new GeneratedSecretString(Map.of("GenerateStringKey", "k",
                "SecretStringTemplate", "[]"), intrinsics).generate(new SecureRandom())).getMessage().contains("is not a JSON object"));
    }
}
