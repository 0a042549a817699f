package dev.sfbridge.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every {@code ./dev up} that CI and the browser test start takes free ports and keeps its log under a target/
 * folder: a fixed port (the status page's 8788 by default) fails the run whenever anything else on the machine holds
 * it, a developer's own {@code ./dev up} for one, and the default log file stays in /tmp for good.
 */
class DevUpInvocationsTest {
    private static final Path ROOT = Path.of(System.getProperty("sfbridge.template")).toAbsolutePath().getParent();
    private static final Pattern SHELL_DEV_UP = Pattern.compile("(?:^|[\\s;&|(])\\./dev\\s+up\\b(.*)");
    /** A shell comment: a # at the start of a line or after a blank. */
    private static final Pattern SHELL_COMMENT = Pattern.compile("(?:^|\\s)#.*");
    private static final Pattern NODE_DEV_UP = Pattern.compile("spawn\\(\\s*\"\\./dev\"\\s*,\\s*\\[\\s*\"up\"(.*?)]", Pattern.DOTALL);
    private static final Pattern STRING_LITERAL = Pattern.compile("\"([^\"]*)\"");

    /** One {@code ./dev up} command line: where it is and its arguments as far as they are written out. */
    record Invocation(String where, List<String> args) {
        List<String> faults() {
            List<String> faults = new ArrayList<>();
            List<String> zeroPorts = new ArrayList<>(List.of("--port", "--status-port"));
            if (!args.contains("--aws-endpoint")) {
                zeroPorts.addAll(List.of("--sqs-port", "--dynamodb-port"));
            }
            zeroPorts.stream().filter(flag -> !"0".equals(valueOf(flag))).forEach(flag -> faults.add(flag + " 0 missing"));
            String logFile = valueOf("--log-file");
            if (logFile == null || !logFile.contains("target/")) {
                faults.add("no --log-file under a target/ folder");
            }
            return faults;
        }

        private String valueOf(String flag) {
            int at = args.lastIndexOf(flag);
            return at >= 0 && at + 1 < args.size() ? args.get(at + 1) : null;
        }
    }

    @Test
    void everyDevUpOfCiAndTheBrowserTestTakesFreePortsAndKeepsItsLogInTarget() throws IOException {
        List<Invocation> invocations = new ArrayList<>();
        for (Path script : scripts()) {
            invocations.addAll(script.toString().endsWith(".mjs") ? fromNode(script) : fromShell(script));
        }
        // the three known to exist: CI's chaos run, LocalStack's scenario, the browser test's stack
        for (String file : List.of(".ci/run", "localstack/ci.sh", "local/e2e/status-page.test.mjs")) {
            assertTrue(invocations.stream().anyMatch(invocation -> invocation.where().startsWith(file + ":")),
                    "found no ./dev up in " + file + ": " + invocations);
        }
        List<String> faults = invocations.stream().filter(invocation -> !invocation.faults().isEmpty())
                .map(invocation -> invocation.where() + " " + invocation.faults()).toList();
        assertEquals(List.of(), faults);
    }

    @Test
    void aDevUpWithoutItsFreeStatusPortOrLogFileIsFound(@TempDir Path folder) throws IOException {
        Path script = Files.writeString(folder.resolve("ci.sh"), """
                # ./dev up in a comment is no invocation
                ./dev up --aws-endpoint "$AWS_ENDPOINT_URL" --port 0 --opportunities 100 \\
                  --exit-after-scenario
                ./dev up --port 0 --status-port 0 --sqs-port 0 --dynamodb-port 9324 --log-file target/x.log
                """);

        List<Invocation> invocations = fromShell(script);

        assertEquals(List.of(List.of("--status-port 0 missing", "no --log-file under a target/ folder"),
                List.of("--dynamodb-port 0 missing")), invocations.stream().map(Invocation::faults).toList());
    }

    private static List<Path> scripts() throws IOException {
        List<Path> scripts = new ArrayList<>(List.of(ROOT.resolve(".ci/run")));
        for (String folder : List.of(".ci", "localstack", "local/e2e")) {
            try (Stream<Path> files = Files.list(ROOT.resolve(folder))) {
                files.filter(file -> file.toString().endsWith(".sh") || file.toString().endsWith(".mjs")).sorted().forEach(scripts::add);
            }
        }
        return scripts;
    }

    /** Each {@code ./dev up} in a shell script, its continued lines joined and comments left out. */
    static List<Invocation> fromShell(Path script) throws IOException {
        List<Invocation> invocations = new ArrayList<>();
        String[] lines = Files.readString(script).split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            int first = i;
            StringBuilder command = new StringBuilder();
            while (lines[i].endsWith("\\") && i + 1 < lines.length) {
                command.append(lines[i], 0, lines[i].length() - 1).append(' ');
                i++;
            }
            command.append(lines[i]);
            Matcher devUp = SHELL_DEV_UP.matcher(SHELL_COMMENT.matcher(command).replaceAll(""));
            if (devUp.find()) {
                List<String> args = Arrays.stream(devUp.group(1).trim().split("\\s+"))
                        .map(arg -> arg.replaceAll("^[\"']|[\"']$", "")).toList();
                invocations.add(new Invocation(ROOT.relativize(script.toAbsolutePath()) + ":" + (first + 1), args));
            }
        }
        return invocations;
    }

    /** Each {@code spawn("./dev", ["up", ...])} of a Node script, with the arguments written as string literals. */
    private static List<Invocation> fromNode(Path script) throws IOException {
        String source = Files.readString(script);
        List<Invocation> invocations = new ArrayList<>();
        Matcher devUp = NODE_DEV_UP.matcher(source);
        while (devUp.find()) {
            int line = (int) source.substring(0, devUp.start()).lines().count();
            invocations.add(new Invocation(ROOT.relativize(script) + ":" + line,
                    STRING_LITERAL.matcher(devUp.group(1)).results().map(literal -> literal.group(1)).toList()));
        }
        return invocations;
    }
}
