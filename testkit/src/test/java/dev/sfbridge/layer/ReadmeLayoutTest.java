package dev.sfbridge.layer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * README's "What is here" table matches the tree (issue 11): every folder at the root, and every function's module,
 * has its row, and every path a row names is there. A folder added without a word in README, or a row left behind
 * by a move, fails here.
 */
class ReadmeLayoutTest {
    private static final Path ROOT = Path.of("..");
    /** Build output; the Python tools' virtualenvs and other dot-folders are not the project's layout either. */
    private static final Set<String> NOT_LAYOUT = Set.of("target");
    private static final Pattern CODE = Pattern.compile("`([^`]+)`");

    @Test
    void everyFolderHasItsRowAndEveryRowItsPath() throws IOException {
        Set<String> named = namedInTable(Files.readString(ROOT.resolve("README.md")));

        List<String> unnamed = new ArrayList<>();
        for (String folder : folders(ROOT)) {
            if (folder.equals("functions")) {
                folders(ROOT.resolve("functions")).stream().map(f -> "functions/" + f + "/")
                        .filter(f -> !named.contains(f)).forEach(unnamed::add);
            } else if (!named.contains(folder + "/")) {
                unnamed.add(folder + "/");
            }
        }
        List<String> missing = named.stream().filter(path -> !Files.exists(ROOT.resolve(path))).toList();

        assertTrue(named.contains("layers/") && named.contains("functions/order-worker/"), "the table was not read: " + named);
        assertEquals(List.of(), unnamed, "folders README's \"What is here\" does not name");
        assertEquals(List.of(), missing, "paths README's \"What is here\" names that are not in the tree");
    }

    @Test
    void theTableIsReadFromItsFirstColumnOnly() {
        String readme = """
                ## What is here

                | path | what it is |
                | --- | --- |
                | `layers/` | code, see `not/a/path` |
                | `template.yaml`, `Makefile` | the SAM application |

                ## Next
                | `elsewhere/` | not in the table |
                """;

        assertEquals(Set.of("layers/", "template.yaml", "Makefile"), namedInTable(readme));
    }

    /** The backquoted paths in the first column of the table under "## What is here". */
    static Set<String> namedInTable(String readme) {
        int start = readme.indexOf("## What is here");
        int end = readme.indexOf("\n## ", start + 1);
        Set<String> named = new TreeSet<>();
        for (String line : readme.substring(start, end < 0 ? readme.length() : end).split("\n")) {
            String[] cells = line.split("\\|");
            if (line.startsWith("|") && cells.length > 2) {
                Matcher code = CODE.matcher(cells[1]);
                while (code.find()) {
                    named.add(code.group(1));
                }
            }
        }
        return named;
    }

    private static List<String> folders(Path dir) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.filter(Files::isDirectory).map(p -> p.getFileName().toString())
                    .filter(name -> !name.startsWith(".") && !NOT_LAYOUT.contains(name)).sorted().toList();
        }
    }
}
