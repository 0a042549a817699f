package dev.sfbridge.jwtauthorizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The deploy commands docs/request-reply.md gives for the authorizer's key, run as a shell runs them and read by SAM
 * CLI's own {@code --parameter-overrides} (the {@code .venv-sam} that {@code ./dev sam} makes; skipped without it):
 * SAM splits its overrides at spaces unless a value is quoted for SAM itself, and a PEM cut at its first space
 * ({@code -----BEGIN}) deploys and then stops the authorizer at start, every call a 500. The template's AllowedPattern
 * refuses such a value at deploy as well.
 */
class DeployCommandTest {
    private static final Path ROOT = Path.of("../..").toAbsolutePath().normalize();
    private static final Path SAM_PYTHON = ROOT.resolve(".venv-sam/bin/python");
    private static final Pattern SHELL_BLOCK = Pattern.compile("```sh\n(.*?)```", Pattern.DOTALL);
    private static final Pattern ALLOWED_PATTERN = Pattern.compile(
            "\n  RequestReplyJwtPublicKeys:\n(?:    .*\n)*?    AllowedPattern: '([^']*)'\n");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path directory;

    @Test
    void everyDocumentedDeployHandsTheWholePemToTheStack() throws Exception {
        assumeTrue(Files.isExecutable(SAM_PYTHON), "no .venv-sam: ./dev sam --version makes it");
        String certificate = TestKeys.SelfSigned.create(Files.createDirectory(directory.resolve("keytool"))).certificatePem();
        String next = TestKeys.publicKeyPem(TestKeys.rsa(2048));
        Files.writeString(directory.resolve("SFBridge_Request_Reply.crt"), certificate);
        Files.writeString(directory.resolve("SFBridge_Request_Reply_2.crt"), next);
        List<String> commands = deployCommands();
        assertEquals(2, commands.size(), "the first deploy and the rotation's: " + commands);

        for (String command : commands) {
            JsonNode parameters = samParameters(command);

            String keys = parameters.path("RequestReplyJwtPublicKeys").asText();
            // $(cat …) drops the last newline, nothing else
            String expected = command.contains("_2.crt") ? certificate + next : certificate;
            assertEquals(expected.strip(), keys, command);
            assertEquals(command.contains("_2.crt") ? 2 : 1, PublicKeys.fromPem(keys).size());
            assertTrue(templateAllows(keys), "the template's AllowedPattern refuses " + keys);
            assertEquals("JwtAuthorizer", parameters.path("RequestReplyAuth").asText(), command);
        }
    }

    /** The command the docs gave before: SAM reads the key as {@code -----BEGIN}; the parser here is SAM's own. */
    @Test
    void aKeyNotQuotedForSamIsCutAtItsFirstSpaceAndTheTemplateRefusesWhatIsLeft() throws Exception {
        assumeTrue(Files.isExecutable(SAM_PYTHON), "no .venv-sam: ./dev sam --version makes it");
        Files.writeString(directory.resolve("SFBridge_Request_Reply.crt"), TestKeys.publicKeyPem(TestKeys.rsa(2048)));

        String keys = samParameters("sam deploy --parameter-overrides RequestReplyJwtPublicKeys=\"$(cat SFBridge_Request_Reply.crt)\"")
                .path("RequestReplyJwtPublicKeys").asText();

        assertEquals("-----BEGIN", keys);
        assertFalse(templateAllows(keys));
    }

    @Test
    void theTemplateTakesWholePemBlocksOrNothing() throws IOException {
        String key = TestKeys.publicKeyPem(TestKeys.rsa(2048));
        assertTrue(templateAllows(""), "the default, for AWS_IAM");
        assertTrue(templateAllows(key));
        assertTrue(templateAllows(key + key));
        assertFalse(templateAllows("-----BEGIN"));
        assertFalse(templateAllows(key.substring(0, key.length() / 2)));
        assertFalse(templateAllows("MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA"));
    }

    /** The docs' {@code sh} blocks that deploy the key. */
    private static List<String> deployCommands() throws IOException {
        List<String> commands = new ArrayList<>();
        Matcher block = SHELL_BLOCK.matcher(Files.readString(ROOT.resolve("docs/request-reply.md")));
        while (block.find()) {
            if (block.group(1).contains("sam deploy") && block.group(1).contains("RequestReplyJwtPublicKeys")) {
                commands.add(block.group(1));
            }
        }
        return commands;
    }

    /** The command run by bash in the test's directory, {@code sam} standing in for SAM CLI's parsing of its arguments. */
    private JsonNode samParameters(String command) throws IOException, InterruptedException {
        List<Process> pipeline = ProcessBuilder.startPipeline(List.of(
                new ProcessBuilder("bash", "-c", "set -e\nsam() { printf '%s\\0' \"$@\"; }\n" + command)
                        .directory(directory.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT),
                new ProcessBuilder(SAM_PYTHON.toString(), ROOT.resolve(
                        "functions/jwt-authorizer/src/test/resources/sam_parameter_overrides.py").toString())
                        .redirectError(ProcessBuilder.Redirect.INHERIT)));
        try {
            Process sam = pipeline.getLast();
            byte[] out = sam.getInputStream().readAllBytes();
            assertTrue(sam.waitFor(60, TimeUnit.SECONDS), "SAM CLI's parser did not finish");
            assertEquals(0, sam.exitValue(), "SAM CLI refused: " + command);
            return JSON.readTree(new String(out, StandardCharsets.UTF_8));
        } finally {
            pipeline.forEach(Process::destroyForcibly);
        }
    }

    private static boolean templateAllows(String keys) throws IOException {
        Matcher definition = ALLOWED_PATTERN.matcher(Files.readString(ROOT.resolve("template.yaml")));
        assertTrue(definition.find(), "template.yaml's RequestReplyJwtPublicKeys has no AllowedPattern");
        // CloudFormation's regular expressions are Java's, matched against the whole value
        return Pattern.matches(definition.group(1), keys);
    }
}
