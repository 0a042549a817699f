package dev.sfbridge.bulk;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Reader;
import java.io.Writer;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;

/**
 * The CSV of Bulk API 2.0 jobs (docs/batch-sync.md, "CSV"): RFC 4180 with a header row, comma-separated, records
 * ended by LF (the job's {@code lineEnding}), UTF-8. A value holding a comma, a quote, a line break or edge spaces
 * is quoted, its quotes doubled; line breaks inside a quoted value are kept as they are. Read the same way, so a
 * results file gives back exactly the values that were uploaded.
 */
public final class BulkCsv {
    private static final CSVFormat WRITE = CSVFormat.RFC4180.builder().setRecordSeparator('\n').get();
    private static final CSVFormat READ = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get();

    private BulkCsv() {}

    /** A printer that has written {@code header} as the first row. */
    public static CSVPrinter writer(Writer out, List<String> header) throws IOException {
        CSVPrinter printer = new CSVPrinter(out, WRITE);
        printer.printRecord(header);
        return printer;
    }

    /** One row as a CSV line, LF included: for writers that place lines themselves (grouped, measured against a limit). */
    public static String line(List<String> values) {
        StringWriter line = new StringWriter();
        try {
            new CSVPrinter(line, WRITE).printRecord(values);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return line.toString();
    }

    /** The rows of a CSV whose first row names the columns; read lazily, one row at a time. */
    public static CSVParser reader(Reader in) throws IOException {
        return CSVParser.builder().setReader(in).setFormat(READ).get();
    }
}
