package dev.sfbridge.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class GroupedCsvFileTest {
    @Test
    void rowsOfOneParentAreTogetherInsideAChunkAndTheSizeCountsEveryByte() throws IOException {
        Path written;
        try (GroupedCsvFile csv = new GroupedCsvFile(List.of("Key__c", "Parent__r.Number__c", "Note__c"))) {
            csv.add("C-2", "INV-1", List.of("INV-1", "C-2", "Zürich"));
            csv.add("C-1", "INV-2", List.of("INV-2", "C-1", "a,b"));
            csv.add("C-2", "INV-3", List.of("INV-3", "C-2", "x"));
            csv.add("C-1", "INV-0", List.of("INV-0", "C-1", "y"));
            written = csv.finish();

            assertEquals("""
                    Key__c,Parent__r.Number__c,Note__c
                    INV-0,C-1,y
                    INV-2,C-1,"a,b"
                    INV-1,C-2,Zürich
                    INV-3,C-2,x
                    """, Files.readString(written));
            assertEquals(Files.size(written), csv.bytes());
            assertEquals(4, csv.rows());
        }
        assertFalse(Files.exists(written), "closed: the temporary file is gone");
    }

    @Test
    void groupingIsPerChunkSoMemoryHoldsOneChunkNotTheJob() throws IOException {
        try (GroupedCsvFile csv = new GroupedCsvFile(List.of("Key__c", "Parent__c"))) {
            for (int i = 0; i < GroupedCsvFile.CHUNK_ROWS + 2; i++) {
                String parent = i % 2 == 0 ? "B" : "A";
                csv.add(parent, "K%06d".formatted(i), List.of("K%06d".formatted(i), parent));
            }
            List<String> lines = new ArrayList<>(Files.readAllLines(csv.finish()));

            // the first chunk sorted on its own (A's then B's), the two rows of the second after it
            assertEquals("K000001,A", lines.get(1));
            assertEquals("K000000,B", lines.get(GroupedCsvFile.CHUNK_ROWS / 2 + 1));
            assertEquals(List.of("K010001,A", "K010000,B"), lines.subList(lines.size() - 2, lines.size()));
        }
    }
}
