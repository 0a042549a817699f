package dev.sfbridge.bulk;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;

class BulkCsvTest {
    @Test
    void plainValuesAreWrittenBareAndTheLineEndsWithLf() {
        assertEquals("INV-1,C-1,120.50\n", BulkCsv.line(List.of("INV-1", "C-1", "120.50")));
    }

    @Test
    void commasQuotesAndLineBreaksAreQuotedWithTheQuotesDoubled() {
        assertEquals("\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",\"cr\r\nlf\"\n",
                BulkCsv.line(List.of("a,b", "say \"hi\"", "two\nlines", "cr\r\nlf")));
    }

    @Test
    void edgeSpacesAreQuotedSoNoReaderTrimsThem() {
        assertEquals("\" padded \",x\n", BulkCsv.line(List.of(" padded ", "x")));
    }

    @Test
    void everyAwkwardValueReadsBackExactlyUnderItsColumn() throws IOException {
        List<String> header = List.of("Id__c", "Description__c", "Empty__c", "City__c");
        List<List<String>> rows = List.of(
                List.of("1", "Line one, with \"quotes\"\nline two", "", "Zürich"),
                List.of("2", "東京 — ✓ emoji 🧾", "", " São Paulo "),
                List.of("3", "\"", "#N/A", ",,,"));
        StringBuilder csv = new StringBuilder(BulkCsv.line(header));
        rows.forEach(row -> csv.append(BulkCsv.line(row)));

        List<List<String>> read = new ArrayList<>();
        try (CSVParser parser = BulkCsv.reader(new StringReader(csv.toString()))) {
            assertEquals(header, parser.getHeaderNames());
            for (CSVRecord record : parser) {
                read.add(record.toList());
            }
        }

        assertEquals(rows, read);
    }
}
