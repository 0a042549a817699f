package dev.sfbridge.local;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** {@code ./dev up} run in the test's JVM, as {@link DevUp#main} runs it: its exit status checked, its output kept. */
final class DevUpRun {
    private DevUpRun() {
    }

    /**
     * @param common the test class's own flags (ports, template, log file), given before {@code flags}
     * @return what it printed on its output and its error output, together
     */
    static String output(int expectedStatus, List<String> common, String... flags) throws Exception {
        List<String> args = new ArrayList<>(common);
        args.addAll(List.of(flags));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        int status = DevUp.run(out, out, args.toArray(String[]::new));
        String output = bytes.toString(StandardCharsets.UTF_8);
        assertEquals(expectedStatus, status, output);
        return output;
    }
}
