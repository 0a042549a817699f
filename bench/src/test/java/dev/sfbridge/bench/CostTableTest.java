package dev.sfbridge.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.AssertionFailedError;

/** bench/cost.py against docs/cost.md: the committed table is what the script makes of the committed usage. */
class CostTableTest {
    private static final Path ROOT = Path.of(System.getProperty("sfbridge.root", ".."));
    private static final Pattern TOTAL = Pattern.compile("\\| \\*\\*total\\*\\* \\| \\| \\| \\*\\*([0-9,.]+)\\*\\*");
    private static final String BEGIN = "<!-- bench/cost.py: its output, which CostTableTest compares -->\n";
    private static final String END = "<!-- /bench/cost.py -->";
    private static final Duration COST_PY_LIMIT = Duration.ofSeconds(30);

    @Test
    void theScriptPrintsTheTableDocsCostShowsFromTheCommittedUsage() throws Exception {
        String doc = Files.readString(ROOT.resolve("docs/cost.md"));
        int begin = doc.indexOf(BEGIN);
        int end = doc.indexOf(END);
        assertTrue(begin >= 0 && end > begin, "docs/cost.md keeps the script's output between " + BEGIN.strip() + " and " + END);

        assertEquals(doc.substring(begin + BEGIN.length(), end), cost("--from", "docs/cost/usage.json", "--naive", "docs/cost/usage-naive.json"));
    }

    @Test
    void moreWorkerInvocationsCostMore(@TempDir Path dir) throws Exception {
        ObjectMapper json = new ObjectMapper();
        ObjectNode usage = (ObjectNode) json.readTree(ROOT.resolve("docs/cost/usage.json").toFile());
        ObjectNode worker = (ObjectNode) usage.get("lambda").get("OrderWorkerFunction");
        worker.put("billed_ms", worker.get("billed_ms").asLong() * 2);
        Path changed = dir.resolve("usage.json");
        json.writeValue(changed.toFile(), usage);

        String before = cost("--naive", "none");
        String after = cost("--from", changed.toString(), "--naive", "none");

        assertNotEquals(total(before), total(after), after);
        assertTrue(Double.parseDouble(total(after)) > Double.parseDouble(total(before)), before + "\n" + after);
    }

    /** The first design's total. */
    private static String total(String table) {
        Matcher total = TOTAL.matcher(table);
        assertTrue(total.find(), table);
        return total.group(1).replace(",", "");
    }

    private static String cost(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("python3", "bench/cost.py"));
        command.addAll(List.of(args));
        return run(command, COST_PY_LIMIT);
    }

    @Test
    void aScriptThatHangsFailsTheTestWithinItsLimit() {
        long started = System.nanoTime();
        AssertionFailedError failed = assertThrows(AssertionFailedError.class,
                () -> run(List.of("python3", "-c", "print('started', flush=True); import time; time.sleep(600)"), Duration.ofSeconds(1)));

        assertTrue(failed.getMessage().contains("did not end within PT1S") && failed.getMessage().contains("started"), failed.getMessage());
        assertTrue(Duration.ofNanos(System.nanoTime() - started).compareTo(Duration.ofSeconds(60)) < 0, "it did not wait for the script");
    }

    /**
     * Runs a command in the repository's root and returns its output; one that has not ended within the limit is
     * stopped (by its own process handle) and fails the test. The output goes to a file, read after the wait:
     * reading the pipe until its end would wait for a hung script for ever.
     */
    private static String run(List<String> command, Duration limit) throws IOException, InterruptedException {
        Path output = Files.createTempFile("cost-table-test-", ".out");
        Process process = new ProcessBuilder(command).directory(ROOT.toFile()).redirectErrorStream(true)
                .redirectOutput(output.toFile()).start();
        try {
            boolean ended = process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS);
            String out = Files.readString(output, StandardCharsets.UTF_8);
            assertTrue(ended, command + " did not end within " + limit + ":\n" + out);
            assertEquals(0, process.exitValue(), out);
            return out;
        } finally {
            process.destroyForcibly();
            process.waitFor();
            Files.delete(output);
        }
    }
}
